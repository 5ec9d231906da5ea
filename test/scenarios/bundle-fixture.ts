import { BundleCaseSchema, type BundleCase, type BundleTopology } from '../../src/scenarios/bundle-case-schema';
import { renderScenario } from '../../src/scenarios/scenario-catalog';
import type { ScenarioAnswer } from '../../src/scenarios/scenario-schema';

/** Test helpers: parse a rendered bundle strictly and look for change points in it. */

export interface MetricPoint { t: number; service: string; instance: string; metric: string; value: number }
export interface LogRecord { ts: string; t: number; service: string; instance: string; level: string | null; message: string; traceId: string | null; spanId: string | null }
export interface SpanRow { traceId: string; spanId: string; parentSpanId: string | null; service: string; instance: string; operation: string; start: string; t: number; durationMs: number; error?: boolean }
export interface EventRow { ts: string; t: number; service: string; instance?: string; reason: string; message: string }

export interface ParsedBundle {
  caseFile: BundleCase;
  metrics: MetricPoint[];
  logs: LogRecord[];
  spans: SpanRow[];
  events: EventRow[];
  topology: BundleTopology;
  window: { start: number; end: number };
  baseline: { start: number; end: number };
  alertAt: number;
}

const seconds = (iso: string): number => Date.parse(iso) / 1000;

function jsonLines<T>(text: string | undefined, name: string): T[] {
  if (text === undefined) return [];
  if (!text.endsWith('\n')) throw new Error(`${name} does not end with a newline`);
  return text.slice(0, -1).split('\n').map((line, i) => {
    try {
      return JSON.parse(line) as T;
    } catch (error) {
      throw new Error(`${name}:${i + 1} is not JSON: ${String(error)}`);
    }
  });
}

/** Parses the files of a bundle; throws on any malformed row. */
export function parseBundle(files: Record<string, string>): ParsedBundle {
  const caseFile = BundleCaseSchema.parse(JSON.parse(files['case.json']));
  const [header, ...rows] = files['metrics.csv'].trimEnd().split('\n');
  if (header !== 'timestamp,service,instance,metric,value') throw new Error(`bad metrics header ${header}`);
  const metrics = rows.map((row, i) => {
    const cells = row.split(',');
    if (cells.length !== 5) throw new Error(`metrics.csv:${i + 2} has ${cells.length} columns`);
    const [t, service, instance, metric, value] = cells;
    if (!/^\d+$/.test(t) || !/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`metrics.csv:${i + 2} is not numeric: ${row}`);
    return { t: Number(t), service, instance, metric, value: Number(value) };
  });
  const logs = jsonLines<LogRecord>(files['logs.jsonl'], 'logs.jsonl').map((l) => ({ ...l, t: seconds(l.ts) }));
  const spans = jsonLines<SpanRow>(files['spans.jsonl'], 'spans.jsonl').map((s) => ({ ...s, t: seconds(s.start) }));
  const events = jsonLines<EventRow>(files['events.jsonl'], 'events.jsonl').map((e) => ({ ...e, t: seconds(e.ts) }));
  return {
    caseFile, metrics, logs, spans, events,
    topology: JSON.parse(files['topology.json']) as BundleTopology,
    window: { start: seconds(caseFile.window.start), end: seconds(caseFile.window.end) },
    baseline: { start: seconds(caseFile.baseline!.start), end: seconds(caseFile.baseline!.end) },
    alertAt: seconds(caseFile.alert.firedAt),
  };
}

const cache = new Map<string, { bundle: ParsedBundle; answer: ScenarioAnswer }>();

/** Renders (once per test file) and parses a scenario. */
export function loadScenario(id: string): { bundle: ParsedBundle; answer: ScenarioAnswer } {
  let entry = cache.get(id);
  if (entry === undefined) {
    const { files, answer } = renderScenario(id);
    entry = { bundle: parseBundle(files), answer };
    cache.set(id, entry);
  }
  return entry;
}

/**
 * A metric as a time series: one instance's samples, or (without `instance`) the mean over
 * instances per 15-second scrape.
 */
export function seriesOf(bundle: ParsedBundle, q: { service: string; metric: string; instance?: string }): Array<{ t: number; v: number }> {
  const rows = bundle.metrics.filter((m) => m.service === q.service && m.metric === q.metric && (q.instance === undefined || m.instance === q.instance));
  if (rows.length === 0) throw new Error(`no rows for ${q.service}/${q.metric}/${q.instance ?? '*'}`);
  const buckets = new Map<number, number[]>();
  for (const row of rows) {
    const key = q.instance === undefined ? bundle.window.start + Math.floor((row.t - bundle.window.start) / 15) * 15 : row.t;
    buckets.set(key, [...(buckets.get(key) ?? []), row.value]);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, vs]) => ({ t, v: vs.reduce((a, b) => a + b, 0) / vs.length }));
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean of a series over [from, until). */
export function meanBetween(points: Array<{ t: number; v: number }>, from: number, until: number): number {
  return mean(points.filter((p) => p.t >= from && p.t < until).map((p) => p.v));
}

/**
 * The first time after the baseline at which the series leaves its baseline band (mean ± k·sd,
 * sd at least 2 % of the mean) for `sustain` consecutive samples; undefined when it never does.
 */
export function changeStart(points: Array<{ t: number; v: number }>, baseline: { start: number; end: number }, k = 4, sustain = 2): number | undefined {
  const base = points.filter((p) => p.t >= baseline.start && p.t < baseline.end).map((p) => p.v);
  const m = mean(base);
  const sd = Math.sqrt(mean(base.map((v) => (v - m) ** 2)));
  const threshold = k * Math.max(sd, 0.02 * Math.abs(m), 1e-9);
  const after = points.filter((p) => p.t >= baseline.end);
  for (let i = 0; i + sustain <= after.length; i += 1) {
    if (after.slice(i, i + sustain).every((p) => Math.abs(p.v - m) > threshold)) return after[i].t;
  }
  return undefined;
}

/** Log lines matching a filter. */
export function logsWhere(bundle: ParsedBundle, q: { service?: string; levels?: string[]; text?: string; from?: number; until?: number }): LogRecord[] {
  return bundle.logs.filter((l) =>
    (q.service === undefined || l.service === q.service) &&
    (q.levels === undefined || (l.level !== null && q.levels.includes(l.level))) &&
    (q.text === undefined || l.message.includes(q.text)) &&
    (q.from === undefined || l.t >= q.from) &&
    (q.until === undefined || l.t < q.until));
}
