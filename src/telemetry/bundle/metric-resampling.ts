import type { Aggregation } from '../../core/telemetry/query-schemas';
import type { StoredSeries } from './metric-index';
import { aggregate, mean, quantileSorted } from './statistics';

/** The points `[from, to)` of one stored series that fall in the queried range. */
export interface PointSlice {
  series: StoredSeries;
  from: number;
  to: number;
}

/**
 * Merges the slices of one group into a single series. Points are bucketed by `stepSeconds`; with
 * step 0 a lone series keeps its raw timestamps, while several series (instances of a service)
 * are bucketed by their natural sampling interval, because instances sample at slightly different
 * seconds. A bucket is stamped with its start. Every aggregation reduces all raw points of the
 * bucket, except `sum`, which adds up each series' mean in the bucket (a service total that does
 * not grow with the number of samples per step).
 */
export function resampleGroup(
  slices: PointSlice[],
  stepSeconds: number,
  aggregation: Aggregation,
): { timestamps: number[]; values: number[] } {
  const width = stepSeconds > 0 ? stepSeconds : slices.length > 1 ? naturalInterval(slices) : 0;
  const buckets = new Map<number, number[][]>();
  slices.forEach(({ series, from, to }, member) => {
    for (let i = from; i < to; i++) {
      const ts = series.timestamps[i];
      const bucket = width > 0 ? Math.floor(ts / width) * width : ts;
      let perMember = buckets.get(bucket);
      if (!perMember) buckets.set(bucket, (perMember = []));
      (perMember[member] ??= []).push(series.values[i]);
    }
  });
  const timestamps = [...buckets.keys()].sort((a, b) => a - b);
  const values = timestamps.map((bucket) => reduceBucket(buckets.get(bucket)!, aggregation));
  return { timestamps, values };
}

function reduceBucket(perMember: number[][], aggregation: Aggregation): number {
  const members = perMember.filter((values) => values !== undefined);
  if (aggregation === 'sum') return members.reduce((sum, values) => sum + mean(values), 0);
  return aggregate(members.flat(), aggregation);
}

/** Median spacing of consecutive samples of the whole series, whole seconds (0 when unknown). */
export function naturalInterval(slices: PointSlice[]): number {
  const gaps: number[] = [];
  for (const { series } of slices) {
    for (let i = 1; i < series.timestamps.length; i++) {
      const gap = series.timestamps[i] - series.timestamps[i - 1];
      if (gap > 0) gaps.push(gap);
    }
  }
  if (gaps.length === 0) return 0;
  return Math.max(1, Math.round(quantileSorted(gaps.sort((a, b) => a - b), 0.5)));
}
