import { promises as fs } from 'node:fs';
import path from 'node:path';
import { investigateBundle } from '../app/investigate-bundle';
import { InputError } from '../core/errors';
import { renderMarkdown } from '../core/report/markdown-report';
import { OfflineReasoner } from '../reasoning/offline/offline-reasoner';
import { parseArguments, stringFlag } from './argument-parser';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';

export const INVESTIGATE_USAGE = 'causa investigate <bundle-dir> [--format md|json] [--out FILE]';

/** `causa investigate <bundle>`: one investigation over a recorded incident, printed as an RCA. */
export async function investigateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['format', 'out', 'config'], switches: [] });
  const dir = args.positionals[0] ?? io.env.CAUSA_BUNDLE_DIR;
  if (!dir || args.positionals.length > 1) throw new InputError(`usage: ${INVESTIGATE_USAGE}`);
  const format = stringFlag(args, 'format') ?? 'md';
  if (format !== 'md' && format !== 'json') throw new InputError(`--format must be md or json, not "${format}"`);
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  const { report } = await investigateBundle({
    dir: path.resolve(io.cwd, dir),
    reasoner: new OfflineReasoner(),
    budget: config.budget,
    thresholds: config.thresholds,
  });
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
  const out = stringFlag(args, 'out');
  if (out) {
    await fs.writeFile(path.resolve(io.cwd, out), text);
    io.err(`report written to ${out}\n`);
  } else {
    io.out(text);
  }
  return 0;
}
