import type { Aggregation } from '../../core/telemetry/query-schemas';

/** Quantile `q` (0..1) of ascending-sorted values, linearly interpolated (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, n - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Ascending copy of `values`. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Arithmetic mean (NaN when empty). */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** Reduces a non-empty group of values with one of the query vocabulary's aggregations. */
export function aggregate(values: number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case 'avg':
      return mean(values);
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'max':
      return values.reduce((max, value) => Math.max(max, value), -Infinity);
    case 'min':
      return values.reduce((min, value) => Math.min(min, value), Infinity);
    case 'count':
      return values.length;
    case 'p50':
      return quantileSorted(sortedCopy(values), 0.5);
    case 'p90':
      return quantileSorted(sortedCopy(values), 0.9);
    case 'p99':
      return quantileSorted(sortedCopy(values), 0.99);
  }
}

/** Index of the first element of ascending `sorted` (first `length` items) that is >= `value`. */
export function lowerBound(sorted: ArrayLike<number>, value: number, length = sorted.length): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first element of ascending `sorted` that is > `value`. */
export function upperBound(sorted: ArrayLike<number>, value: number, length = sorted.length): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Rounds for digests and summaries: 4 significant digits, integers kept whole. */
export function round(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toPrecision(Math.max(4, Math.ceil(Math.log10(Math.abs(value) + 1)))));
}
