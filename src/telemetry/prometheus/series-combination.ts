import type { Aggregation } from '../../core/telemetry/query-schemas';
import type { Series } from '../../core/telemetry/query-results';

/** One instance's points as a query returned them, named by workload. */
export interface InstancePoints {
  service: string;
  instance: string;
  timestamps: number[];
  values: number[];
}

/**
 * Instances combined into the series a `metric_range` query asks for: one per instance
 * (`groupBy: instance`; several results of one instance summed), or one per service with
 * `aggregation` applied at each timestamp across its instances. NaN points (a ratio of nothing)
 * are left out.
 */
export function combineInstances(parts: readonly InstancePoints[], metric: string, groupBy: 'service' | 'instance', aggregation: Aggregation): Series[] {
  const groups = new Map<string, { service: string; instance?: string; byInstance: Map<string, Map<number, number>> }>();
  for (const part of parts) {
    const key = groupBy === 'instance' ? `${part.service}\u0000${part.instance}` : part.service;
    const group = groups.get(key) ?? groups.set(key, { service: part.service, ...(groupBy === 'instance' ? { instance: part.instance } : {}), byInstance: new Map() }).get(key)!;
    const points = group.byInstance.get(part.instance) ?? group.byInstance.set(part.instance, new Map()).get(part.instance)!;
    part.timestamps.forEach((t, i) => {
      const v = part.values[i];
      if (Number.isFinite(v)) points.set(t, (points.get(t) ?? 0) + v);
    });
  }
  const out: Series[] = [];
  for (const group of [...groups.values()].sort((a, b) => a.service.localeCompare(b.service) || (a.instance ?? '').localeCompare(b.instance ?? ''))) {
    const byTime = new Map<number, number[]>();
    for (const points of group.byInstance.values()) for (const [t, v] of points) (byTime.get(t) ?? byTime.set(t, []).get(t)!).push(v);
    const timestamps = [...byTime.keys()].sort((a, b) => a - b);
    if (timestamps.length === 0) continue;
    out.push({
      service: group.service,
      ...(group.instance !== undefined ? { instance: group.instance } : {}),
      metric,
      timestamps,
      values: timestamps.map((t) => aggregate(byTime.get(t)!, groupBy === 'instance' ? 'sum' : aggregation)),
    });
  }
  return out;
}

/** One value from several: `aggregation` applied to them (quantiles interpolated between neighbours). */
export function aggregate(values: number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'count':
      return values.length;
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    default: {
      const q = { p50: 0.5, p90: 0.9, p99: 0.99 }[aggregation];
      const sorted = [...values].sort((a, b) => a - b);
      const rank = q * (sorted.length - 1);
      const low = Math.floor(rank);
      return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
    }
  }
}
