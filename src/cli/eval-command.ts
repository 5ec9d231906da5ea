import path from 'node:path';
import { InputError } from '../core/errors';
import { runEvaluation } from '../evaluation/evaluation-runner';
import { renderScoreTable } from '../evaluation/scoring';
import { parseArguments, stringFlag, type ParsedArguments } from './argument-parser';
import type { FollowUpSettings } from '../core/follow-up/follow-up-policy';
import type { LiveReplaySettings } from '../evaluation/live-replay';
import { renderLiveTable } from '../evaluation/live-scoring';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';
import { REASONER_FLAGS, reasonerEnv, reasonerFor } from './reasoner-options';

export const EVAL_USAGE = 'causa eval --cases DIR [--answers DIR] --predictions DIR [--only ID,ID] [--reasoner offline|llm] [--live-replay [--alert-delay SECONDS]] [--json]';

/**
 * `causa eval`: investigates every case folder, writes one predictions file per case and, with
 * answers, prints the score table (AC@k, Avg@5, fault-type@1 per system, time, peak memory).
 */
export async function evalCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['cases', 'answers', 'predictions', 'only', 'config', 'alert-delay', ...REASONER_FLAGS], switches: ['json', 'quiet', 'live-replay'] });
  const cases = stringFlag(args, 'cases');
  const predictions = stringFlag(args, 'predictions');
  if (!cases || !predictions) throw new InputError(`usage: ${EVAL_USAGE}`);
  const env = reasonerEnv(args, io);
  const config = loadCliConfig(env, stringFlag(args, 'config'), { usesConfiguredTelemetry: false });
  const reasoner = reasonerFor(config, args, env);
  const answers = stringFlag(args, 'answers');
  const liveReplay = liveReplaySettings(args, config.followUps);
  const only = stringFlag(args, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const result = await runEvaluation({
    casesDir: path.resolve(io.cwd, cases),
    answersDir: answers ? path.resolve(io.cwd, answers) : undefined,
    predictionsDir: path.resolve(io.cwd, predictions),
    reasoner,
    budget: config.budget,
    thresholds: config.thresholds,
    only,
    ...(liveReplay ? { liveReplay } : {}),
    onCase: ({ id, index, total, prediction, score, answerProblem }) => {
      if (answerProblem) io.err(`causa eval: ${answerProblem}\n`);
      if (args.flags.has('quiet')) return;
      const top = prediction.ranking[0];
      const verdict = score ? (score.rank === 1 ? 'hit' : score.rank ? `rank ${score.rank}` : 'miss') : '';
      const failure = prediction.error ? ` FAILED: ${prediction.error}` : '';
      const tokens = prediction.tokens > 0 ? ` ${prediction.tokens} tokens` : '';
      const live = prediction.firstRanking ? ` first ${prediction.firstAbstained ? 'abstained' : prediction.firstRanking[0]?.service ?? 'none'} (${prediction.firstConfidence ?? 0}), ${prediction.looks} looks, final after ${Math.round((prediction.finalAfterMs ?? 0) / 1000)}s;` : '';
      io.err(`[${index + 1}/${total}] ${id}${live} ${(prediction.durationMs / 1000).toFixed(1)}s${tokens} → ${top ? `${top.service} (${top.faultType}, ${top.confidence})` : 'no candidate'}${prediction.abstained ? ' [abstained]' : ''} ${verdict}${failure}\n`);
    },
  });
  io.out(`predictions written to ${predictions} (${result.predictions.length} cases, reasoner ${reasoner.name})\n\n`);
  if (result.scores.length > 0) io.out(renderScoreTable(result.groups, result.peakMemoryMb));
  if (liveReplay && result.liveGroups) io.out(`\n${renderLiveTable(result.liveGroups, { alertDelayMs: liveReplay.alertDelayMs, confidentAt: liveReplay.followUps.confidentAt })}`);
  else io.out(`peak memory (RSS): ${result.peakMemoryMb.toFixed(0)} MB\n`);
  io.out(`${tokenLine(result.predictions)}\n`);
  if (args.flags.has('json')) io.out(`${JSON.stringify({ reasoner: reasoner.name, groups: result.groups, ...(result.liveGroups ? { live: result.liveGroups } : {}), peakMemoryMb: Math.round(result.peakMemoryMb), tokens: tokenTotals(result.predictions) })}\n`);
  return 0;
}

/** `--live-replay [--alert-delay SECONDS]`: replays each case as if live, follow-ups as configured. */
function liveReplaySettings(args: ParsedArguments, followUps: FollowUpSettings): LiveReplaySettings | undefined {
  const delay = stringFlag(args, 'alert-delay');
  if (!args.flags.has('live-replay')) {
    if (delay !== undefined) throw new InputError('--alert-delay needs --live-replay');
    return undefined;
  }
  const seconds = delay === undefined ? 0 : Number(delay);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) throw new InputError(`--alert-delay must be a number of seconds from 0 to 86400, got "${delay}"`);
  return { alertDelayMs: seconds * 1000, firstLookMs: 60_000, followUps };
}

function tokenTotals(predictions: ReadonlyArray<{ tokens: number; toolCalls: number }>): { total: number; perInvestigation: number; toolCallsPerInvestigation: number } {
  const n = Math.max(1, predictions.length);
  const total = predictions.reduce((sum, p) => sum + p.tokens, 0);
  const calls = predictions.reduce((sum, p) => sum + p.toolCalls, 0);
  return { total, perInvestigation: Math.round(total / n), toolCallsPerInvestigation: Math.round((calls / n) * 10) / 10 };
}

/** LLM tokens (from the model's usage fields) and telemetry queries, per investigation. */
function tokenLine(predictions: ReadonlyArray<{ tokens: number; toolCalls: number }>): string {
  const t = tokenTotals(predictions);
  return `LLM tokens: ${t.total} in total, ${t.perInvestigation} per investigation · telemetry queries (tool calls): ${t.toolCallsPerInvestigation} per investigation`;
}
