import { median } from '../../core/analysis/robust-statistics';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { Series } from '../../core/telemetry/query-results';
import { valuesIn } from './series-comparison';
import { familyOf } from './signal-families';
import type { TriageWindows } from './triage-windows';

/**
 * An availability is a share of requests: on a node that served a dozen requests in a sample, one
 * failure moves it by eight points. Its sampling noise is that of a proportion, sqrt(p(1-p)/n),
 * whatever a short reference's spread says. This is the robust z of a drop in that noise: from the
 * reference share to the current one, at the requests the incident samples carried. The reference
 * share is pulled toward 50 % by two successes and two failures (Agresti–Coull), so a reference at
 * 100 % does not make every single failure infinitely surprising. Percent in, percent out.
 */
export function proportionDropZ(referencePercent: number, currentPercent: number, requests: number): number {
  if (!(requests > 0) || !Number.isFinite(referencePercent) || !Number.isFinite(currentPercent)) return Infinity;
  const p = Math.min(1, Math.max(0, referencePercent / 100));
  const adjusted = (p * requests + 2) / (requests + 4);
  const sigma = 100 * Math.sqrt((adjusted * (1 - adjusted)) / requests);
  return (referencePercent - currentPercent) / sigma;
}

/**
 * How far a change stands out of the noise of sampling few requests: for a share (availability)
 * that of a proportion; Infinity for other signals or when the requests are unknown.
 */
export function samplingNoiseZ(family: string, direction: string, referenceLevel: number, currentLevel: number, requests: number | undefined): number {
  if (requests === undefined) return Infinity;
  if (family === 'availability' && direction === 'down') return proportionDropZ(referenceLevel, currentLevel, requests);
  return Infinity;
}

/**
 * Requests counted per sample are events: a count of n varies by about sqrt(n) from one period to
 * the next with nothing changed (Poisson). Four requests where there were four, with a peak of
 * seven, is no change at all, whatever a one-sample reference's spread says. This is the z of a
 * change between two counts in that noise (the counts per sample: `perSample` converts the
 * metric's unit, 1 for a count, the sampling interval in seconds for a rate per second).
 */
export function countChangeZ(referenceLevel: number, currentLevel: number, perSample: number): number {
  if (!(perSample > 0) || !Number.isFinite(referenceLevel) || !Number.isFinite(currentLevel)) return Infinity;
  const before = Math.max(0, referenceLevel * perSample);
  const now = Math.max(0, currentLevel * perSample);
  return Math.abs(now - before) / Math.sqrt(before + now + 1);
}

/** A traffic metric that counts requests or calls (`requests_total`, `workload_ops_per_second`, `rps`), not bytes or messages. */
function countsRequests(metric: string): boolean {
  return familyOf(metric) === 'traffic' && /request|calls|(^|_)ops(_|$)|workload|rps|qps/i.test(metric) && !/bytes/i.test(metric);
}

/** Samples of this metric in counted requests (1 for a count per sample, the interval for a rate), or undefined when not a request count. */
export function countsPerUnit(metric: string, stepMs: number | undefined): number | undefined {
  if (!countsRequests(metric)) return undefined;
  if (/per_second|rate/i.test(metric)) return stepMs !== undefined && stepMs > 0 ? stepMs / 1000 : undefined;
  return /count|total/i.test(metric) ? 1 : undefined;
}

/** The traffic metric whose samples count requests (a per-sample count, or a rate per second). */
export function requestCountMetric(context: InvestigationContext, service?: string): string | undefined {
  const names = [...new Set((service ? [context.catalog.metrics[service] ?? []] : Object.values(context.catalog.metrics)).flat())].sort();
  const traffic = names.filter(countsRequests);
  return traffic.find((m) => /count|total/i.test(m) && !/per_second|rate/i.test(m)) ?? traffic.find((m) => /per_second|rate/i.test(m));
}

/**
 * Requests per sample in the incident period, per series key, from the traffic metric's series: a
 * count as it is, a rate per second times the sampling interval. Empty without a traffic metric.
 */
export function requestsPerSample(traffic: readonly Series[], metric: string, windows: TriageWindows, keyOf: (s: Series) => string): Map<string, number> {
  const perSecond = /per_second|rate/i.test(metric);
  const factor = perSecond ? (windows.stepMs ?? 0) / 1000 : 1;
  const out = new Map<string, number>();
  if (!(factor > 0)) return out;
  for (const series of traffic) {
    const incident = valuesIn(series.timestamps, series.values, windows.incident).vs;
    if (incident.length > 0) out.set(keyOf(series), median(incident) * factor);
  }
  return out;
}
