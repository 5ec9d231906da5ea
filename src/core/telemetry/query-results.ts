/**
 * Typed payloads a TelemetrySource returns next to the evidence record. Payloads are handed to
 * the reasoner that asked for them and then dropped; only the compact evidence digest is kept in
 * the investigation (that is how each hypothesis keeps a small context).
 */

/** One series: parallel arrays of unix-second timestamps and values, ascending in time. */
export interface Series {
  service: string;
  instance?: string;
  metric: string;
  timestamps: number[];
  values: number[];
}

export interface MetricRangeResult {
  kind: 'metric_range';
  series: Series[];
}

export interface MetricCatalogResult {
  kind: 'metric_catalog';
  /** service → metric names. */
  metrics: Record<string, string[]>;
}

export interface LogLine {
  ts: string;
  service: string;
  instance?: string;
  level: string | null;
  message: string;
  traceId?: string | null;
  spanId?: string | null;
}

export interface LogSearchResult {
  kind: 'log_search';
  lines: LogLine[];
  /** Lines that matched, including those beyond `limit`. */
  totalMatches: number;
}

export interface LogTemplateCount {
  service: string;
  /**
   * With `groupBy: 'operation'`: the operation of the span the lines belong to (joined on
   * traceId/spanId, same service), or null for lines without a span of their service.
   */
  operation?: string | null;
  template: string;
  level: string | null;
  count: number;
  /** One raw line that produced the template. */
  example: string;
  /** ISO time of the first counted line of this entry. */
  firstSeen?: string;
  /** ISO time of the last counted line of this entry. */
  lastSeen?: string;
}

/** Spans of one service operation in a range: its traffic. */
export interface OperationSpanCount {
  service: string;
  operation: string;
  count: number;
}

export interface LogTemplateCountsResult {
  kind: 'log_template_counts';
  templates: LogTemplateCount[];
  /** Total lines per service in the range. */
  linesPerService: Record<string, number>;
  /**
   * Spans per (service, operation) in the range, largest first, when the source has spans: the
   * traffic to scale expected log counts by.
   */
  spansPerOperation?: OperationSpanCount[];
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  instance?: string;
  operation: string;
  start: string;
  durationMs: number;
  error?: boolean;
}

export interface SpanSearchResult {
  kind: 'span_search';
  spans: SpanRecord[];
  totalMatches: number;
}

export interface SpanGroupStats {
  service: string;
  operation?: string;
  count: number;
  errorCount: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Mean time spent in the span itself, not in its children. */
  meanSelfMs: number;
  /** Sum of self time over the range, milliseconds. */
  totalSelfMs: number;
}

export interface SpanStatsResult {
  kind: 'span_stats';
  groups: SpanGroupStats[];
}

export interface CallEdgeStats {
  caller: string;
  callee: string;
  count: number;
  /** Mean duration seen by the caller (client span or parent span). */
  meanClientMs: number;
  /** Mean duration of the callee's server span. */
  meanServerMs: number;
  /** meanClientMs − meanServerMs: time spent on the wire and in queues between the two. */
  meanGapMs: number;
  /** Median of the per-call gap (client duration − server duration). */
  p50GapMs: number;
  p90GapMs: number;
  /** With `stepSeconds`: the calls of each bucket that held any, in time order (traces may cover only part of a range). */
  buckets?: Array<{ start: string; count: number; p50GapMs: number; meanServerMs: number }>;
}

export interface CallStatsResult {
  kind: 'call_stats';
  edges: CallEdgeStats[];
}

/** The calls one operation makes to one child operation (another service's, or its own). */
export interface OperationCall {
  service: string;
  operation: string;
  /** Child spans of this kind under the operation's spans. */
  count: number;
  errorCount: number;
  p50Ms: number;
  /** Mean start of the call after its parent's start, milliseconds: the order of calls within the operation. */
  meanOffsetMs: number;
  /**
   * Executions of the operation that made this call at least once, where the source can tell: a
   * call made by every execution that some executions skip now is work cut short, however few.
   */
  callers?: number;
}

export interface OperationShape {
  service: string;
  operation: string;
  count: number;
  errorCount: number;
  p50Ms: number;
  /** The quicker quarter's bound: executions that end early for part of the requests show here before the median moves. */
  p25Ms?: number;
  calls: OperationCall[];
}

export interface OperationShapeResult {
  kind: 'operation_shape';
  operations: OperationShape[];
}

export interface TelemetryEvent {
  ts: string;
  service: string;
  instance?: string;
  /** deploy, config, oom-killed, restart, back-off, scale, … when known. */
  reason?: string;
  message: string;
  attributes?: Record<string, string | number | boolean>;
}

export interface EventSearchResult {
  kind: 'event_search';
  events: TelemetryEvent[];
  totalMatches: number;
}

export interface TopologyResult {
  kind: 'topology';
  services: string[];
  calls: Array<{ from: string; to: string }>;
  /** `given` when the source recorded it, `derived` when computed from spans. */
  origin: 'given' | 'derived' | 'none';
  /** Optional placement: instance → node, for noisy-neighbour reasoning. */
  placement?: Record<string, string>;
}

export type QueryResultData =
  | MetricRangeResult
  | MetricCatalogResult
  | LogSearchResult
  | LogTemplateCountsResult
  | SpanSearchResult
  | SpanStatsResult
  | CallStatsResult
  | OperationShapeResult
  | EventSearchResult
  | TopologyResult;
