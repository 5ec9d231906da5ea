/**
 * Cutting and resampling series given as parallel arrays of unix-second timestamps and values,
 * so series from different sources (1 s, 1 min, 5 min, pods reporting at different seconds of
 * the minute) can be compared on a common grid.
 */
import { InputError } from '../errors';

/** Parallel arrays of timestamps (unix seconds, ascending) and values. */
export interface TimedValues {
  timestamps: number[];
  values: number[];
}

/** How the points falling into one resampling bucket are combined. */
export type Aggregation = 'avg' | 'max' | 'sum';

/**
 * The points with startSec ≤ timestamp ≤ endSec (a closed interval, like TimeRange), in input
 * order. Extra entries of the longer array are ignored.
 */
export function sliceByTime(
  timestamps: readonly number[],
  values: readonly number[],
  startSec: number,
  endSec: number,
): TimedValues {
  const result: TimedValues = { timestamps: [], values: [] };
  const n = Math.min(timestamps.length, values.length);
  for (let i = 0; i < n; i++) {
    if (timestamps[i] >= startSec && timestamps[i] <= endSec) {
      result.timestamps.push(timestamps[i]);
      result.values.push(values[i]);
    }
  }
  return result;
}

/**
 * Buckets the series on a grid of `stepSec` aligned to the epoch (bucket = floor(t / step) · step,
 * so independently resampled series share timestamps) and aggregates each bucket. Non-finite
 * values are ignored; buckets without a finite value are omitted, not filled, so gaps stay
 * visible. Output is ascending by bucket start.
 * @throws InputError when `stepSec` is not a positive number.
 */
export function resample(
  timestamps: readonly number[],
  values: readonly number[],
  stepSec: number,
  aggregation: Aggregation,
): TimedValues {
  if (!(Number.isFinite(stepSec) && stepSec > 0)) {
    throw new InputError(`resample step must be a positive number of seconds, got ${stepSec}`);
  }
  const buckets = new Map<number, number[]>();
  const n = Math.min(timestamps.length, values.length);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]) || !Number.isFinite(timestamps[i])) continue;
    const bucket = Math.floor(timestamps[i] / stepSec) * stepSec;
    const list = buckets.get(bucket);
    if (list) list.push(values[i]);
    else buckets.set(bucket, [values[i]]);
  }
  const starts = [...buckets.keys()].sort((a, b) => a - b);
  return {
    timestamps: starts,
    values: starts.map((start) => aggregate(buckets.get(start)!, aggregation)),
  };
}

function aggregate(points: readonly number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case 'max':
      return Math.max(...points);
    case 'sum':
      return points.reduce((sum, x) => sum + x, 0);
    case 'avg':
      return points.reduce((sum, x) => sum + x, 0) / points.length;
  }
}
