import type { InvestigationContext } from '../../core/ports/reasoner';
import type { Series } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { median } from '../../core/analysis/robust-statistics';
import { robustZ } from '../../core/analysis/anomaly-score';
import { compareSeries, formatNumber, valuesIn } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { badDirection, familyOf, type SignalFamily } from './signal-families';
import { baselineMetricRange, strengthOf, type TriageWindows } from './triage-windows';
import { isSaturation, oneSidedRise, oneSidedSaturation, SATURATION_SCORE } from './one-sided-change';
import { countChangeZ, countsPerUnit, requestCountMetric, requestsPerSample, samplingNoiseZ } from './sampling-noise';

interface SeriesPair {
  current: Series;
  baseline?: Series;
}

function keyOf(series: Series): string {
  return `${series.service}\u0000${series.instance ?? ''}`;
}

/**
 * Fetches one metric for every service and instance over the window (and the baseline, when it
 * lies outside the window) and returns one finding per anomalous series.
 */
export async function surveyMetric(
  context: InvestigationContext,
  windows: TriageWindows,
  metric: string,
  options: { hypothesisId: string | null; service?: string; instance?: string; groupBy?: 'service' | 'instance' },
): Promise<ServiceFinding[]> {
  const family: SignalFamily = familyOf(metric);
  const groupBy = options.groupBy ?? 'instance';
  const query = (range: TimeRange) =>
    context.query(
      { name: 'metric_range', params: { metric, service: options.service, instance: options.instance, groupBy, aggregation: 'avg', stepSeconds: 0, range } },
      options.hypothesisId,
    );
  const current = await query(context.window);
  if (current.data?.kind !== 'metric_range') return [];
  const evidenceIds = [current.evidence.id];
  const pairs = new Map<string, SeriesPair>();
  for (const series of current.data.series) pairs.set(keyOf(series), { current: series });
  const baselineRange = baselineMetricRange(windows);
  if (baselineRange && windows.baseline && !within(windows.baseline, context.window)) {
    const base = await query(baselineRange);
    if (base.data?.kind === 'metric_range') {
      evidenceIds.push(base.evidence.id);
      for (const series of base.data.series) {
        const pair = pairs.get(keyOf(series));
        if (pair) pair.baseline = series;
      }
    }
  }
  const requests = family === 'availability' ? await requestsOf(context, windows, options) : new Map<string, number>();
  const findings: ServiceFinding[] = [];
  const all = [...pairs.values()].map((p) => p.current);
  for (const { current: series, baseline } of pairs.values()) {
    const baselineValues = baseline ? baseline.values : windows.baseline ? valuesWithin(series, windows.baseline) : null;
    const comparison = compareSeries(series.timestamps, series.values, windows, baselineValues, badDirection(family));
    const oneSided = oneSidedSaturation(series, metric, family, windows, baselineValues ?? [], comparison, evidenceIds) ?? (comparison === null ? oneSidedRise(series, family, windows, baselineValues ?? [], evidenceIds) : undefined);
    if (oneSided) {
      findings.push(oneSided);
      continue;
    }
    if (comparison === null) {
      const fresh = newSeriesFinding(series, all, windows, family, evidenceIds);
      if (fresh) findings.push(fresh);
      continue;
    }
    const saturated = isSaturation(metric, family, comparison.currentPeak, comparison.referenceMedian);
    if (comparison.score <= 0 && !saturated) continue;
    const served = requests.get(keyOf(series));
    const perSample = countsPerUnit(metric, windows.stepMs);
    const noise = Math.min(samplingNoiseZ(family, comparison.direction, comparison.referenceMedian, comparison.currentMedian, served), perSample === undefined ? Infinity : countChangeZ(comparison.referenceMedian, comparison.currentMedian, perSample));
    const measured = Math.min(comparison.score, Math.max(0, noise));
    if (measured <= 0 && !saturated) continue;
    const score = saturated ? Math.max(measured, SATURATION_SCORE) : measured;
    const fewRequests = measured < comparison.score ? `; but only about ${formatNumber(served ?? comparison.currentMedian * (perSample ?? 1))} requests per sample, so z ${formatNumber(measured)} in the noise of so few` : '';
    const where = series.instance ? `${series.service}/${series.instance}` : series.service;
    const growth = family === 'memory' ? growthOf(series, windows) : undefined;
    const addedMiB = family === 'memory' ? mebibytes(metric, comparison.currentMedian - comparison.referenceMedian) : undefined;
    findings.push({
      service: series.service,
      instance: series.instance || undefined,
      family,
      score,
      strength: strengthOf(score),
      saturated,
      ...(growth === undefined ? {} : { growth }),
      ...(addedMiB === undefined ? {} : { addedMiB }),
      ...(Number.isFinite(comparison.ratio) ? { ratio: comparison.ratio } : {}),
      ...(Number.isFinite(comparison.currentMedian - comparison.referenceMedian) ? { added: comparison.currentMedian - comparison.referenceMedian } : {}),
      direction: comparison.direction,
      onset: comparison.onset,
      signal: metric,
      against: comparison.against,
      detail: `${saturated ? 'at its limit: ' : ''}${metric} on ${where}: median ${formatNumber(comparison.currentMedian)} (${comparison.direction === 'down' ? 'lowest' : 'peak'} ${formatNumber(comparison.currentPeak)}) vs ${formatNumber(comparison.referenceMedian)} normal, robust z ${formatNumber(comparison.score)} against ${comparison.against.join(' and ')}${fewRequests}`,
      evidenceIds,
    });
  }
  return findings;
}

/** Requests per incident sample of each series, for judging a share (availability) in the noise of sampling them. */
async function requestsOf(context: InvestigationContext, windows: TriageWindows, options: { hypothesisId: string | null; service?: string; instance?: string; groupBy?: 'service' | 'instance' }): Promise<Map<string, number>> {
  const metric = requestCountMetric(context, options.service);
  if (!metric) return new Map();
  const outcome = await context.query(
    { name: 'metric_range', params: { metric, service: options.service, instance: options.instance, groupBy: options.groupBy ?? 'instance', aggregation: 'avg', stepSeconds: 0, range: context.window } },
    options.hypothesisId,
  );
  return outcome.data?.kind === 'metric_range' ? requestsPerSample(outcome.data.series, metric, windows, keyOf) : new Map();
}

/**
 * A series with data in the incident but none in any reference period is a workload that appeared
 * (a new pod, a job): its appearance is itself a change. It is scored by how its level compares
 * with the other series of the same metric, and at least as a clear (3) anomaly when it is high.
 */
function newSeriesFinding(series: Series, all: Series[], windows: TriageWindows, family: SignalFamily, evidenceIds: string[]): ServiceFinding | null {
  if (badDirection(family) === 'down') return null;
  const incident = valuesIn(series.timestamps, series.values, windows.incident).vs;
  const before = [windows.baseline, windows.preIncident].reduce((n, r) => n + valuesIn(series.timestamps, series.values, r).vs.length, 0);
  if (incident.length < 3 || before > 0) return null;
  // "Appeared" needs a before in which the others were seen: without any reference data nothing is new.
  const othersSeenBefore = all.some((s) => s !== series && [windows.baseline, windows.preIncident].some((r) => valuesIn(s.timestamps, s.values, r).vs.length > 0));
  if (!othersSeenBefore) return null;
  // Compare with the same service's other instances before the incident (a rollout's new pods),
  // else with every other series of the metric (a workload that did not exist before).
  const siblings = all.filter((s) => s !== series && s.service === series.service);
  const reference = siblings.length > 0
    ? siblings.flatMap((s) => [...valuesIn(s.timestamps, s.values, windows.baseline).vs, ...valuesIn(s.timestamps, s.values, windows.preIncident).vs])
    : all.filter((s) => s !== series).map((s) => median(valuesIn(s.timestamps, s.values, windows.incident).vs)).filter(Number.isFinite);
  if (reference.length < 2) return null;
  const others = reference;
  const level = median(incident);
  const score = robustZ(level, others);
  if (!(score > 1)) return null;
  const clear = siblings.length > 0 ? score : Math.max(3, score);
  const where = series.instance ? `${series.service}/${series.instance}` : series.service;
  return {
    service: series.service,
    instance: series.instance || undefined,
    family,
    score: clear,
    strength: strengthOf(clear),
    direction: 'up',
    onset: series.timestamps[series.values.findIndex((_, i) => series.timestamps[i] * 1000 >= Date.parse(windows.incident.start))],
    signal: series.metric,
    detail: `${series.metric} on ${where} appeared during the incident (no data before) at median ${formatNumber(level)}, vs ${formatNumber(median(others))} for ${siblings.length > 0 ? 'its other instances before' : 'the other series'} (robust z ${formatNumber(score)})`,
    evidenceIds,
  };
}

/**
 * How much a level kept climbing through the incident: the median of its last third minus that of
 * its first third, relative to the incident's level. Undefined with fewer than six incident samples.
 */
function growthOf(series: Series, windows: TriageWindows): number | undefined {
  const values = valuesIn(series.timestamps, series.values, windows.incident).vs;
  const level = Math.abs(median(values));
  if (values.length < 6 || !(level > 0)) return undefined;
  const third = Math.floor(values.length / 3);
  return (median(values.slice(-third)) - median(values.slice(0, third))) / level;
}

/** A memory amount in MiB, when the metric's unit says what it is measured in. */
function mebibytes(metric: string, amount: number): number | undefined {
  if (/mebibytes|_mib\b|_mb\b/i.test(metric)) return amount;
  if (/bytes/i.test(metric)) return amount / 1048576;
  return undefined;
}

function within(inner: TimeRange, outer: TimeRange): boolean {
  return Date.parse(inner.start) >= Date.parse(outer.start) && Date.parse(inner.end) <= Date.parse(outer.end);
}

function valuesWithin(series: Series, range: TimeRange): number[] {
  const start = Date.parse(range.start) / 1000;
  const end = Date.parse(range.end) / 1000;
  return series.values.filter((_, i) => series.timestamps[i] >= start && series.timestamps[i] <= end);
}

/** All metric names in the catalog, optionally for one service. */
export function metricNames(context: InvestigationContext, service?: string): string[] {
  const entries = service ? [context.catalog.metrics[service] ?? []] : Object.values(context.catalog.metrics);
  return [...new Set(entries.flat())].sort();
}
