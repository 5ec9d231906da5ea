import path from 'node:path';
import { InputError } from '../core/errors';
import { runEvaluation } from '../evaluation/evaluation-runner';
import { renderScoreTable } from '../evaluation/scoring';
import { OfflineReasoner } from '../reasoning/offline/offline-reasoner';
import { parseArguments, stringFlag } from './argument-parser';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';

export const EVAL_USAGE = 'causa eval --cases DIR [--answers DIR] --predictions DIR [--only ID,ID] [--json]';

/**
 * `causa eval`: investigates every case folder, writes one predictions file per case and, with
 * answers, prints the score table (AC@k, Avg@5, fault-type@1 per system, time, peak memory).
 */
export async function evalCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['cases', 'answers', 'predictions', 'only', 'config'], switches: ['json', 'quiet'] });
  const cases = stringFlag(args, 'cases');
  const predictions = stringFlag(args, 'predictions');
  if (!cases || !predictions) throw new InputError(`usage: ${EVAL_USAGE}`);
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  const answers = stringFlag(args, 'answers');
  const only = stringFlag(args, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const result = await runEvaluation({
    casesDir: path.resolve(io.cwd, cases),
    answersDir: answers ? path.resolve(io.cwd, answers) : undefined,
    predictionsDir: path.resolve(io.cwd, predictions),
    reasoner: new OfflineReasoner(),
    budget: config.budget,
    thresholds: config.thresholds,
    only,
    onCase: ({ id, index, total, prediction, score }) => {
      if (args.flags.has('quiet')) return;
      const top = prediction.ranking[0];
      const verdict = score ? (score.rank === 1 ? 'hit' : score.rank ? `rank ${score.rank}` : 'miss') : '';
      const failure = prediction.error ? ` FAILED: ${prediction.error}` : '';
      io.err(`[${index + 1}/${total}] ${id} ${(prediction.durationMs / 1000).toFixed(1)}s → ${top ? `${top.service} (${top.faultType}, ${top.confidence})` : 'no candidate'}${prediction.abstained ? ' [abstained]' : ''} ${verdict}${failure}\n`);
    },
  });
  io.out(`predictions written to ${predictions} (${result.predictions.length} cases)\n\n`);
  if (result.scores.length > 0) io.out(renderScoreTable(result.groups, result.peakMemoryMb));
  else io.out(`peak memory (RSS): ${result.peakMemoryMb.toFixed(0)} MB\n`);
  if (args.flags.has('json')) io.out(`${JSON.stringify({ groups: result.groups, peakMemoryMb: Math.round(result.peakMemoryMb) })}\n`);
  return 0;
}
