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
  const matchers = workloadMatchers(metric, rule, keys, scope);
  const by = rule.keyLabels.join(', ');
  const selector = (name: string, extra: string[] = []) => `${name}{${[...matchers, ...extra].join(',')}}`;
  const window = `[${windowSeconds}s]`;
  const rate = (name: string, extra: string[] = []) => `sum by (${by}) (rate(${selector(name, extra)}${window}))`;
  switch (metric.kind) {
    case 'histogram':
      return `histogram_quantile(${metric.quantile}, sum by (le, ${by}) (rate(${selector(metric.source)}${window})))`;
    case 'summary':
      return `max by (${by}) (${workloadSamples(metric, rule, keys, scope)!.selector})`;
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
      return `${workloadSamples(metric, rule, keys, scope)!.perInstance} by (${by}) (${selector(metric.source)})`;
  }
}

/**
 * For a metric shown without a rate (a gauge, a summary's quantile): the selector of the
 * workloads' series, and how one instance's several series (a pod's containers) combine into one:
 * shares averaged, amounts added, a summary's quantile the highest. Undefined for other metrics.
 */
export function workloadSamples(metric: ExposedMetric, rule: WorkloadRule, keys: ReadonlyArray<Record<string, string>>, scope: readonly string[] = []): { selector: string; perInstance: 'avg' | 'sum' | 'max' } | undefined {
  const matchers = workloadMatchers(metric, rule, keys, scope);
  if (metric.kind === 'summary') return { selector: `${metric.source}{${[...matchers, `quantile="${metric.quantile}"`].join(',')}}`, perInstance: 'max' };
  if (metric.kind !== 'gauge') return undefined;
  return { selector: `${metric.source}{${matchers.join(',')}}`, perInstance: /(_ratio|_percent|utilization)$/.test(metric.source) ? 'avg' : 'sum' };
}

function workloadMatchers(metric: ExposedMetric, rule: WorkloadRule, keys: ReadonlyArray<Record<string, string>>, scope: readonly string[]): string[] {
  const matchers = [...rule.fixedMatchers, ...scope];
  if (rule.preset === 'kube-prometheus-stack' && metric.source.startsWith('container_')) matchers.push('container!=""');
  for (const label of rule.keyLabels) {
    const values = [...new Set(keys.map((k) => k[label]).filter((v): v is string => v !== undefined))].sort();
    if (values.length === 1) matchers.push(`${label}="${escapeLabelValue(values[0])}"`);
    else if (values.length > 1) matchers.push(`${label}=~"${values.map(regexValue).join('|')}"`);
  }
  return matchers;
}
