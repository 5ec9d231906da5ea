import { exposeMetrics, STATUS_LABELS, type ExposedMetric, type SeenMetric } from './metric-shapes';
import type { PodOwners } from './pod-owners';
import type { WorkloadRule } from './workload-rules';

type Labels = Readonly<Record<string, string>>;

/** The series of one workload an exposed metric reads: the rule that identified them and their key label values. */
export interface WorkloadSeries {
  rule: WorkloadRule;
  /** One entry per instance: the rule's key labels' values. */
  keys: Array<Record<string, string>>;
}

/**
 * Services and their metrics as the workload rules see the discovered series: for every exposed
 * metric and service, which rule identified the series and which instances (key label values)
 * there are, so a query can select exactly those series and name its results by workload.
 */
export class WorkloadCatalog {
  /** exposed metric name → service → series. */
  readonly index = new Map<string, Map<string, WorkloadSeries>>();
  /** exposed metric name → shape. */
  readonly shapes = new Map<string, ExposedMetric>();
  /** Per rule, key label values (JSON) → the workload and instance they belong to. */
  private readonly byKey = new Map<WorkloadRule, Map<string, { service: string; instance: string }>>();

  constructor(
    series: readonly Labels[],
    private readonly rules: readonly WorkloadRule[],
    readonly owners: PodOwners,
    types: ReadonlyMap<string, string>,
  ) {
    const seenByService = new Map<string, Map<string, { seen: SeenMetric; rule: WorkloadRule; keys: Map<string, Record<string, string>> }>>();
    for (const labels of series) {
      const name = labels.__name__;
      if (!name) continue;
      const match = this.identify(labels);
      if (!match) continue;
      const { rule, service, instance } = match;
      const byName = seenByService.get(service) ?? seenByService.set(service, new Map()).get(service)!;
      const entry = byName.get(name) ?? byName.set(name, { seen: { name, bucketed: false, quantiles: [] }, rule, keys: new Map() }).get(name)!;
      if (entry.rule !== rule) continue; // the same metric under two layouts for one service: the first wins
      entry.seen.bucketed ||= labels.le !== undefined;
      if (labels.quantile !== undefined && !entry.seen.quantiles!.includes(labels.quantile)) (entry.seen.quantiles as string[]).push(labels.quantile);
      entry.seen.statusLabel ??= STATUS_LABELS.find((l) => labels[l] !== undefined);
      const key = Object.fromEntries(rule.keyLabels.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]]));
      entry.keys.set(JSON.stringify(key), key);
      (this.byKey.get(rule) ?? this.byKey.set(rule, new Map()).get(rule)!).set(JSON.stringify(key), { service, instance });
    }
    for (const [service, byName] of seenByService) {
      const exposed = exposeMetrics([...byName.values()].map((e) => e.seen), types);
      for (const metric of exposed.values()) {
        const origin = [...byName.values()].find((e) => e.seen.name === metric.source || e.seen.name === `${metric.source}_sum` || e.seen.name === `${metric.source}_count`);
        if (!origin) continue;
        this.shapes.set(metric.name, metric);
        const perService = this.index.get(metric.name) ?? this.index.set(metric.name, new Map()).get(metric.name)!;
        const known = perService.get(service);
        const keys = [...origin.keys.values()];
        perService.set(service, known ? { rule: known.rule, keys: [...known.keys, ...keys] } : { rule: origin.rule, keys });
      }
    }
  }

  /** service → exposed metric names, sorted. */
  metricsByService(): Record<string, string[]> {
    const out: Record<string, Set<string>> = {};
    for (const [metric, perService] of this.index) for (const service of perService.keys()) (out[service] ??= new Set()).add(metric);
    return Object.fromEntries(Object.keys(out).sort().map((s) => [s, [...out[s]].sort()]));
  }

  /** The workload and instance of a query result's labels (the rule's key labels), if discovery saw them. */
  ownerOfKey(rule: WorkloadRule, labels: Labels): { service: string; instance: string } | undefined {
    const key = Object.fromEntries(rule.keyLabels.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]]));
    return this.byKey.get(rule)?.get(JSON.stringify(key));
  }

  /** The first rule that reads a series, with the workload and instance it names. */
  identify(labels: Labels): { rule: WorkloadRule; service: string; instance: string } | undefined {
    for (const rule of this.rules) {
      const found = rule.identify(labels, this.owners);
      if (found) return { rule, ...found };
    }
    return undefined;
  }
}
