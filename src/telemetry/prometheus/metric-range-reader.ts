import type { Series } from '../../core/telemetry/query-results';
import type { QueryParams } from '../../core/telemetry/query-schemas';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { guessShape, type ExposedMetric } from './metric-shapes';
import { messageOf, type Answer, type MatrixResult } from './prometheus-answer';
import type { PrometheusClient } from './prometheus-client';
import { metricRangePromQL, plainSelector, type LabelNames } from './promql';
import { nativeStepSeconds, rateWindowSeconds } from './scrape-interval';
import { combineInstances } from './series-combination';
import { mergeStored, readsStoredSamples, samplesIn, storedSamplesPromQL, type Points } from './stored-samples';
import type { WorkloadCatalog, WorkloadSeries } from './workload-catalog';
import type { Discovery } from './workload-discovery';
import { workloadPromQL, workloadSamples } from './workload-promql';
import { scopeMatchers, type WorkloadRule } from './workload-rules';

/** What reading a metric needs from its source: the API, the label names, the alert's scope and what discovery learned. */
export interface MetricRangeReading {
  client: PrometheusClient;
  labels: LabelNames;
  scope: Record<string, string>;
  discovery: Discovery | undefined;
}

type Params = QueryParams<'metric_range'>;
type Target = [service: string, series: WorkloadSeries];

/**
 * `metric_range` against Prometheus: at native resolution a gauge or a summary quantile as its
 * samples were stored (see readsStoredSamples), anything else as a range query (counters as rates,
 * histograms as quantiles). Series are named by workload when discovery found workloads, else by
 * the service and instance labels.
 */
export async function readMetricRange(reading: MetricRangeReading, params: Params, signal?: AbortSignal): Promise<Answer> {
  const interval = reading.discovery?.intervalSeconds;
  const { startMs, endMs } = rangeMs(params.range);
  const step = params.stepSeconds > 0 ? params.stepSeconds : nativeStepSeconds(interval, (endMs - startMs) / 1000);
  const catalog = reading.discovery?.catalog;
  const metric = catalog?.shapes.get(params.metric) ?? guessShape(params.metric);
  const perService = catalog?.index.get(params.metric);
  const targets: Target[] = perService ? [...perService].filter(([service]) => params.service === undefined || service === params.service) : [];
  const byWorkload = catalog !== undefined && targets.length > 0 && targets.every(([, s]) => s.rule.preset !== 'labels');
  if (readsStoredSamples(metric.kind, params.stepSeconds, interval, step)) return readStored(reading, params, metric, byWorkload ? { catalog: catalog!, targets } : undefined, interval!, signal);

  const window = rateWindowSeconds(interval, step);
  const queries = byWorkload
    ? groupByRule(targets).map(({ rule, keys }) => ({ rule, promql: workloadPromQL(metric, rule, keys, window, scopeMatchers(rule.preset, reading.scope)) }))
    : [{ rule: undefined, promql: metricRangePromQL(metric, params, reading.labels, step, window, scopeMatchers('labels', reading.scope)) }];
  const promql = queries.map((q) => q.promql).join('\n');
  const base = { queryText: promql, parameters: { ...params, step, rateWindowSeconds: window }, timeRange: params.range };
  try {
    const answers = await Promise.all(queries.map((q) => reading.client.call<MatrixResult>('query_range', [['query', q.promql], ['start', seconds(startMs)], ['end', seconds(endMs)], ['step', String(step)]], signal)));
    let series: Series[];
    if (byWorkload) {
      const parts = answers.flatMap((data, i) =>
        data.result.flatMap((r) => {
          const owner = catalog!.ownerOfKey(queries[i].rule!, r.metric);
          if (!owner || !asked(params, owner)) return [];
          return [{ ...owner, timestamps: r.values.map(([t]) => t), values: r.values.map(([, v]) => Number(v)) }];
        }),
      );
      series = combineInstances(parts, params.metric, params.groupBy, params.aggregation);
    } else {
      series = answers[0].result.map((r) => ({
        ...labelledAs(reading.labels, params, r.metric),
        metric: params.metric,
        timestamps: r.values.map(([t]) => t),
        values: r.values.map(([, v]) => Number(v)),
      }));
    }
    return answered(base, series, params.metric, promql, `(${metric.kind}), {points} points at ${step} s`, step);
  } catch (error) {
    return { ...base, status: 'error', summary: messageOf(error), digest: {} };
  }
}

/**
 * The samples as stored: one instant query of a range selector per workload rule (or one over the
 * labels), the series grouped as the range query would aggregate them (see mergeStored).
 */
async function readStored(
  reading: MetricRangeReading,
  params: Params,
  metric: ExposedMetric,
  workloads: { catalog: WorkloadCatalog; targets: Target[] } | undefined,
  interval: number,
  signal?: AbortSignal,
): Promise<Answer> {
  const queries = workloads
    ? groupByRule(workloads.targets).map(({ rule, keys }) => {
        const samples = workloadSamples(metric, rule, keys, scopeMatchers(rule.preset, reading.scope))!;
        return { rule, perInstance: samples.perInstance, promql: storedSamplesPromQL(samples.selector, params.range) };
      })
    : [{ rule: undefined, perInstance: undefined, promql: storedSamplesPromQL(plainSelector(metric, params, reading.labels, scopeMatchers('labels', reading.scope))!, params.range) }];
  const promql = queries.map((q) => q.promql).join('\n');
  const { endMs } = rangeMs(params.range);
  const base = { queryText: promql, parameters: { ...params, time: new Date(endMs).toISOString(), samples: 'as stored' }, timeRange: params.range };
  try {
    const answers = await Promise.all(queries.map((q) => reading.client.call<MatrixResult>('query', [['query', q.promql], ['time', seconds(endMs)]], signal)));
    const groups = new Grouping();
    if (workloads) {
      const instances = new Grouping();
      answers.forEach((data, i) => {
        for (const r of data.result) {
          const owner = workloads.catalog.ownerOfKey(queries[i].rule!, r.metric);
          if (owner && asked(params, owner)) instances.add(owner, samplesIn(r.values, params.range), queries[i].perInstance);
        }
      });
      for (const { labels, members, perInstance } of instances.all()) {
        groups.add(params.groupBy === 'instance' ? labels : { service: labels.service }, mergeStored(members, perInstance ?? 'sum'));
      }
    } else {
      for (const r of answers[0].result) groups.add(labelledAs(reading.labels, params, r.metric), samplesIn(r.values, params.range));
    }
    const series = groups
      .all()
      .map(({ labels, members }) => ({ ...labels, metric: params.metric, ...mergeStored(members, workloads && params.groupBy === 'instance' ? 'sum' : params.aggregation) }))
      .filter((s) => s.timestamps.length > 0);
    return answered(base, series, params.metric, promql, `(${metric.kind}), {points} samples as stored (every ${interval} s)`, interval);
  } catch (error) {
    return { ...base, status: 'error', summary: messageOf(error), digest: {} };
  }
}

/** Series of samples gathered under the labels (service, instance) they are named by. */
class Grouping {
  private readonly groups = new Map<string, { labels: { service: string; instance?: string }; members: Points[]; perInstance?: 'avg' | 'sum' | 'max' }>();

  add(labels: { service: string; instance?: string }, points: Points, perInstance?: 'avg' | 'sum' | 'max'): void {
    const key = `${labels.service}\u0000${labels.instance ?? ''}`;
    const group = this.groups.get(key) ?? this.groups.set(key, { labels, members: [], perInstance }).get(key)!;
    group.members.push(points);
  }

  all() {
    return [...this.groups.values()].sort((a, b) => a.labels.service.localeCompare(b.labels.service) || (a.labels.instance ?? '').localeCompare(b.labels.instance ?? ''));
  }
}

function answered(base: Omit<Answer, 'status' | 'summary' | 'digest'>, series: Series[], name: string, promql: string, shape: string, step: number): Answer {
  const points = series.reduce((sum, s) => sum + s.timestamps.length, 0);
  if (points === 0) return { ...base, status: 'no_data', summary: `no samples of ${name} in the range (PromQL: ${promql})`, digest: { series: 0, points: 0, stepSeconds: step } };
  return {
    ...base,
    status: 'ok',
    summary: `${series.length} series of ${name} ${shape.replace('{points}', String(points))}`,
    digest: { series: series.length, points, stepSeconds: step },
    data: { kind: 'metric_range', series },
  };
}

/** The service (and, grouped by instance, the instance) a result's labels name. */
function labelledAs(labels: LabelNames, params: Params, metric: Record<string, string>): { service: string; instance?: string } {
  return {
    service: metric[labels.service] ?? '',
    ...(params.groupBy === 'instance' && metric[labels.instance] !== undefined ? { instance: metric[labels.instance] } : {}),
  };
}

function asked(params: Params, owner: { service: string; instance: string }): boolean {
  return (params.service === undefined || owner.service === params.service) && (params.instance === undefined || owner.instance === params.instance);
}

/** The workloads' series grouped by the rule that reads them (one query per rule). */
function groupByRule(targets: readonly Target[]): Array<{ rule: WorkloadRule; keys: Array<Record<string, string>> }> {
  const out = new Map<WorkloadRule, Array<Record<string, string>>>();
  for (const [, { rule, keys }] of targets) out.set(rule, [...(out.get(rule) ?? []), ...keys]);
  return [...out].map(([rule, keys]) => ({ rule, keys }));
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
