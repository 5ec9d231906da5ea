import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { Series } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import type { MetricIndex, StoredSeries } from './metric-index';
import { formatRange, noData, outsideData, type QueryAnswer } from './query-answer';
import { metricSelector, promqlOf } from './query-text';
import { lowerBound, mean, quantileSorted, round, sortedCopy, upperBound } from './statistics';
import { resampleGroup, type PointSlice } from './metric-resampling';

type Params = QueryParams<'metric_range'>;

/**
 * `metric_range`: the series of one metric, filtered by service/instance, grouped by service
 * (instances aggregated per time bucket) or by instance, optionally resampled to `stepSeconds`.
 */
export function runMetricRange(index: MetricIndex, params: Params): QueryAnswer {
  const candidates = index.series.filter(
    (series) =>
      series.metric === params.metric &&
      (params.service === undefined || series.service === params.service) &&
      (params.instance === undefined || series.instance === params.instance),
  );
  if (candidates.length === 0) return noData(unknownMetricMessage(index, params));
  const outside = outsideData('metric', params.range, index.minTs * 1000, index.maxTs * 1000);
  if (outside) return outside;

  const { startMs, endMs } = rangeMs(params.range);
  const groups = new Map<string, PointSlice[]>();
  for (const series of candidates) {
    const from = lowerBound(series.timestamps, startMs / 1000);
    const to = upperBound(series.timestamps, endMs / 1000);
    if (from >= to) continue;
    const key = params.groupBy === 'service' ? series.service : `${series.service}\u0000${series.instance}`;
    const slice = { series, from, to };
    groups.set(key, [...(groups.get(key) ?? []), slice]);
  }
  const series: Series[] = [...groups.values()].map((slices) => toSeries(slices, params));
  const points = series.reduce((sum, item) => sum + item.timestamps.length, 0);
  if (points === 0) {
    return noData(`no points of ${metricSelector(params)} in ${formatRange(params.range)} (the data has a gap there)`);
  }
  const values = sortedCopy(series.flatMap((item) => item.values));
  const digest = {
    series: series.length,
    points,
    min: round(values[0]),
    median: round(quantileSorted(values, 0.5)),
    max: round(values[values.length - 1]),
    mean: round(mean(values)),
  };
  const summary =
    `${series.length} series, ${points} points of ${metricSelector(params)} by ${params.groupBy}; ` +
    `min ${digest.min}, median ${digest.median}, max ${digest.max} (≈ PromQL: ${promqlOf(params)})`;
  return { status: 'ok', summary, digest, data: { kind: 'metric_range', series } };
}

function toSeries(slices: PointSlice[], params: Params): Series {
  const first: StoredSeries = slices[0].series;
  const { timestamps, values } = resampleGroup(slices, params.stepSeconds, params.aggregation);
  const labels = { service: first.service, metric: first.metric };
  if (params.groupBy === 'instance' && first.instance !== '') return { ...labels, instance: first.instance, timestamps, values };
  return { ...labels, timestamps, values };
}

function unknownMetricMessage(index: MetricIndex, params: Params): string {
  const known = new Set(
    index.series.filter((series) => params.service === undefined || series.service === params.service).map((s) => s.metric),
  );
  const scope = params.service === undefined ? 'the bundle' : `service "${params.service}"`;
  if (known.size === 0) {
    const services = [...new Set(index.series.map((series) => series.service))].sort();
    return `${scope} has no metrics in this bundle; services with metrics: ${services.slice(0, 12).join(', ')}${services.length > 12 ? ', …' : ''}`;
  }
  const hint = [...known].sort().slice(0, 12).join(', ');
  return `no series of ${metricSelector(params)}; metrics known for ${scope}: ${hint}${known.size > 12 ? ', …' : ''}`;
}

