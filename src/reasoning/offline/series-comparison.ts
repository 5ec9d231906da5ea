import { anomalyScore } from '../../core/analysis/anomaly-score';
import { onsetTime } from '../../core/analysis/change-point';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import type { TriageWindows } from './triage-windows';

/** How one series behaves in the incident compared with its references. */
export interface SeriesComparison {
  score: number;
  direction: 'up' | 'down' | 'none';
  currentMedian: number;
  currentPeak: number;
  referenceMedian: number;
  ratio: number;
  onset?: number;
  /** Which references the score holds against. */
  against: string[];
}

/** A long baseline needs a few points to be a distribution; the minutes just before may be one coarse sample. */
const MIN_BASELINE_POINTS = 3;
const MIN_PRE_INCIDENT_POINTS = 1;

export function valuesIn(timestamps: number[], values: number[], range: TimeRange | null): { ts: number[]; vs: number[] } {
  if (!range) return { ts: [], vs: [] };
  const { startMs, endMs } = rangeMs(range);
  const ts: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < timestamps.length; i += 1) {
    const t = timestamps[i] * 1000;
    if (t >= startMs && t <= endMs && Number.isFinite(values[i])) {
      ts.push(timestamps[i]);
      vs.push(values[i]);
    }
  }
  return { ts, vs };
}

/**
 * Scores a series' incident period against the fault-free baseline and against the minutes just
 * before the incident. When both exist, the anomaly must hold against both (the smaller score
 * counts): a baseline recorded long ago can differ for reasons that have nothing to do with the
 * incident, and the minutes just before can already carry an earlier problem.
 */
export function compareSeries(
  timestamps: number[],
  values: number[],
  windows: TriageWindows,
  baselineValues: number[] | null,
  badDirection: 'up' | 'down' | 'both',
): SeriesComparison | null {
  const incident = valuesIn(timestamps, values, windows.incident);
  if (incident.vs.length === 0) return null;
  const pre = valuesIn(timestamps, values, windows.preIncident);
  const references: Array<{ name: string; values: number[] }> = [];
  if (baselineValues && baselineValues.length >= MIN_BASELINE_POINTS) references.push({ name: 'baseline', values: baselineValues });
  if (pre.vs.length >= MIN_PRE_INCIDENT_POINTS) references.push({ name: 'pre-incident', values: pre.vs });
  if (references.length === 0) return null;

  const scored = references.map((ref) => ({ ref, result: anomalyScore(incident.vs, ref.values) }));
  const wanted = (direction: string): boolean => badDirection === 'both' ? direction !== 'none' : direction === badDirection;
  const agreeing = scored.filter((s) => wanted(s.result.direction));
  const weakest = scored.reduce((a, b) => (a.result.score <= b.result.score ? a : b));
  const main = scored[0];
  const score = agreeing.length === scored.length ? weakest.result.score : 0;
  const reference = main.ref.values;
  const onsetSeries = [...pre.ts, ...incident.ts];
  const onsetValues = [...pre.vs, ...incident.vs];
  // The onset of the change found, on its side: a dip before a rise is not where the rise began.
  const direction = main.result.direction === 'none' ? 'both' : main.result.direction;
  const onset = score > 0 ? onsetTime(onsetSeries, onsetValues, reference, { threshold: 3, persistence: onsetPersistence(windows.stepMs), direction }) ?? undefined : undefined;
  return {
    score,
    direction: main.result.direction,
    currentMedian: main.result.currentMedian,
    currentPeak: main.result.currentPeak,
    referenceMedian: main.result.baselineMedian,
    ratio: main.result.ratio,
    onset,
    against: scored.map((s) => s.ref.name),
  };
}

/**
 * How many consecutive abnormal samples make an onset: a departure must last about two minutes to
 * count, so two samples at a 1-minute (or finer) cadence, but a single coarse sample (5-minute
 * CloudWatch periods) already spans longer than that. Without it, an onset on coarse data needs two
 * abnormal periods and is unknown for most of an incident.
 */
export const ONSET_PERSISTENCE_MS = 2 * 60_000;
export function onsetPersistence(stepMs: number | undefined): number {
  return stepMs !== undefined && stepMs >= ONSET_PERSISTENCE_MS ? 1 : 2;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  return String(Math.round(value * 1000) / 1000);
}
