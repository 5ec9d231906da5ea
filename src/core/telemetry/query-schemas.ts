import { z } from 'zod';
import { TimeRangeSchema } from './time-range-schema';

/**
 * The query vocabulary every TelemetrySource speaks. Names are snake_case because LLM tool names
 * must be. A source lists the subset it supports in `capabilities()`; unsupported queries come back
 * as evidence with status `error`.
 */

export const AggregationSchema = z.enum(['avg', 'max', 'min', 'sum', 'p50', 'p90', 'p99', 'count']);
export type Aggregation = z.infer<typeof AggregationSchema>;

/** Range query over metrics; one series per group (like `avg by (service) (metric)`). */
export const MetricRangeParamsSchema = z.object({
  metric: z.string().min(1),
  service: z.string().min(1).optional(),
  instance: z.string().min(1).optional(),
  groupBy: z.enum(['service', 'instance']).default('service'),
  aggregation: AggregationSchema.default('avg'),
  /** Step in seconds; 0 means "native resolution of the data". */
  stepSeconds: z.number().int().nonnegative().default(0),
  range: TimeRangeSchema,
});

/** Which metric names exist, per service. */
export const MetricCatalogParamsSchema = z.object({
  service: z.string().min(1).optional(),
});

export const LogSearchParamsSchema = z.object({
  service: z.string().min(1).optional(),
  level: z.string().min(1).optional(),
  /** Case-insensitive substring. */
  text: z.string().min(1).optional(),
  /** JavaScript regular expression source, case-insensitive. */
  regex: z.string().min(1).optional(),
  range: TimeRangeSchema,
  limit: z.number().int().positive().max(10_000).default(100),
});

/**
 * Counts of log templates (messages with variable parts masked) per service, or per service and
 * operation: with `groupBy: 'operation'` each line is attributed to the operation of the span it
 * belongs to (its traceId/spanId), or to operation null when it cannot be joined to a span.
 */
export const LogTemplateCountsParamsSchema = z.object({
  service: z.string().min(1).optional(),
  level: z.string().min(1).optional(),
  groupBy: z.enum(['service', 'operation']).default('service'),
  range: TimeRangeSchema,
  /** At most this many templates per service, largest first. */
  limit: z.number().int().positive().max(10_000).default(200),
});

export const SpanSearchParamsSchema = z.object({
  service: z.string().min(1).optional(),
  operation: z.string().min(1).optional(),
  traceId: z.string().min(1).optional(),
  minDurationMs: z.number().nonnegative().optional(),
  range: TimeRangeSchema,
  limit: z.number().int().positive().max(10_000).default(100),
});

/** Latency, self-time and error statistics of spans, per service or per service+operation. */
export const SpanStatsParamsSchema = z.object({
  service: z.string().min(1).optional(),
  groupBy: z.enum(['service', 'operation']).default('service'),
  range: TimeRangeSchema,
});

/** Statistics of calls between services: client-side vs server-side duration of each edge. */
export const CallStatsParamsSchema = z.object({
  caller: z.string().min(1).optional(),
  callee: z.string().min(1).optional(),
  range: TimeRangeSchema,
  /** When set, each edge also lists its calls per time bucket of this many seconds (only buckets with calls). */
  stepSeconds: z.number().int().positive().optional(),
});

/**
 * The shape of each operation's work: per (service, operation) its span count, failed spans and
 * median duration, and per direct call it makes (child service and operation) how many calls,
 * failed calls, their median duration and when in the parent they start on average.
 */
export const OperationShapeParamsSchema = z.object({
  service: z.string().min(1).optional(),
  range: TimeRangeSchema,
});

export const EventSearchParamsSchema = z.object({
  service: z.string().min(1).optional(),
  /** Case-insensitive substring over the event's reason/message. */
  text: z.string().min(1).optional(),
  range: TimeRangeSchema,
  limit: z.number().int().positive().max(10_000).default(200),
});

/** The call graph; `range` is the period whose calls count (a live source), a recorded topology ignores it. */
export const TopologyParamsSchema = z.object({ range: TimeRangeSchema.optional() });

export const TelemetryQuerySchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('metric_range'), params: MetricRangeParamsSchema }),
  z.object({ name: z.literal('metric_catalog'), params: MetricCatalogParamsSchema }),
  z.object({ name: z.literal('log_search'), params: LogSearchParamsSchema }),
  z.object({ name: z.literal('log_template_counts'), params: LogTemplateCountsParamsSchema }),
  z.object({ name: z.literal('span_search'), params: SpanSearchParamsSchema }),
  z.object({ name: z.literal('span_stats'), params: SpanStatsParamsSchema }),
  z.object({ name: z.literal('call_stats'), params: CallStatsParamsSchema }),
  z.object({ name: z.literal('operation_shape'), params: OperationShapeParamsSchema }),
  z.object({ name: z.literal('event_search'), params: EventSearchParamsSchema }),
  z.object({ name: z.literal('topology'), params: TopologyParamsSchema }),
]);
export type TelemetryQuery = z.infer<typeof TelemetryQuerySchema>;
export type TelemetryQueryInput = z.input<typeof TelemetryQuerySchema>;
export type QueryName = TelemetryQuery['name'];
export type QueryParams<N extends QueryName> = Extract<TelemetryQuery, { name: N }>['params'];
