import type { EvidenceStatus } from '../../core/investigation/evidence-schema';
import type { QueryResultData } from '../../core/telemetry/query-results';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';

/** What one query handler returns; the source wraps it into Evidence. */
export interface QueryAnswer {
  status: EvidenceStatus;
  summary: string;
  digest: Record<string, number>;
  data?: QueryResultData;
}

/** A `no_data` answer with the reason in its summary. */
export function noData(summary: string, digest: Record<string, number> = {}): QueryAnswer {
  return { status: 'no_data', summary, digest };
}

/** `2023-01-29T08:48:16Z` (milliseconds only when non-zero). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `[start, end]` in the compact form used by query lines and summaries. */
export function formatRange(range: TimeRange): string {
  const { startMs, endMs } = rangeMs(range);
  return `[${isoSeconds(startMs)}, ${isoSeconds(endMs)}]`;
}

/**
 * A `no_data` answer when `range` lies entirely outside the data's extent [minMs, maxMs]
 * (`what` names the data, e.g. "span"), otherwise undefined.
 */
export function outsideData(what: string, range: TimeRange, minMs: number, maxMs: number): QueryAnswer | undefined {
  const { startMs, endMs } = rangeMs(range);
  if (!(minMs <= maxMs)) return noData(`the bundle holds no ${what} data`);
  if (endMs >= minMs && startMs <= maxMs) return undefined;
  return noData(
    `range ${formatRange(range)} lies entirely outside the bundle's ${what} data ` +
      `[${isoSeconds(minMs)}, ${isoSeconds(maxMs)}]; query inside that span`,
  );
}
