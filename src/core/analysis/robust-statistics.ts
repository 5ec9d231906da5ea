/**
 * Robust descriptive statistics used by every analyzer. All functions are pure, never mutate their
 * input and ignore non-finite values (NaN, ±Infinity), because telemetry series routinely contain
 * gaps. On an empty (or all-NaN) input the location/scale functions return NaN rather than
 * throwing, so callers can propagate "unknown" instead of crashing an investigation.
 */

/** The finite values of `xs`, in their original order. */
export function finiteValues(xs: readonly number[]): number[] {
  return xs.filter((x) => Number.isFinite(x));
}

function sortedFinite(xs: readonly number[]): number[] {
  return finiteValues(xs).sort((a, b) => a - b);
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1, clamped) with linear interpolation between order statistics
 * (the "type 7" definition used by numpy and R by default). NaN for an empty input.
 */
export function quantile(xs: readonly number[], q: number): number {
  return quantileOfSorted(sortedFinite(xs), q);
}

/** Like {@link quantile} but for an input already sorted ascending (no copy, no filtering). */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(q)) return NaN;
  const position = Math.min(1, Math.max(0, q)) * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

/** The median (average of the two middle values for an even count). NaN for an empty input. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** The arithmetic mean of the finite values. NaN for an empty input. */
export function mean(xs: readonly number[]): number {
  const values = finiteValues(xs);
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const x of values) sum += x;
  return sum / values.length;
}

/**
 * The sample standard deviation (n − 1 denominator). 0 for a single value, NaN for an empty input.
 */
export function standardDeviation(xs: readonly number[]): number {
  const values = finiteValues(xs);
  if (values.length === 0) return NaN;
  if (values.length === 1) return 0;
  const m = mean(values);
  let sum = 0;
  for (const x of values) sum += (x - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/**
 * The raw median absolute deviation from the median (not scaled to σ). NaN for an empty input.
 */
export function mad(xs: readonly number[]): number {
  const values = finiteValues(xs);
  if (values.length === 0) return NaN;
  const center = median(values);
  return median(values.map((x) => Math.abs(x - center)));
}

/** 1.4826 · MAD estimates σ for normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/** The smallest scale ever returned by {@link robustScale}, so divisions stay finite. */
export const MIN_SCALE = 1e-9;

/**
 * A robust spread estimate that is never 0 (so z-scores never become Infinity).
 *
 * Uses 1.4826·MAD. When more than half of the values are identical MAD is 0; the fallbacks, in
 * order, are IQR/1.349 (σ for normal data), the sample standard deviation, 5 % of |median| (a
 * relative floor: a constant 200 ms latency tolerates ±10 ms of jitter before it looks abnormal)
 * and finally {@link MIN_SCALE}. NaN for an empty input.
 */
export function robustScale(xs: readonly number[]): number {
  const values = finiteValues(xs);
  if (values.length === 0) return NaN;
  const candidates = [
    MAD_TO_SIGMA * mad(values),
    (quantile(values, 0.75) - quantile(values, 0.25)) / 1.349,
    standardDeviation(values),
    Math.abs(median(values)) * 0.05,
  ];
  for (const candidate of candidates) {
    if (Number.isFinite(candidate) && candidate > MIN_SCALE) return candidate;
  }
  return MIN_SCALE;
}
