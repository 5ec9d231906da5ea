import type { Aggregation } from '../../core/telemetry/query-schemas';
import { median } from '../../core/analysis/robust-statistics';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import { aggregate } from './series-combination';

/** Points of one series, ascending in time (unix seconds). */
export interface Points {
  timestamps: number[];
  values: number[];
}

/**
 * Whether a `metric_range` query reads its samples as Prometheus stored them instead of
 * evaluating a range query. A range query stamps each step with the step's time and the latest
 * sample at or before it (up to five minutes old): on a grid that does not fall where the samples
 * do, every sample shows up to a step late, samples before the range leak into it, a missed scrape
 * is filled with the previous value, and with a little jitter in the sampling some samples are
 * dropped and others doubled. At native resolution (no step asked for, the range holding at most
 * the usual number of points at the data's interval) a gauge or a summary quantile, which need no
 * rate, is read as stored: each sample at its own time, as a recording replays it.
 */
export function readsStoredSamples(kind: string, askedStepSeconds: number, intervalSeconds: number | undefined, stepSeconds: number): boolean {
  return askedStepSeconds === 0 && intervalSeconds !== undefined && stepSeconds === intervalSeconds && (kind === 'gauge' || kind === 'summary');
}

/**
 * The instant query (at the range's end) that returns the samples of `selector` in `range` as
 * stored: a range selector one second longer than the range, since Prometheus 2 includes a
 * selector's first instant and Prometheus 3 does not. `samplesIn` drops what lies before the range.
 */
export function storedSamplesPromQL(selector: string, range: TimeRange): string {
  const { startMs, endMs } = rangeMs(range);
  return `${selector}[${Math.ceil((endMs - startMs) / 1000) + 1}s]`;
}

/** The samples of a range-selector answer that lie in `range` (both ends included). */
export function samplesIn(values: ReadonlyArray<[number, string]>, range: TimeRange): Points {
  const { startMs, endMs } = rangeMs(range);
  const kept = values.filter(([t]) => t * 1000 >= startMs && t * 1000 <= endMs);
  return { timestamps: kept.map(([t]) => t), values: kept.map(([, v]) => Number(v)) };
}

/**
 * Several series' samples as one. A lone series keeps its own timestamps. Several series (the
 * instances of a service, the containers of a pod) sample at slightly different seconds, so their
 * samples are put into buckets of their sampling interval (the median gap between samples), each
 * bucket stamped with its start: a series' samples in one bucket are averaged, and `aggregation`
 * combines the series in each bucket.
 */
export function mergeStored(members: readonly Points[], aggregation: Aggregation): Points {
  const present = members.filter((m) => m.timestamps.length > 0);
  if (present.length === 0) return { timestamps: [], values: [] };
  if (present.length === 1) return { timestamps: [...present[0].timestamps], values: [...present[0].values] };
  const width = samplingInterval(present);
  const buckets = new Map<number, number[]>();
  for (const member of present) {
    const own = new Map<number, number[]>();
    member.timestamps.forEach((t, i) => {
      const bucket = Math.floor(t / width) * width;
      (own.get(bucket) ?? own.set(bucket, []).get(bucket)!).push(member.values[i]);
    });
    for (const [bucket, values] of own) (buckets.get(bucket) ?? buckets.set(bucket, []).get(bucket)!).push(values.reduce((a, b) => a + b, 0) / values.length);
  }
  const timestamps = [...buckets.keys()].sort((a, b) => a - b);
  return { timestamps, values: timestamps.map((t) => aggregate(buckets.get(t)!, aggregation)) };
}

/** The median gap between consecutive samples of the series, whole seconds, at least one. */
function samplingInterval(members: readonly Points[]): number {
  const gaps = members.flatMap((m) => m.timestamps.slice(1).map((t, i) => t - m.timestamps[i])).filter((g) => g > 0);
  return gaps.length === 0 ? 1 : Math.max(1, Math.round(median(gaps)));
}
