import type { BundleCase } from './bundle-case-schema';

const HOUR_MS = 3_600_000;

/**
 * The periods a bundle's records belong to: its window and its baseline. A record more than a
 * margin (the window's length, at least an hour) outside both is "far": most likely a timestamp in
 * the wrong unit or time zone, which the RCA reports instead of silently using.
 */
export class CasePeriods {
  private readonly ranges: Array<[number, number]>;

  constructor(bundleCase: Pick<BundleCase, 'window' | 'baseline'>) {
    const periods = [bundleCase.window, ...(bundleCase.baseline ? [bundleCase.baseline] : [])];
    const [windowStart, windowEnd] = [Date.parse(bundleCase.window.start), Date.parse(bundleCase.window.end)];
    const margin = Math.max(HOUR_MS, windowEnd - windowStart);
    this.ranges = periods.map(({ start, end }) => [Date.parse(start) - margin, Date.parse(end) + margin]);
  }

  /** True when `ms` lies outside every period widened by the margin. */
  isFar(ms: number): boolean {
    for (const [start, end] of this.ranges) if (ms >= start && ms <= end) return false;
    return true;
  }
}
