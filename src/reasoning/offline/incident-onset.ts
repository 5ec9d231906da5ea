import { detectChangePoint } from '../../core/analysis/change-point';
import type { IncidentOnsetFinding, InvestigationContext } from '../../core/ports/reasoner';
import { median, robustScale } from '../../core/analysis/robust-statistics';
import { timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { badDirection, familyOf } from './signal-families';
import { incidentLeadMs } from './triage-windows';

/** How far before the alert an onset is searched for: alerts fire minutes, rarely a quarter-hour, late. */
const MAX_LATENESS_MS = 15 * 60_000;
const SYMPTOM_FAMILIES = new Set(['latency', 'availability', 'errors']);
/** The symptom families each kind of alert names. */
const ALERTED_FAMILIES: Partial<Record<string, ReadonlySet<string>>> = {
  latency: new Set(['latency']),
  availability: new Set(['availability', 'errors']),
  errors: new Set(['availability', 'errors']),
};

/** When the incident began, as the data tells it (unix ms of the first changed sample, where seen). */
export type IncidentOnset = IncidentOnsetFinding;

/**
 * Finds when the incident began: a lasting change in the bad direction of the alert's own signal
 * (latency, availability, errors of the alerting service, the kind the alert names first) starting
 * in the minutes before the alert; when that signal shows none, the earliest such change of a direct neighbour in the
 * topology: the start of the latest run of samples abnormal against the known fault-free period,
 * or (without one, on series long enough) the most significant level shift of the series. Only an onset earlier than the usual alert lead is returned (the default
 * incident period already covers later ones); undefined when nothing changed.
 */
export async function findIncidentOnset(context: InvestigationContext, symptomService: string | undefined, stepMs: number | undefined): Promise<IncidentOnset | undefined> {
  if (!symptomService) return undefined;
  const fired = Math.min(Date.parse(context.alert.firedAt), Date.parse(context.window.end));
  const windowStart = Date.parse(context.window.start);
  const from = Math.max(windowStart, fired - MAX_LATENESS_MS);
  const latest = fired - incidentLeadMs(stepMs);
  if (latest <= from) return undefined;
  // The alert's own signal changed: its onset decides, even when it is within the usual alert lead
  // (the default incident period then covers it). The neighbours are asked only when it shows none.
  // Among its symptom signals, the ones the alert names come first: a success-rate alert's onset is
  // when the failures began, not an earlier wobble of a tail latency over a few requests.
  const named = ALERTED_FAMILIES[context.alert.symptom.signal];
  const shifts = await shiftsOf(context, symptomService, from, Date.parse(context.window.end), named);
  const alerted = named ? shifts.filter((shift) => named.has(familyOf(shift.metric))) : [];
  const own = alerted.length > 0 ? alerted : shifts;
  if (own.length > 0) {
    const first = earliest(own);
    return first.atMs < latest ? first : undefined;
  }
  const neighbours = new Set<string>();
  for (const call of context.topology?.calls ?? []) {
    if (call.from === symptomService) neighbours.add(call.to);
    if (call.to === symptomService) neighbours.add(call.from);
  }
  neighbours.delete(symptomService);
  const found = (await Promise.all([...neighbours].slice(0, 12).map((service) => shiftsOf(context, service, from, latest)))).flat();
  return found.length > 0 ? earliest(found) : undefined;
}

/** Fewest samples a series needs for a level shift to be told without a fault-free reference. */
const MIN_POINTS_FOR_SHIFT = 10;
/** Robust z against the fault-free period from which a sample counts as abnormal. */
const ABNORMAL_Z = 4;

async function shiftsOf(context: InvestigationContext, service: string, from: number, latest: number, first?: ReadonlySet<string>): Promise<IncidentOnset[]> {
  const symptomMetrics = (context.catalog.metrics[service] ?? []).filter((m) => SYMPTOM_FAMILIES.has(familyOf(m)));
  const named = first ? symptomMetrics.filter((m) => first.has(familyOf(m))) : [];
  const metrics = [...named, ...symptomMetrics.filter((m) => !named.includes(m))];
  const onsets: IncidentOnset[] = [];
  const query = (metric: string, range: TimeRange) =>
    context.query({ name: 'metric_range', params: { metric, service, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } }, null);
  const baseline = context.baseline && Date.parse(context.baseline.end) < from ? context.baseline : undefined;
  for (const metric of metrics.slice(0, 6)) {
    const outcome = await query(metric, timeRange(from, Date.parse(context.window.end)));
    if (outcome.data?.kind !== 'metric_range') continue;
    const direction = badDirection(familyOf(metric));
    const reference = baseline ? await query(metric, baseline) : undefined;
    for (const series of outcome.data.series) {
      const normal = reference?.data?.kind === 'metric_range' ? reference.data.series.find((s) => s.service === series.service)?.values : undefined;
      const atSec = onsetOf(series.timestamps, series.values, normal, direction);
      if (atSec !== undefined && atSec * 1000 < latest) onsets.push({ atMs: atSec * 1000, service, metric });
    }
  }
  return onsets;
}

/**
 * Against the fault-free period when there is one; else the most significant level shift of a
 * series long enough to tell one; else (a few coarse samples) against the first samples.
 */
function onsetOf(timestamps: readonly number[], values: readonly number[], normal: readonly number[] | undefined, direction: 'up' | 'down' | 'both'): number | undefined {
  if (normal && normal.length >= 3) return lastingDeparture(timestamps, values, normal, direction);
  if (values.length >= MIN_POINTS_FOR_SHIFT) return levelShift(timestamps, values, direction);
  return departureFromLeadingSamples(timestamps, values, direction);
}

/**
 * On a few coarse samples (5-minute periods) without a fault-free period: the earliest sample from
 * which every later sample departs (in the bad direction) from all the samples before it. The
 * samples before the candidate onset are the reference, never the candidate itself: with one or
 * two samples before the alert, a reference that included the first changed sample would hide the
 * change it should reveal.
 */
/** A departure seen in one sample only has not been seen to last. */
const MIN_LASTING_SAMPLES = 2;

function departureFromLeadingSamples(timestamps: readonly number[], values: readonly number[], direction: 'up' | 'down' | 'both'): number | undefined {
  const finite = values.map((v, i) => ({ t: timestamps[i], v })).filter((p) => Number.isFinite(p.v));
  if (finite.length < 2) return undefined;
  for (let i = 1; i <= finite.length - MIN_LASTING_SAMPLES; i++) {
    const normal = finite.slice(0, i).map((p) => p.v);
    const later = finite.slice(i);
    if (later.every((p) => departs(p.v, normal, direction))) return finite[i].t;
  }
  return undefined;
}

function departs(value: number, normal: readonly number[], direction: 'up' | 'down' | 'both'): boolean {
  const center = median([...normal]);
  const scale = Math.max(robustScale([...normal]) || 0, Math.abs(center) * 0.05) || 1;
  const z = (value - center) / scale;
  return direction === 'up' ? z >= ABNORMAL_Z : direction === 'down' ? z <= -ABNORMAL_Z : Math.abs(z) >= ABNORMAL_Z;
}

/**
 * The start of the latest run of abnormal samples (in the bad direction, against `normal`): the
 * fault may have faded by the latest sample, its start is what matters.
 */
function lastingDeparture(timestamps: readonly number[], values: readonly number[], normal: readonly number[], direction: 'up' | 'down' | 'both'): number | undefined {
  const center = median([...normal]);
  // A floor of 5 % of the level: with few reference samples, their spread says little.
  const scale = Math.max(robustScale([...normal]) || 0, Math.abs(center) * 0.05) || 1;
  const abnormal = (v: number) => {
    const z = (v - center) / scale;
    return direction === 'up' ? z >= ABNORMAL_Z : direction === 'down' ? z <= -ABNORMAL_Z : Math.abs(z) >= ABNORMAL_Z;
  };
  let onset: number | undefined;
  for (let i = values.length - 1; i >= 0; i--) {
    if (!Number.isFinite(values[i])) continue;
    if (abnormal(values[i])) onset = timestamps[i];
    else if (onset !== undefined) break;
  }
  // A departure that began with the first sample of the range may have begun earlier: no onset.
  return onset !== undefined && onset > timestamps[0] ? onset : undefined;
}

/** Where the series shifted for good in the bad direction, on series long enough to tell. */
function levelShift(timestamps: readonly number[], values: readonly number[], direction: 'up' | 'down' | 'both'): number | undefined {
  if (values.length < MIN_POINTS_FOR_SHIFT) return undefined;
  const shift = detectChangePoint(timestamps, values);
  if (!shift || (direction !== 'both' && shift.direction !== direction)) return undefined;
  return shift.timestamp;
}

function earliest(onsets: IncidentOnset[]): IncidentOnset {
  return onsets.reduce((a, b) => (b.atMs < a.atMs ? b : a));
}
