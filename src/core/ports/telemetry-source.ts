import type { z } from 'zod';
import type { Evidence } from '../investigation/evidence-schema';
import type { QueryName, TelemetryQuery } from '../telemetry/query-schemas';
import type { QueryResultData } from '../telemetry/query-results';
import type { TimeRange } from '../telemetry/time-range-schema';

/** A query a source can run, with the zod schema of its parameters (usable as an LLM tool). */
export interface QueryDescriptor {
  name: QueryName;
  description: string;
  params: z.ZodType;
}

export interface SourceHealth {
  ok: boolean;
  message: string;
}

/** What a source knows about the system it observes; used to plan queries. */
export interface SourceCatalog {
  services: string[];
  /** service → metric names. */
  metrics: Record<string, string[]>;
  /** The time span the source has data for, when bounded (a recorded bundle is). */
  window?: TimeRange;
  /** When the recorded alert fired, for a recording that holds one (ISO 8601). */
  alertAt?: string;
  /** A period the source knows to be fault-free, when it knows one. */
  baseline?: TimeRange;
  hasLogs: boolean;
  hasSpans: boolean;
  hasEvents: boolean;
  hasTopology: boolean;
  /**
   * Sources whose part of the catalog could not be read (unreachable, 401, HTML instead of JSON,
   * a timeout), each with what went wrong; the investigation says so up front.
   */
  unavailable?: Array<{ sourceId: string; message: string }>;
  /**
   * What the source noticed about its data without failing (lines it skipped, records dated far
   * outside the period): the report lists them as data gaps.
   */
  dataGaps?: string[];
}

/**
 * What `run` returns: the evidence record (kept in the audit log) and the payload (handed to the
 * reasoner that asked, then dropped). `data` is absent when status is not `ok`.
 */
export interface QueryOutcome {
  evidence: Evidence;
  data?: QueryResultData;
}

/**
 * A read-only window onto one telemetry backend (Prometheus, Loki, Tempo, Kubernetes, Datadog, or
 * a recorded incident bundle).
 *
 * Contract: `run` never throws for an expected failure — a timeout, a 4xx/5xx, a query outside
 * the data's window, an unsupported query — it returns evidence with status `error` or `no_data`
 * and the upstream message in `summary`. It throws only on programming errors.
 */
export interface TelemetrySource {
  readonly id: string;
  readonly kind: string;
  capabilities(): QueryDescriptor[];
  health(): Promise<SourceHealth>;
  /**
   * What the source knows about the observed system. `around` is the period the investigation is
   * about: a live backend lists what had data then; a recorded bundle, which has its own window,
   * ignores it. `signal` fires at the investigation's deadline: stop work and reject.
   */
  catalog(options?: { around?: TimeRange; signal?: AbortSignal }): Promise<SourceCatalog>;
  run(query: TelemetryQuery, options?: { signal?: AbortSignal }): Promise<QueryOutcome>;
  /**
   * A view limited to the sources an alert with these labels is about (a `cluster` or `region`
   * label picks that cluster's sources); a source that serves every alert alike may omit it.
   */
  scopedTo?(labels: Record<string, string>): TelemetrySource;
  close?(): Promise<void>;
}
