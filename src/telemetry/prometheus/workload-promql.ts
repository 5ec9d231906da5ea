import { ERROR_STATUS_REGEX, type ExposedMetric } from './metric-shapes';
import { escapeLabelValue } from './promql';
import { regexValue, type WorkloadRule } from './workload-rules';

/**
 * The PromQL of one exposed metric over the series of some workloads: the series selected by the
 * rule's key labels (the instances discovery found), aggregated per instance (`by (namespace,
 * pod)`, `by (service_name, …)`) in the metric's own semantics. Results are named by workload and
 * combined across instances by the caller, so a workload made of many pods is one series.
 *
 * `windowSeconds` is the rate window, at least four scrape intervals of the data; `scope` the
 * matchers of the alert's namespace and cluster.
 */
export function workloadPromQL(metric: ExposedMetric, rule: WorkloadRule, keys: ReadonlyArray<Record<string, string>>, windowSeconds: number, scope: readonly string[] = []): string {
  const matchers = [...rule.fixedMatchers, ...scope];
  if (rule.preset === 'kube-prometheus-stack' && metric.source.startsWith('container_')) matchers.push('container!=""');
  for (const label of rule.keyLabels) {
    const values = [...new Set(keys.map((k) => k[label]).filter((v): v is string => v !== undefined))].sort();
    if (values.length === 1) matchers.push(`${label}="${escapeLabelValue(values[0])}"`);
    else if (values.length > 1) matchers.push(`${label}=~"${values.map(regexValue).join('|')}"`);
  }
  const by = rule.keyLabels.join(', ');
  const selector = (name: string, extra: string[] = []) => `${name}{${[...matchers, ...extra].join(',')}}`;
  const window = `[${windowSeconds}s]`;
  const rate = (name: string, extra: string[] = []) => `sum by (${by}) (rate(${selector(name, extra)}${window}))`;
  switch (metric.kind) {
    case 'histogram':
      return `histogram_quantile(${metric.quantile}, sum by (le, ${by}) (rate(${selector(metric.source)}${window})))`;
    case 'summary':
      return `max by (${by}) (${selector(metric.source, [`quantile="${metric.quantile}"`])})`;
    case 'mean':
      return `${rate(`${metric.source}_sum`)} / ${rate(`${metric.source}_count`)}`;
    case 'error-ratio': {
      const errors = rate(metric.source, [`${metric.statusLabel}=~"${ERROR_STATUS_REGEX}"`]);
      const all = rate(metric.source);
      return `(${errors} or 0 * ${all}) / ${all}`;
    }
    case 'counter':
      return rate(metric.source);
    default:
      return `${/(_ratio|_percent|utilization)$/.test(metric.source) ? 'avg' : 'sum'} by (${by}) (${selector(metric.source)})`;
  }
}
