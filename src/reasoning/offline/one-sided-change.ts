import { median } from '../../core/analysis/robust-statistics';
import type { Series } from '../../core/telemetry/query-results';
import { formatNumber, valuesIn, type compareSeries } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import type { SignalFamily } from './signal-families';
import { strengthOf, type TriageWindows } from './triage-windows';

/*
 * Resource saturation, and changes so large that one-sided evidence suffices: a resource at its
 * limit, or a latency that rose many-fold, over a reference too short for statistics.
 */

/** Percent-of-capacity level from which a resource counts as saturated. */
export const SATURATION_LEVEL = 80;
/** A saturated resource is at least as strong a finding as this robust z. */
export const SATURATION_SCORE = 8;

/**
 * A resource measured in percent of its capacity (CPU of its limit, disk utilization) that reaches
 * the saturation level during the incident, having been clearly below it before, is saturated:
 * queueing, throttling and timeouts follow, whatever the statistics of its past say.
 */
export function isSaturation(metric: string, family: SignalFamily, peak: number, reference: number): boolean {
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
export function oneSidedSaturation(
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
    { name: 'first', values: windows.thin ? valuesIn(series.timestamps, series.values, windows.thin).vs : [] },
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
export function oneSidedRise(series: Series, family: SignalFamily, windows: TriageWindows, declaredValues: number[], evidenceIds: string[]): ServiceFinding | undefined {
  const baselineValues = declaredValues.length > 0 || !windows.thin ? declaredValues : valuesIn(series.timestamps, series.values, windows.thin).vs;
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
