import type { QueryParams } from '../../core/telemetry/query-schemas';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { ERROR_STATUS_REGEX, type ExposedMetric } from './metric-shapes';

/** Which labels name a series' service and instance in this Prometheus. */
export interface LabelNames {
  service: string;
  instance: string;
}

/** At most about this many points per series when the step is chosen automatically. */
const TARGET_POINTS = 600;
/** The smallest automatic step: a common scrape interval. */
const MIN_STEP_SECONDS = 15;
/** Rates look back at least this far, so a window holds several scrapes. */
const MIN_RATE_WINDOW_SECONDS = 60;

/** The step of a range query: the one asked for, else about TARGET_POINTS points over the range. */
export function stepFor(params: QueryParams<'metric_range'>): number {
  if (params.stepSeconds > 0) return params.stepSeconds;
  const { startMs, endMs } = rangeMs(params.range);
  return Math.max(MIN_STEP_SECONDS, Math.ceil((endMs - startMs) / 1000 / TARGET_POINTS));
}

/**
 * The PromQL of a `metric_range` query: the metric in its exposed form (see metric-shapes),
 * restricted to the service/instance asked for, aggregated by service (or service and instance).
 */
export function metricRangePromQL(metric: ExposedMetric, params: QueryParams<'metric_range'>, labels: LabelNames, stepSeconds: number, windowSeconds?: number, scope: readonly string[] = []): string {
  const matchers = rangeMatchers(params, labels, scope);
  const selector = `${metric.source}{${matchers.join(',')}}`;
  const by = params.groupBy === 'instance' ? `${labels.service}, ${labels.instance}` : labels.service;
  const window = `[${windowSeconds ?? Math.max(MIN_RATE_WINDOW_SECONDS, 4 * stepSeconds)}s]`;
  let inner: string;
  if (metric.kind === 'summary') inner = plainSelector(metric, params, labels, scope)!;
  else if (metric.kind === 'mean') inner = `rate(${metric.source}_sum{${matchers.join(',')}}${window}) / rate(${metric.source}_count{${matchers.join(',')}}${window})`;
  else if (metric.kind === 'error-ratio') {
    const errors = `sum by (${by}) (rate(${metric.source}{${[...matchers, `${metric.statusLabel}=~"${ERROR_STATUS_REGEX}"`].join(',')}}${window}))`;
    const all = `sum by (${by}) (rate(${selector}${window}))`;
    inner = `(${errors} or 0 * ${all}) / ${all}`;
  } else if (metric.kind === 'histogram') inner = `histogram_quantile(${metric.quantile}, sum by (le, ${by}) (rate(${selector}${window})))`;
  else if (metric.kind === 'counter') inner = `rate(${selector}${window})`;
  else inner = selector;
  const quantile = { p50: 0.5, p90: 0.9, p99: 0.99 }[params.aggregation as 'p50' | 'p90' | 'p99'];
  if (quantile !== undefined) return `quantile by (${by}) (${quantile}, ${inner})`;
  return `${params.aggregation} by (${by}) (${inner})`;
}

/**
 * The selector of a metric shown without a rate (a gauge as it is, a summary's quantile), restricted
 * to the service/instance asked for; undefined for the metrics shown as rates or quantiles of rates.
 */
export function plainSelector(metric: ExposedMetric, params: QueryParams<'metric_range'>, labels: LabelNames, scope: readonly string[] = []): string | undefined {
  const matchers = rangeMatchers(params, labels, scope);
  if (metric.kind === 'gauge') return `${metric.source}{${matchers.join(',')}}`;
  if (metric.kind === 'summary') return `${metric.source}{${[...matchers, `quantile="${metric.quantile}"`].join(',')}}`;
  return undefined;
}

function rangeMatchers(params: QueryParams<'metric_range'>, labels: LabelNames, scope: readonly string[]): string[] {
  return [
    ...(params.service !== undefined ? [`${labels.service}="${escapeLabelValue(params.service)}"`] : []),
    ...(params.instance !== undefined ? [`${labels.instance}="${escapeLabelValue(params.instance)}"`] : []),
    ...scope,
  ];
}

/** A label value inside double quotes: backslashes, quotes and newlines escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
