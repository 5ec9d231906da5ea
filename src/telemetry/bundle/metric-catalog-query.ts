import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { MetricIndex } from './metric-index';
import { noData, type QueryAnswer } from './query-answer';

/** service → sorted metric names, services in name order. */
export function metricsByService(index: MetricIndex): Record<string, string[]> {
  const names = new Map<string, Set<string>>();
  for (const series of index.series) {
    if (!names.has(series.service)) names.set(series.service, new Set());
    names.get(series.service)!.add(series.metric);
  }
  return Object.fromEntries(
    [...names.keys()].sort().map((service) => [service, [...names.get(service)!].sort()]),
  );
}

/** `metric_catalog`: which metric names exist, per service. */
export function runMetricCatalog(index: MetricIndex, params: QueryParams<'metric_catalog'>): QueryAnswer {
  const all = metricsByService(index);
  if (params.service !== undefined && !(params.service in all)) {
    return noData(`service "${params.service}" has no metrics in this bundle; services with metrics: ${Object.keys(all).join(', ')}`);
  }
  const metrics = params.service === undefined ? all : { [params.service]: all[params.service] };
  const distinct = new Set(Object.values(metrics).flat());
  const services = Object.keys(metrics).length;
  const summary =
    `${distinct.size} metric names across ${services} services` +
    (distinct.size > 0 ? `: ${[...distinct].sort().slice(0, 10).join(', ')}${distinct.size > 10 ? ', …' : ''}` : '');
  return {
    status: 'ok',
    summary,
    digest: { services, metrics: distinct.size, series: index.series.length },
    data: { kind: 'metric_catalog', metrics },
  };
}
