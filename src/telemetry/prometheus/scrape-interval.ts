import { escapeLabelValue } from './promql';

/** What reads raw samples: the instant-query endpoint of the Prometheus HTTP API. */
export type InstantQuery = (promql: string, timeSeconds: number) => Promise<{ resultType: string; result: Array<{ values?: Array<[number, string]> }> }>;

/**
 * The sampling interval of the data in seconds: the median gap between the raw samples of one
 * series over the `lookbackSeconds` before `endSeconds` (a range-vector selector returns samples
 * as stored, whatever the query step). Undefined when the series has fewer than two samples.
 */
export async function scrapeIntervalOf(query: InstantQuery, labels: Readonly<Record<string, string>>, endSeconds: number, lookbackSeconds: number): Promise<number | undefined> {
  const name = labels.__name__;
  if (!name) return undefined;
  const matchers = Object.entries(labels)
    .filter(([key]) => key !== '__name__')
    .map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
  const data = await query(`${name}{${matchers.join(',')}}[${Math.max(60, Math.round(lookbackSeconds))}s]`, endSeconds);
  const samples = data.result[0]?.values ?? [];
  const gaps = samples.slice(1).map(([t], i) => t - samples[i][0]).filter((g) => g > 0).sort((a, b) => a - b);
  if (gaps.length === 0) return undefined;
  return Math.max(1, Math.round(gaps[Math.floor(gaps.length / 2)]));
}

/** The rate window for data sampled every `intervalSeconds`: four intervals at least, and no shorter than the step. */
export function rateWindowSeconds(intervalSeconds: number | undefined, stepSeconds: number): number {
  if (intervalSeconds === undefined) return Math.max(60, 4 * stepSeconds);
  return Math.max(4 * intervalSeconds, stepSeconds);
}

/** The step of a range query at "native resolution": the data's interval, or coarser so a range stays under `maxPoints` points. */
export function nativeStepSeconds(intervalSeconds: number | undefined, rangeSeconds: number, maxPoints = 600): number {
  const floor = Math.ceil(rangeSeconds / maxPoints);
  return Math.max(intervalSeconds ?? 15, floor, 1);
}
