import type { QueryParams } from '../../core/telemetry/query-schemas';
import { TimeRangeSchema } from '../../core/telemetry/time-range-schema';
import { formatRange } from './query-answer';

const SHORT_KEYS: Record<string, string> = { aggregation: 'agg', stepSeconds: 'step' };
const BARE_KEYS = new Set(['groupBy', 'aggregation']);

/**
 * The query as one readable line a person can re-run against the same bundle, e.g.
 * `metric_range metric="cpu_usage_percent" service="carts" groupBy=service agg=avg step=0s
 * [2022-05-17T19:58:11Z, 2022-05-17T20:02:59Z] bundle=/path`.
 */
export function queryTextOf(name: string, params: Record<string, unknown>, bundleDir: string): string {
  const parts = [name];
  for (const [key, value] of Object.entries(params)) {
    if (key === 'range' || value === undefined) continue;
    parts.push(`${SHORT_KEYS[key] ?? key}=${renderValue(key, value)}`);
  }
  const range = TimeRangeSchema.safeParse(params.range);
  if (range.success) parts.push(formatRange(range.data));
  else if (params.range !== undefined) parts.push(`range=${JSON.stringify(params.range)}`);
  parts.push(`bundle=${/\s/.test(bundleDir) ? JSON.stringify(bundleDir) : bundleDir}`);
  return parts.join(' ');
}

function renderValue(key: string, value: unknown): string {
  if (key === 'stepSeconds') return `${String(value)}s`;
  if (typeof value === 'string') return BARE_KEYS.has(key) ? value : JSON.stringify(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `cpu_usage_percent{service="carts",instance="carts-1"}`. */
export function metricSelector(params: Pick<QueryParams<'metric_range'>, 'metric' | 'service' | 'instance'>): string {
  const labels = [
    params.service === undefined ? undefined : `service=${JSON.stringify(params.service)}`,
    params.instance === undefined ? undefined : `instance=${JSON.stringify(params.instance)}`,
  ].filter((label) => label !== undefined);
  return labels.length === 0 ? params.metric : `${params.metric}{${labels.join(',')}}`;
}

/** A PromQL rendering of a metric_range query, for people used to Prometheus. */
export function promqlOf(params: QueryParams<'metric_range'>): string {
  const inner = metricSelector(params);
  const by = `by (${params.groupBy})`;
  const quantile = /^p(\d+)$/.exec(params.aggregation);
  const outer = quantile
    ? `quantile ${by} (0.${quantile[1]}, ${inner})`
    : `${params.aggregation} ${by} (${inner})`;
  return params.stepSeconds > 0 ? `${outer} [step=${params.stepSeconds}s]` : outer;
}
