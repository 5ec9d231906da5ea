import { promises as fs } from 'node:fs';
import path from 'node:path';
import { investigateAlert } from '../app/investigate-alert';
import { investigateBundle } from '../app/investigate-bundle';
import { openChangeEventStore } from '../app/change-event-store-factory';
import { createTelemetrySource } from '../app/telemetry-source-factory';
import type { CausaConfig } from '../config';
import { InputError } from '../core/errors';
import { renderMarkdown } from '../core/report/markdown-report';
import { parseArguments, stringFlag } from './argument-parser';
import { checkOutputFile } from './output-file-check';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';
import { REASONER_FLAGS, reasonerEnv, reasonerFor } from './reasoner-options';
import type { Reasoner } from '../core/ports/reasoner';

export const INVESTIGATE_USAGE =
  'causa investigate <bundle-dir> [--format md|json] [--out FILE] [--reasoner offline|llm]\n' +
  '  causa investigate --alert FILE [--at ISO-TIME] [--format md|json] [--out FILE]   (against the configured telemetry, e.g. CAUSA_PROMETHEUS_URL)';

/**
 * `causa investigate <bundle>`: one investigation over a recorded incident, printed as an RCA.
 * `causa investigate --alert FILE`: the alert message in FILE (as the alerting tool posted it),
 * investigated against the configured telemetry source; `--at` says when it was posted. Exits 3
 * (after printing the report) when a telemetry source could not be read at all.
 */
export async function investigateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['format', 'out', 'config', 'alert', 'at', ...REASONER_FLAGS], switches: [] });
  const alertFile = stringFlag(args, 'alert');
  const dir = args.positionals[0] ?? (alertFile ? undefined : io.env.CAUSA_BUNDLE_DIR);
  if ((!dir && !alertFile) || (dir && alertFile) || args.positionals.length > 1) throw new InputError(`usage: ${INVESTIGATE_USAGE}`);
  const format = stringFlag(args, 'format') ?? 'md';
  if (format !== 'md' && format !== 'json') throw new InputError(`--format must be md or json, not "${format}"`);
  const out = stringFlag(args, 'out');
  if (out) await checkOutputFile(path.resolve(io.cwd, out), '--out');
  const env = reasonerEnv(args, io);
  const config = loadCliConfig(env, stringFlag(args, 'config'), { usesConfiguredTelemetry: alertFile !== undefined });
  const reasoner = reasonerFor(config, args, env);
  const report = alertFile
    ? await investigateAlertFile(path.resolve(io.cwd, alertFile), stringFlag(args, 'at'), config, reasoner)
    : (
        await investigateBundle({
          dir: path.resolve(io.cwd, dir!),
          reasoner,
          budget: config.budget,
          thresholds: config.thresholds,
          // The bundle source configured for `serve`, if any, also bounds what is read here.
          limits: config.telemetry.sources.find((source) => source.type === 'bundle')?.limits,
        })
      ).report;
  const rendered = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
  const text = io.redact ? io.redact(rendered) : rendered;
  if (out) {
    await fs.writeFile(path.resolve(io.cwd, out), text);
    io.err(`report written to ${out}\n`);
  } else {
    io.out(text);
  }
  if (report.telemetryProblems.length > 0) {
    io.err(`causa: some telemetry could not be read; the report says so up front:\n${report.telemetryProblems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 3;
  }
  return 0;
}

async function investigateAlertFile(file: string, at: string | undefined, config: CausaConfig, reasoner: Reasoner) {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read the alert file ${file}: ${error.code === 'ENOENT' ? 'it does not exist' : error.message}`);
  });
  if (at !== undefined && Number.isNaN(Date.parse(at))) throw new InputError(`--at must be an ISO 8601 time such as 2024-05-14T09:22:30Z, not "${at}"`);
  const changes = openChangeEventStore(config.store, config.telemetry.sources);
  const source = createTelemetrySource(config.telemetry.sources, { changeEvents: changes?.store });
  try {
    return await investigateAlert({
      source,
      text,
      postedAt: at ?? new Date().toISOString(),
      reasoner,
      budget: config.budget,
      thresholds: config.thresholds,
    });
  } finally {
    await source.close?.();
    await changes?.close();
  }
}
