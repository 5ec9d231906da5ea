import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { latencyMetrics } from './metric-link-delay';
import { familyOf } from './signal-families';

/**
 * Request-rate and latency metrics read for work shape: how many requests each service served over
 * some periods (in total and per sampling interval), and how its own latency moved.
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

/** Per service, the latency of the requests it serves: the client metrics' server-side counterpart, else a latency metric named for the server side. */
export function serverLatencyMetrics(context: InvestigationContext): Map<string, string> {
  const server = latencyMetrics(context).server;
  for (const [service, metrics] of Object.entries(context.catalog.metrics)) {
    const named = metrics.filter((m) => familyOf(m) === 'latency' && /server/i.test(m)).sort()[0];
    if (!server.has(service) && named) server.set(service, named);
  }
  return server;
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
        const key = `${index}:${Math.round(seconds(series.timestamps[i]) / step)}`;
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

function seconds(timestamp: number): number {
  return timestamp > 1e11 ? timestamp / 1000 : timestamp;
}

/** Seconds between samples (the median gap; 60 when a series has a single sample). */
function samplingStep(timestamps: readonly number[]): number {
  const gaps = timestamps.slice(1).map((t, i) => seconds(t) - seconds(timestamps[i])).filter((g) => g > 0).sort((a, b) => a - b);
  return gaps.length === 0 ? 60 : gaps[Math.floor(gaps.length / 2)];
}

/** Per service, its server-side latency now over normal (medians). */
export async function latencyRatios(context: InvestigationContext, metrics: ReadonlyMap<string, string>, incident: TimeRange, references: TimeRange[]): Promise<{ ratios: Map<string, number>; evidenceIds: string[] }> {
  const ratios = new Map<string, number>();
  const evidenceIds: string[] = [];
  for (const metric of new Set(metrics.values())) {
    const query = (range: TimeRange) => context.query({ name: 'metric_range', params: { metric, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } }, null);
    const [current, ...before] = await Promise.all([query(incident), ...references.map(query)]);
    evidenceIds.push(current.evidence.id, ...before.map((b) => b.evidence.id));
    if (current.data?.kind !== 'metric_range') continue;
    for (const series of current.data.series) {
      if (metrics.get(series.service) !== metric) continue;
      const normal = before.flatMap((b) => (b.data?.kind === 'metric_range' ? b.data.series.filter((s) => s.service === series.service).flatMap((s) => s.values) : []));
      const level = middle(normal);
      const nowLevel = middle(series.values);
      if (level !== undefined && nowLevel !== undefined && level > 0) ratios.set(series.service, nowLevel / level);
    }
  }
  return { ratios, evidenceIds };
}

function middle(values: readonly number[]): number | undefined {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length < 3 ? undefined : sorted[Math.floor(sorted.length / 2)];
}
