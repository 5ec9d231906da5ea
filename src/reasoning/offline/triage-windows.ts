import type { InvestigationContext } from '../../core/ports/reasoner';
import { timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';

/**
 * How far before the alert the incident period starts: alerts fire a few evaluations after the
 * fault began. With coarse data (samples further apart than half this lead) the sample the alert
 * fired on is the first that can carry the fault, so the lead shrinks to half a sampling interval.
 */
export const INCIDENT_LEAD_MS = 4 * 60_000;

export function incidentLeadMs(stepMs: number | undefined): number {
  return stepMs !== undefined && stepMs > INCIDENT_LEAD_MS / 2 ? stepMs / 2 : INCIDENT_LEAD_MS;
}
/** The shortest period that can stand for normal behaviour. */
const MIN_REFERENCE_MS = 60_000;
/** How much of the time just before the incident serves as the "recent normal". */
export const PRE_INCIDENT_SPAN_MS = 15 * 60_000;

/** The periods every comparison uses. */
export interface TriageWindows {
  /** Where the fault is expected to show: from shortly before the alert to the window's end. */
  incident: TimeRange;
  /** The minutes just before the incident, when the window has them. */
  preIncident: TimeRange | null;
  /** The known fault-free period, when it lies outside the incident period. */
  baseline: TimeRange | null;
  /**
   * When neither of the above exists because the alert came minutes after the data started: the
   * only normal there is (a declared baseline that ends before the alert, else the first minute),
   * too short for statistics. Only one-sided checks read it: a resource going from well below its
   * limit to at it, a latency that rose many-fold.
   */
  thin?: TimeRange;
  /** The alert time, unix seconds. */
  firedAtSec: number;
  /** The metrics' sampling interval, when known. */
  stepMs?: number;
}

/**
 * The baseline as a metric query range: widened by one sampling interval on each side, so a short
 * baseline recorded at coarse resolution still holds the samples taken around it.
 */
export function baselineMetricRange(windows: TriageWindows): TimeRange | null {
  if (!windows.baseline) return null;
  const pad = windows.stepMs ?? 0;
  return timeRange(Date.parse(windows.baseline.start) - pad, Date.parse(windows.baseline.end) + pad);
}

/**
 * The periods of an investigation. With `onsetMs` (when the data says the incident began, earlier
 * than the alert's usual lead) the incident period starts at that onset, and the recent normal
 * ends before it rather than just before the alert.
 */
export function triageWindows(context: InvestigationContext, stepMs?: number, onsetMs?: number): TriageWindows {
  const windowStart = Date.parse(context.window.start);
  const windowEnd = Date.parse(context.window.end);
  const fired = Math.min(Math.max(Date.parse(context.alert.firedAt), windowStart), windowEnd);
  const byLead = fired - incidentLeadMs(stepMs);
  const byOnset = onsetMs !== undefined ? onsetMs - Math.min(stepMs ?? 0, 60_000) / 2 : byLead;
  const periods = (incidentStart: number) => {
    const preStart = Math.max(windowStart, incidentStart - PRE_INCIDENT_SPAN_MS);
    const preIncident = incidentStart - preStart >= MIN_REFERENCE_MS ? timeRange(preStart, incidentStart - 1000) : null;
    let baseline: TimeRange | null = context.baseline ?? null;
    if (baseline && Date.parse(baseline.end) > incidentStart && Date.parse(baseline.start) < windowEnd) {
      // A "baseline" overlapping the incident is no baseline: keep only the part before it.
      const end = Math.min(Date.parse(baseline.end), incidentStart - 1000);
      baseline = end - Date.parse(baseline.start) >= MIN_REFERENCE_MS ? timeRange(Date.parse(baseline.start), end) : null;
    }
    return { incidentStart, preIncident, baseline };
  };
  let chosen = periods(Math.max(windowStart, Math.min(byLead, byOnset)));
  let thin: TimeRange | undefined;
  if (!chosen.preIncident && !chosen.baseline && onsetMs === undefined) {
    // The alert came minutes after the data started, and the usual lead leaves nothing to compare
    // with. A baseline declared fault-free that ends before the alert is normal until its end;
    // failing that, the first minute of data is the only normal there is. Either is too short for
    // statistics: it serves only changes too large to need them (a resource going to its limit).
    const declaredStart = context.baseline ? Date.parse(context.baseline.start) : NaN;
    const declaredEnd = context.baseline ? Date.parse(context.baseline.end) : NaN;
    const declared = declaredEnd > chosen.incidentStart && declaredEnd <= fired && declaredEnd - Math.max(declaredStart, windowStart) >= MIN_REFERENCE_MS / 2;
    const normal = declared
      ? { start: Math.max(declaredStart, windowStart), end: declaredEnd }
      : fired - windowStart >= 2 * MIN_REFERENCE_MS
        ? { start: windowStart, end: windowStart + MIN_REFERENCE_MS }
        : undefined;
    if (normal) {
      thin = timeRange(normal.start, normal.end - 1000);
      chosen = { incidentStart: normal.end, preIncident: null, baseline: null };
    }
  }
  const { incidentStart, preIncident, baseline } = chosen;
  return { incident: timeRange(incidentStart, windowEnd), preIncident, baseline, ...(thin ? { thin } : {}), firedAtSec: Math.floor(fired / 1000), stepMs };
}

/** Reference periods to compare the incident with, most trusted first. */
export function referenceRanges(windows: TriageWindows): TimeRange[] {
  return [windows.baseline, windows.preIncident].filter((r): r is TimeRange => r !== null);
}

/** Strength 0..1 of a robust z-like score: 3 → 0.5, 6 → 0.92, 1.5 → 0.22. */
export function strengthOf(score: number): number {
  if (!Number.isFinite(score) || score <= 0) return 0;
  return 1 / (1 + Math.exp(-(score - 3) / 1.2));
}

/** A symptom that showed this long after the incident period starts leaves normal minutes before it worth setting apart. */
const LATE_SYMPTOM_MS = 60_000;

/**
 * The incident period from when the alert's symptom surely showed: a minute before its first
 * changed sample (`onsetSec`), or before the alert when that came first. Undefined unless that is
 * well inside the period. Traces are compared over it as well as over the whole period: normal
 * minutes traced before the fault dilute a change, and when traces cover only a few minutes of
 * it, they can hide it.
 */
export function sinceSymptom(windows: TriageWindows, onsetSec: number): TimeRange | undefined {
  const start = Math.min(onsetSec, windows.firedAtSec) * 1000 - 60_000;
  if (start - Date.parse(windows.incident.start) < LATE_SYMPTOM_MS || start >= Date.parse(windows.incident.end)) return undefined;
  return timeRange(start, Date.parse(windows.incident.end));
}
