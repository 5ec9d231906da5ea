import type { MetricIndex, StoredSeries } from './metric-index';

/**
 * From this sampling interval on, a sample stands for a period (CloudWatch, Azure Monitor and
 * other per-period stores: one aggregate per period, stamped at the period's start), not for an
 * instant reading such as a Prometheus scrape.
 */
const PERIOD_SAMPLE_MIN_SECONDS = 120;
/** Gaps read to tell a series' sampling interval. */
const GAPS_READ = 64;

/**
 * The metric index as it exists at `nowMs` in a replay: an instant sample exists once taken; a
 * period sample exists only once its period has ended (a 5-minute sample stamped 10:00 is known
 * at 10:05), so a live replay sees no more than a live investigation would.
 */
export function metricsAsOf(index: MetricIndex, nowMs: number): MetricIndex {
  const nowSeconds = nowMs / 1000;
  const series: StoredSeries[] = [];
  for (const stored of index.series) {
    const step = samplingStepSeconds(stored.timestamps);
    const latest = nowSeconds - (step >= PERIOD_SAMPLE_MIN_SECONDS ? step : 0);
    const visible = countAtOrBefore(stored.timestamps, latest);
    if (visible === 0) continue;
    series.push(visible === stored.timestamps.length ? stored : { ...stored, timestamps: stored.timestamps.subarray(0, visible), values: stored.values.subarray(0, visible) });
  }
  return { ...index, series };
}

/** The median gap between a series' first samples, seconds; 0 with fewer than two. */
export function samplingStepSeconds(timestamps: Float64Array): number {
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length && gaps.length < GAPS_READ; i += 1) {
    const gap = timestamps[i] - timestamps[i - 1];
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)];
}

/** How many of the ascending `timestamps` are at or before `limit`. */
function countAtOrBefore(timestamps: Float64Array, limit: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timestamps[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
