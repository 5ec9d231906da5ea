import type { QueryDescriptor } from '../../core/ports/telemetry-source';
import {
  CallStatsParamsSchema,
  EventSearchParamsSchema,
  LogSearchParamsSchema,
  LogTemplateCountsParamsSchema,
  MetricCatalogParamsSchema,
  MetricRangeParamsSchema,
  OperationShapeParamsSchema,
  SpanSearchParamsSchema,
  SpanStatsParamsSchema,
  TopologyParamsSchema,
} from '../../core/telemetry/query-schemas';
import type { BundleFiles } from './bundle-loader';

const METRIC_QUERIES: QueryDescriptor[] = [
  {
    name: 'metric_range',
    description:
      'Series of one metric (exact name) over a time range, grouped by service or instance, optionally resampled to stepSeconds.',
    params: MetricRangeParamsSchema,
  },
  { name: 'metric_catalog', description: 'Metric names recorded per service.', params: MetricCatalogParamsSchema },
];

const LOG_QUERIES: QueryDescriptor[] = [
  {
    name: 'log_search',
    description: 'Log lines in a range by service, level, case-insensitive text or regex; returns the first `limit` and the total.',
    params: LogSearchParamsSchema,
  },
  {
    name: 'log_template_counts',
    description:
      'Counts of log templates (variable parts masked) per service and level in a range, largest first, with first/last time seen. ' +
      'groupBy=operation splits them by the operation of the span each line belongs to (null when it has none); ' +
      'spansPerOperation gives each operation\'s span count in the range, to scale log counts by traffic.',
    params: LogTemplateCountsParamsSchema,
  },
];

const SPAN_QUERIES: QueryDescriptor[] = [
  { name: 'span_search', description: 'Spans starting in a range by service, operation, trace id or minimum duration.', params: SpanSearchParamsSchema },
  {
    name: 'span_stats',
    description: 'Span count, p50/p90/p99, mean and self time (duration minus direct children) per service or operation.',
    params: SpanStatsParamsSchema,
  },
  {
    name: 'call_stats',
    description: 'Per caller→callee edge: mean client (parent) and server (child) duration and the gap between them (mean, p50, p90).',
    params: CallStatsParamsSchema,
  },
  {
    name: 'operation_shape',
    description:
      'Per service operation: span count, failed spans, median duration, and its direct calls (child service and operation) with their count, failures, median duration and mean start offset in the parent.',
    params: OperationShapeParamsSchema,
  },
];

const EVENT_QUERY: QueryDescriptor = {
  name: 'event_search',
  description: 'Change, deploy and Kubernetes events in a range by service or text.',
  params: EventSearchParamsSchema,
};

const TOPOLOGY_QUERY: QueryDescriptor = {
  name: 'topology',
  description: 'Services and caller→callee calls (recorded, or derived from spans), with instance placement when known.',
  params: TopologyParamsSchema,
};

/** The queries a bundle can answer, given which of its files exist. */
export function bundleCapabilities(files: BundleFiles): QueryDescriptor[] {
  return [
    ...(files.metrics ? METRIC_QUERIES : []),
    ...(files.logs ? LOG_QUERIES : []),
    ...(files.spans ? SPAN_QUERIES : []),
    ...(files.events ? [EVENT_QUERY] : []),
    ...(files.topology || files.spans ? [TOPOLOGY_QUERY] : []),
  ];
}
