import type { TimeRange } from '../../core/telemetry/time-range-schema';
import type { SpanIndex } from '../bundle/span-index';

/**
 * The spans of a period from a trace backend, indexed as a bundle's are. A log source uses it to
 * join lines to the operation of the span they were written in (their trace and span ids) and to
 * count each operation's traffic, as the bundle does with its own spans.
 */
export interface SpanLookup {
  /** Spans starting in `range` (all services), or undefined when the backend cannot be read. */
  spanIndex(range: TimeRange, signal?: AbortSignal): Promise<SpanIndex | undefined>;
}
