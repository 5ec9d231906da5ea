/**
 * How abnormal a current window is compared with a baseline window, in robust z units
 * (distance from the baseline median divided by the baseline's robust scale).
 */
import { finiteValues, median, quantile, robustScale, MIN_SCALE } from './robust-statistics';

/** The result of {@link anomalyScore}; every field is a number a report can cite. */
export interface AnomalyScore {
  /** Non-negative magnitude of the deviation in robust z units (0 when nothing is known). */
  score: number;
  /** Whether the current window sits above or below the baseline; `none` when score is 0. */
  direction: 'up' | 'down' | 'none';
  baselineMedian: number;
  /** Robust scale of the baseline (1.4826·MAD with floors, never 0; see robustScale). */
  baselineScale: number;
  currentMedian: number;
  /** The current value farthest from the baseline median (signed value, not a distance). */
  currentPeak: number;
  /** currentMedian / baselineMedian; NaN when the baseline median is 0 or unknown. */
  ratio: number;
}

/** Options of {@link anomalyScore}. */
export interface AnomalyScoreOptions {
  /**
   * `peak` (default): the 90th percentile of the absolute robust z of the current points, so a
   * spike covering at least ~10 % of the window counts but a single outlier does not dominate.
   * `median`: the robust z of the current median, for sustained level shifts only.
   */
  tail?: 'peak' | 'median';
}

/** Share of the current window that must be abnormal for `tail: 'peak'` to report it. */
const PEAK_QUANTILE = 0.9;

/**
 * The robust z of one value against a baseline: (value − median) / robustScale. Signed.
 * The scale is floored (never 0), so a constant baseline yields a large finite z, not Infinity.
 * NaN when the baseline is empty or the value is not finite.
 */
export function robustZ(value: number, baseline: readonly number[]): number {
  if (!Number.isFinite(value)) return NaN;
  const center = median(baseline);
  const scale = robustScale(baseline);
  if (Number.isNaN(center) || Number.isNaN(scale)) return NaN;
  return (value - center) / Math.max(scale, MIN_SCALE);
}

/**
 * Scores the current window against the baseline. The direction is decided by which side the
 * tail deviations fall on, so a window that spikes up is `up` even if its median barely moves.
 * An empty current window or an empty baseline gives score 0 and direction `none` (unknown is
 * not evidence of an anomaly); numbers that cannot be computed are NaN.
 *
 * Degenerate baselines use the floors of robustScale: a constant baseline is scaled by 5 % of its
 * median (so 100 → 150 scores 10), an all-zero baseline by 1e-9 (any non-zero value then scores
 * about 1e9 — finite and ranked first, but a report should cite `currentPeak` and `ratio` then).
 */
export function anomalyScore(
  current: readonly number[],
  baseline: readonly number[],
  options: AnomalyScoreOptions = {},
): AnomalyScore {
  const values = finiteValues(current);
  const baselineMedian = median(baseline);
  const baselineScale = robustScale(baseline);
  const currentMedian = median(values);
  const ratio = baselineMedian !== 0 && Number.isFinite(baselineMedian) ? currentMedian / baselineMedian : NaN;
  const empty: AnomalyScore = {
    score: 0,
    direction: 'none',
    baselineMedian,
    baselineScale,
    currentMedian,
    currentPeak: NaN,
    ratio,
  };
  if (values.length === 0 || Number.isNaN(baselineMedian)) return empty;

  const z = values.map((x) => (x - baselineMedian) / baselineScale);
  let peakIndex = 0;
  for (let i = 1; i < z.length; i++) if (Math.abs(z[i]) > Math.abs(z[peakIndex])) peakIndex = i;
  const currentPeak = values[peakIndex];

  let signed: number;
  if (options.tail === 'median') {
    signed = (currentMedian - baselineMedian) / baselineScale;
  } else {
    // The side whose 90th-percentile deviation is larger wins: high-quantile of the upward
    // deviations against high-quantile of the downward ones.
    const up = quantile(z.map((v) => Math.max(v, 0)), PEAK_QUANTILE);
    const down = quantile(z.map((v) => Math.max(-v, 0)), PEAK_QUANTILE);
    signed = up >= down ? up : -down;
  }
  const score = Math.abs(signed);
  const direction = score === 0 ? 'none' : signed > 0 ? 'up' : 'down';
  return { score, direction, baselineMedian, baselineScale, currentMedian, currentPeak, ratio };
}
