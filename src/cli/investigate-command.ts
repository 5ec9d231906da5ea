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
import type { Report } from '../core/report/report-schema';
import { reportChartMaker } from '../app/report-charts';
import type { ReportChart } from '../charts/report-chart';
import { BundleSource } from '../telemetry/bundle';

export const INVESTIGATE_USAGE =
  'causa investigate <bundle-dir> [--format md|json] [--out FILE] [--reasoner offline|llm]\n' +
  '  causa investigate --alert FILE [--at ISO-TIME] [--format md|json] [--out FILE]   (against the configured telemetry, e.g. CAUSA_PROMETHEUS_URL)';

/**
 * `causa investigate <bundle>`: one investigation over a recorded incident, printed as an RCA.
 * `causa investigate --alert FILE`: the alert message in FILE (as the alerting tool posted it),
 * investigated against the configured telemetry source; `--at` says when it was posted. With
 * `--out`, the report's charts (PNG) are written beside the file. Exits 3
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
  // Charts are drawn only for a report written to a file: they are written beside it.
  const charting = out !== undefined;
  const { report, charts } = alertFile
    ? await investigateAlertFile(path.resolve(io.cwd, alertFile), stringFlag(args, 'at'), config, reasoner, charting)
    : await investigateBundleDir(path.resolve(io.cwd, dir!), config, reasoner, charting);
  const rendered = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report, { charts });
  const text = io.redact ? io.redact(rendered) : rendered;
  if (out) {
    const target = path.resolve(io.cwd, out);
    await fs.writeFile(target, text);
    for (const chart of charts) await fs.writeFile(path.join(path.dirname(target), chart.fileName), chart.png);
    io.err(`report written to ${out}${charts.length > 0 ? ` with ${charts.map((c) => c.fileName).join(', ')} beside it` : ''}\n`);
  } else {
    io.out(text);
  }
  if (report.telemetryProblems.length > 0) {
    io.err(`causa: some telemetry could not be read; the report says so up front:\n${report.telemetryProblems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 3;
  }
  return 0;
}

async function investigateBundleDir(dir: string, config: CausaConfig, reasoner: Reasoner, charting: boolean): Promise<{ report: Report; charts: ReportChart[] }> {
  // The bundle source configured for `serve`, if any, also bounds what is read here.
  const source = await BundleSource.open(dir, { limits: config.telemetry.sources.find((s) => s.type === 'bundle')?.limits });
  try {
    const { report } = await investigateBundle({ dir, source, reasoner, budget: config.budget, thresholds: config.thresholds });
    return { report, charts: charting ? await reportChartMaker(source)(report) : [] };
  } finally {
    await source.close?.();
  }
}

async function investigateAlertFile(file: string, at: string | undefined, config: CausaConfig, reasoner: Reasoner, charting: boolean): Promise<{ report: Report; charts: ReportChart[] }> {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read the alert file ${file}: ${error.code === 'ENOENT' ? 'it does not exist' : error.message}`);
  });
  if (at !== undefined && Number.isNaN(Date.parse(at))) throw new InputError(`--at must be an ISO 8601 time such as 2024-05-14T09:22:30Z, not "${at}"`);
  const changes = openChangeEventStore(config.store, config.telemetry.sources);
  const source = createTelemetrySource(config.telemetry.sources, { changeEvents: changes?.store });
  try {
    const report = await investigateAlert({
      source,
      text,
      postedAt: at ?? new Date().toISOString(),
      reasoner,
      budget: config.budget,
      thresholds: config.thresholds,
    });
    return { report, charts: charting ? await reportChartMaker(source)(report) : [] };
  } finally {
    await source.close?.();
    await changes?.close();
  }
}
