import type { InvestigationContext } from '../../core/ports/reasoner';
import type { Series } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { median } from '../../core/analysis/robust-statistics';
import { robustZ } from '../../core/analysis/anomaly-score';
import { compareSeries, formatNumber, valuesIn } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { badDirection, familyOf, type SignalFamily } from './signal-families';
import { baselineMetricRange, strengthOf, type TriageWindows } from './triage-windows';

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
    const score = saturated ? Math.max(comparison.score, SATURATION_SCORE) : comparison.score;
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
      direction: comparison.direction,
      onset: comparison.onset,
      signal: metric,
      against: comparison.against,
      detail: `${saturated ? 'at its limit: ' : ''}${metric} on ${where}: median ${formatNumber(comparison.currentMedian)} (peak ${formatNumber(comparison.currentPeak)}) vs ${formatNumber(comparison.referenceMedian)} normal, robust z ${formatNumber(comparison.score)} against ${comparison.against.join(' and ')}`,
      evidenceIds,
    });
  }
  return findings;
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

/** Percent-of-capacity level from which a resource counts as saturated. */
export const SATURATION_LEVEL = 80;
/** A saturated resource is at least as strong a finding as this robust z. */
const SATURATION_SCORE = 8;

/**
 * A resource measured in percent of its capacity (CPU of its limit, disk utilization) that reaches
 * the saturation level during the incident, having been clearly below it before, is saturated:
 * queueing, throttling and timeouts follow, whatever the statistics of its past say.
 */
function isSaturation(metric: string, family: SignalFamily, peak: number, reference: number): boolean {
  if (family !== 'cpu' && family !== 'memory' && family !== 'disk' && family !== 'pool') return false;
  if (!/percent|utili[sz]ation/i.test(metric)) return false;
  return peak >= SATURATION_LEVEL && reference < SATURATION_LEVEL;
}

/**
 * A resource at its limit through the incident that was clearly below it in whatever little
 * reference exists: a baseline of one or two samples, or the minutes before the incident when the
 * fault began with the telemetry. Too few samples for statistics, but a pod going from 27 % to
 * 100 % of its CPU needs none. Only used when the regular comparison could not call it saturated.
 */
function oneSidedSaturation(
  series: Series,
  metric: string,
  family: SignalFamily,
  windows: TriageWindows,
  baselineValues: number[],
  comparison: ReturnType<typeof compareSeries>,
  evidenceIds: string[],
): ServiceFinding | undefined {
  if (comparison && comparison.score > 0 && isSaturation(metric, family, comparison.currentPeak, comparison.referenceMedian)) return undefined;
  const incident = valuesIn(series.timestamps, series.values, windows.incident).vs;
  if (incident.length < 2 || median(incident) < SATURATION_LEVEL || !isSaturation(metric, family, median(incident), 0)) return undefined;
  const references = [
    { name: 'baseline', values: baselineValues },
    { name: 'pre-incident', values: valuesIn(series.timestamps, series.values, windows.preIncident).vs },
  ].filter((r) => r.values.length > 0 && median(r.values) < ONE_SIDED_REFERENCE_LEVEL);
  const reference = references[0];
  if (!reference) return undefined;
  const where = series.instance ? `${series.service}/${series.instance}` : series.service;
  const level = median(reference.values);
  return {
    service: series.service,
    instance: series.instance || undefined,
    family,
    score: SATURATION_SCORE,
    strength: strengthOf(SATURATION_SCORE),
    saturated: true,
    direction: 'up',
    signal: metric,
    against: [reference.name],
    detail: `at its limit: ${metric} on ${where}: median ${formatNumber(median(incident))} during the incident vs ${formatNumber(level)} in the ${reference.values.length} ${reference.name} sample${reference.values.length === 1 ? '' : 's'} there are (too few for statistics, but far below its limit)`,
    evidenceIds,
  };
}

/** Families where a many-fold rise is bad by itself (latency, errors), whatever the scale. */
const RISE_FAMILIES = new Set<SignalFamily>(['latency', 'client-latency', 'errors']);
/** A rise counts without statistics only when every incident sample is this many times the reference's largest. */
const ONE_SIDED_RATIO = 3;

/**
 * A latency or error series with too few reference samples for statistics (one or two baseline
 * samples and nothing before the incident) that rose many-fold: every incident sample at least
 * three times the reference's largest. Scored like a ratio, held below what statistics would give.
 */
function oneSidedRise(series: Series, family: SignalFamily, windows: TriageWindows, baselineValues: number[], evidenceIds: string[]): ServiceFinding | undefined {
  if (!RISE_FAMILIES.has(family) || baselineValues.length === 0) return undefined;
  const incident = valuesIn(series.timestamps, series.values, windows.incident).vs;
  const top = Math.max(...baselineValues);
  if (incident.length < 3 || !(top > 0) || Math.min(...incident) < ONE_SIDED_RATIO * top) return undefined;
  const ratio = median(incident) / median(baselineValues);
  const score = Math.min(ONE_SIDED_SCORE, 0.6 * (Math.log(ratio) / Math.log(1.3)));
  const where = series.instance ? `${series.service}/${series.instance}` : series.service;
  return {
    service: series.service,
    instance: series.instance || undefined,
    family,
    score,
    strength: strengthOf(score),
    direction: 'up',
    signal: series.metric,
    against: ['baseline'],
    detail: `${series.metric} on ${where}: median ${formatNumber(median(incident))} during the incident, ${formatNumber(ratio)}× the ${baselineValues.length} baseline sample${baselineValues.length === 1 ? '' : 's'} there are (too few for statistics; every incident sample is at least ${ONE_SIDED_RATIO}× their largest)`,
    evidenceIds,
  };
}

/** The most a one-sided rise can score: clear, but short of what a real reference would allow. */
const ONE_SIDED_SCORE = 6;

/** A reference this far below the saturation level was normal, however few its samples. */
const ONE_SIDED_REFERENCE_LEVEL = SATURATION_LEVEL * 0.6;

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
