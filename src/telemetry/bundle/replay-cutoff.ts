import type { SourceCatalog } from '../../core/ports/telemetry-source';
import { metricsAsOf } from './metrics-as-of';
import type { TelemetryQuery } from '../../core/telemetry/query-schemas';
import { timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import type { MetricIndex } from './metric-index';
import { isoSeconds, noData, type QueryAnswer } from './query-answer';

/**
 * Replaying a recording as if live: a simulated "now" past which nothing exists yet. Every query
 * range is clipped to end at now; a range that starts after now has no data yet.
 */
export function clipQueryToNow(query: TelemetryQuery, nowMs: number): { query: TelemetryQuery } | { answer: QueryAnswer } {
  if (query.name === 'metric_catalog') return { query };
  const range = query.params.range;
  if (!range) return { query };
  const clipped = clipRange(range, nowMs);
  if (!clipped) return { answer: noData(`no data yet: the range starts at ${range.start}, after the present moment ${isoSeconds(nowMs)}`) };
  return { query: { ...query, params: { ...query.params, range: clipped } } as TelemetryQuery };
}

/** `range` ending no later than now; undefined when it starts after now. */
export function clipRange(range: TimeRange, nowMs: number): TimeRange | undefined {
  const start = Date.parse(range.start);
  const end = Date.parse(range.end);
  if (start > nowMs) return undefined;
  return end <= nowMs ? range : timeRange(start, nowMs);
}

/** Extents of each signal, to tell which ones hold anything up to now. */
export interface SignalExtents {
  logsMinMs?: number;
  spansMinMs?: number;
  eventsMinMs?: number;
}

/**
 * The catalog as it looks at `nowMs`: the window ends at now, a baseline recorded after now is
 * unknown yet (one straddling now is cut), metrics and signals list only what has a sample up to now.
 */
export function catalogAsOf(catalog: SourceCatalog, nowMs: number, metrics: MetricIndex | undefined, extents: SignalExtents): SourceCatalog {
  const window = catalog.window ? clipRange(catalog.window, nowMs) : undefined;
  const baseline = catalog.baseline ? clipRange(catalog.baseline, nowMs) : undefined;
  const present = metrics ? metricsPresentBy(metricsAsOf(metrics, nowMs), nowMs) : {};
  const before = (ms: number | undefined) => ms !== undefined && ms <= nowMs;
  const { window: _w, baseline: _b, ...rest } = catalog;
  return {
    ...rest,
    metrics: present,
    ...(window ? { window } : {}),
    ...(baseline && Date.parse(baseline.end) > Date.parse(baseline.start) ? { baseline } : {}),
    hasLogs: catalog.hasLogs && before(extents.logsMinMs),
    hasSpans: catalog.hasSpans && before(extents.spansMinMs),
    hasEvents: catalog.hasEvents && before(extents.eventsMinMs),
  };
}

/** service → sorted names of the metrics with at least one sample at or before now. */
function metricsPresentBy(index: MetricIndex, nowMs: number): Record<string, string[]> {
  const names = new Map<string, Set<string>>();
  const nowSec = nowMs / 1000;
  for (const series of index.series) {
    if (series.timestamps.length === 0 || series.timestamps[0] > nowSec) continue;
    if (!names.has(series.service)) names.set(series.service, new Set());
    names.get(series.service)!.add(series.metric);
  }
  return Object.fromEntries([...names.keys()].sort().map((service) => [service, [...names.get(service)!].sort()]));
}
