import { median } from '../../core/analysis/robust-statistics';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { familyOf } from './signal-families';

/**
 * Request-rate metrics read for work shape: how many requests each service served over some
 * periods, in total and per sampling interval.
 */

/** The request-rate metric most services report (their served requests per second). */
export function workloadMetric(context: InvestigationContext): string | undefined {
  const services = new Map<string, number>();
  for (const metrics of Object.values(context.catalog.metrics)) {
    for (const metric of metrics) if (familyOf(metric) === 'traffic' && /workload|requests|ops|rps|qps|throughput/i.test(metric)) services.set(metric, (services.get(metric) ?? 0) + 1);
  }
  const ranked = [...services.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return ranked.length > 0 && ranked[0][1] >= 2 ? ranked[0][0] : undefined;
}

/** A request metric in requests per second (else each sample counts the requests since the one before). */
const PER_SECOND = /per_?sec|ops|rps|qps|_rate/i;

/**
 * Requests served per service over the ranges: each pod's samples summed, a rate times the
 * sampling step. The counts feed a Poisson comparison, so a rate must not count for more requests
 * than it stands for.
 */
export async function requestCounts(context: InvestigationContext, metric: string, ranges: TimeRange[]): Promise<RequestCounts> {
  const counts = new Map<string, number>();
  const samples = new Map<string, Map<string, number>>();
  const evidenceIds: string[] = [];
  const outcomes = await Promise.all(ranges.map((range) => context.query({ name: 'metric_range', params: { metric, groupBy: 'instance', aggregation: 'sum', stepSeconds: 0, range } }, null)));
  for (const [index, outcome] of outcomes.entries()) {
    evidenceIds.push(outcome.evidence.id);
    if (outcome.data?.kind !== 'metric_range') continue;
    for (const series of outcome.data.series) {
      if (!series.service) continue;
      const step = samplingStep(series.timestamps);
      const scale = PER_SECOND.test(metric) ? step : 1;
      const bySample = samples.get(series.service) ?? samples.set(series.service, new Map()).get(series.service)!;
      for (const [i, value] of series.values.entries()) {
        if (!Number.isFinite(value) || value < 0) continue;
        counts.set(series.service, (counts.get(series.service) ?? 0) + value * scale);
        const key = `${index}:${Math.round(series.timestamps[i] / step)}`;
        bySample.set(key, (bySample.get(key) ?? 0) + value * scale);
      }
    }
  }
  return { counts, samples, evidenceIds };
}

/** Requests per service over some periods, in total and per sampling interval. */
export interface RequestCounts {
  counts: Map<string, number>;
  /** service → sample (period and interval) → requests. */
  samples: Map<string, Map<string, number>>;
  evidenceIds: string[];
}

/** Seconds between samples (the median gap; 60 when a series has a single sample). */
function samplingStep(timestamps: readonly number[]): number {
  const gaps = timestamps.slice(1).map((t, i) => t - timestamps[i]).filter((g) => g > 0);
  return gaps.length === 0 ? 60 : median(gaps);
}
