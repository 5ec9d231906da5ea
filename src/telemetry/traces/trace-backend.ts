import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import type { SourceHealth } from '../../core/ports/telemetry-source';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import type { IndexableSpan } from '../bundle/span-index';

/** A span read from a trace backend, with the instance (pod, host) that recorded it and its node when known. */
export type BackendSpan = IndexableSpan & { instance?: string; node?: string };

/** The spans of the traces a search found. */
export interface TraceRead {
  spans: BackendSpan[];
  traces: number;
  /** True when the trace cap stopped the read: statistics come from a sample. */
  truncated: boolean;
  /** The exact search as the backend understands it (TraceQL, a Jaeger API query). */
  queryText: string;
  /** Traces that could not be fetched, with why. */
  failures: string[];
}

/** What a trace source needs from one backend (Tempo, Jaeger). */
export interface TraceBackend {
  readonly name: string;
  readonly base: string;
  health(): Promise<SourceHealth>;
  /** Services with traces around the period; rejects when the backend cannot be read. */
  services(range: TimeRange, signal?: AbortSignal): Promise<string[]>;
  /** Spans of at most `maxTraces` traces in `range` (of one service's traces when given). */
  read(range: TimeRange, service: string | undefined, maxTraces: number, signal?: AbortSignal): Promise<TraceRead>;
  /** Every span of one trace, or undefined when the backend does not have it. */
  trace(traceId: string, signal?: AbortSignal): Promise<BackendSpan[] | undefined>;
  /** The query text of a read, for evidence. */
  searchText(range: TimeRange, service?: string): string;
  /** A link into the backend's UI for a search or one trace. */
  link(range: TimeRange, target: { service?: string; traceId?: string }): EvidenceLink;
}
