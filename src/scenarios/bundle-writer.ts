import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CausaError } from '../core/errors';
import type { SpanRecord } from '../core/telemetry/query-results';
import { BundleCaseSchema, type BundleCase, type BundleEvent, type BundleTopology } from './bundle-case-schema';
import { isoMillis, isoNanos, type ScenarioTimeline } from './scenario-timeline';

/** One metrics.csv row; `timestamp` in unix seconds, `instance` empty for service-level series. */
export interface MetricRow {
  timestamp: number;
  service: string;
  instance: string;
  metric: string;
  value: number;
}

/** A log line before serialisation; `t` in unix seconds. */
export interface SimulatedLog {
  t: number;
  service: string;
  instance: string;
  level: string | null;
  message: string;
  traceId: string | null;
  spanId: string | null;
}

/** A span before serialisation; `t` is its start in unix seconds (`start` is derived from it). */
export type SimulatedSpan = Omit<SpanRecord, 'start'> & { t: number };

/**
 * Collects everything a scenario generates and writes it as an incident bundle (case.json,
 * metrics.csv, logs.jsonl, spans.jsonl, events.jsonl, topology.json; plain, not gzipped).
 * Rows are sorted by time on output; ties keep insertion order, so output is deterministic.
 */
export class BundleWriter {
  readonly metrics: MetricRow[] = [];
  readonly logs: SimulatedLog[] = [];
  readonly spans: SimulatedSpan[] = [];
  readonly events: BundleEvent[] = [];
  private topology?: BundleTopology;

  constructor(private readonly timeline: ScenarioTimeline) {}

  addMetric(row: MetricRow): void {
    this.metrics.push(row);
  }

  addLog(line: SimulatedLog): void {
    this.logs.push(line);
  }

  addSpan(span: SimulatedSpan): void {
    this.spans.push(span);
  }

  addEvent(event: BundleEvent): void {
    this.events.push(event);
  }

  setTopology(topology: BundleTopology): void {
    this.topology = topology;
  }

  /**
   * The value a monitor would read at `at`: each instance's mean over `(at − windowSeconds, at]`,
   * combined across instances by `combine`. NaN when no row matches. Alert texts quote it.
   */
  observe(query: {
    service: string;
    metric: string;
    at: number;
    windowSeconds?: number;
    instance?: string;
    combine?: 'sum' | 'mean' | 'max';
  }): number {
    const from = query.at - (query.windowSeconds ?? 60);
    const perInstance = new Map<string, number[]>();
    for (const row of this.metrics) {
      if (row.service !== query.service || row.metric !== query.metric) continue;
      if (query.instance !== undefined && row.instance !== query.instance) continue;
      if (row.timestamp <= from || row.timestamp > query.at) continue;
      const values = perInstance.get(row.instance) ?? [];
      values.push(row.value);
      perInstance.set(row.instance, values);
    }
    const means = [...perInstance.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    if (means.length === 0) return NaN;
    const combine = query.combine ?? 'mean';
    if (combine === 'max') return Math.max(...means);
    const sum = means.reduce((a, b) => a + b, 0);
    return combine === 'sum' ? sum : sum / means.length;
  }

  /** The serialised files, by file name. Throws when a record lies outside the window. */
  render(caseFile: BundleCase): Record<string, string> {
    const parsedCase = BundleCaseSchema.parse(caseFile);
    this.checkInsideWindow();
    const byTime = <T>(items: T[], time: (item: T) => number): T[] =>
      items.map((item, index) => ({ item, index })).sort((a, b) => time(a.item) - time(b.item) || a.index - b.index).map((x) => x.item);
    const files: Record<string, string> = { 'case.json': `${JSON.stringify(parsedCase, null, 2)}\n` };
    const header = 'timestamp,service,instance,metric,value';
    const rows = byTime(this.metrics, (r) => r.timestamp).map(
      (r) => `${r.timestamp},${r.service},${r.instance},${r.metric},${formatValue(r.value)}`,
    );
    files['metrics.csv'] = `${[header, ...rows].join('\n')}\n`;
    if (this.logs.length > 0) {
      files['logs.jsonl'] = jsonLines(
        byTime(this.logs, (l) => l.t).map((l) => ({
          ts: isoMillis(l.t), service: l.service, instance: l.instance, level: l.level,
          message: l.message, traceId: l.traceId, spanId: l.spanId,
        })),
      );
    }
    if (this.spans.length > 0) {
      files['spans.jsonl'] = jsonLines(
        byTime(this.spans, (s) => s.t).map((s) => ({
          traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, service: s.service,
          instance: s.instance, operation: s.operation, start: isoNanos(s.t), durationMs: s.durationMs,
          ...(s.error === true ? { error: true } : {}),
        })),
      );
    }
    if (this.events.length > 0) {
      files['events.jsonl'] = jsonLines(
        byTime(this.events, (e) => e.ts).map((e) => ({
          ts: isoMillis(e.ts), service: e.service, ...(e.instance === undefined ? {} : { instance: e.instance }),
          reason: e.reason, message: e.message,
        })),
      );
    }
    if (this.topology !== undefined) files['topology.json'] = `${JSON.stringify(this.topology, null, 2)}\n`;
    return files;
  }

  /** Writes the bundle into `dir` (created when missing). */
  async write(dir: string, caseFile: BundleCase): Promise<void> {
    await writeBundleFiles(dir, this.render(caseFile));
  }

  private checkInsideWindow(): void {
    const { start, end } = this.timeline;
    const outside = (t: number): boolean => t < start || t > end;
    const bad =
      this.metrics.find((r) => outside(r.timestamp)) ?? this.logs.find((l) => outside(l.t)) ??
      this.spans.find((s) => outside(s.t)) ?? this.events.find((e) => outside(e.ts));
    if (bad !== undefined) {
      throw new CausaError(
        'scenario_invalid',
        `a generated record lies outside the scenario window: ${JSON.stringify(bad)}; keep generators within the timeline`,
      );
    }
  }
}

/** Writes rendered bundle files (name → content) into `dir`, creating it when missing. */
export async function writeBundleFiles(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content, 'utf8');
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) throw new CausaError('scenario_invalid', `metric value ${value} is not finite`);
  return String(Number(value.toFixed(6)));
}

function jsonLines(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
