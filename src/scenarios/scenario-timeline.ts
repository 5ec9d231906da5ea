/**
 * The time frame of a scenario, in unix seconds: a ~30-minute window whose first minutes are a
 * fault-free baseline, a fault starting ~20 minutes in, and an alert a few minutes after it.
 */
export interface ScenarioTimeline {
  start: number;
  end: number;
  /** When the injected fault begins (the first cause in the chain may start a little earlier). */
  faultAt: number;
  alertAt: number;
  baseline: { start: number; end: number };
  /** Scrape interval of the generated metrics. */
  stepSeconds: number;
}

export interface TimelineOptions {
  durationSeconds?: number;
  faultOffsetSeconds?: number;
  alertDelaySeconds?: number;
  baselineSeconds?: number;
  stepSeconds?: number;
}

/** Builds a timeline starting at `startIso` (a whole-second UTC instant). */
export function createTimeline(startIso: string, options: TimelineOptions = {}): ScenarioTimeline {
  const start = Date.parse(startIso) / 1000;
  const faultAt = start + (options.faultOffsetSeconds ?? 1200);
  return {
    start,
    end: start + (options.durationSeconds ?? 1800),
    faultAt,
    alertAt: faultAt + (options.alertDelaySeconds ?? 150),
    baseline: { start, end: start + (options.baselineSeconds ?? 600) },
    stepSeconds: options.stepSeconds ?? 15,
  };
}

/** `YYYY-MM-DDTHH:MM:SSZ` (whole seconds), the format of case.json times. */
export function isoSeconds(t: number): string {
  return new Date(Math.floor(t) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO 8601 with milliseconds, the format of log and event times. */
export function isoMillis(t: number): string {
  return new Date(Math.floor(t * 1000)).toISOString();
}

/** ISO 8601 with nanoseconds (microsecond precision), the format of span start times. */
export function isoNanos(t: number): string {
  const micros = Math.floor(t * 1e6);
  const millisIso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${millisIso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}000Z`;
}

/** `HH:MM:SS.mmm` of a UTC instant (the leading time of day of a logback line). */
export function timeOfDay(t: number): string {
  return isoMillis(t).slice(11, 23);
}
