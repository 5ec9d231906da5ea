/**
 * Attributes latency and errors of traces to the services that caused them: self time (time a
 * span spends in itself rather than waiting for its children) and the deepest failing span.
 */
import { parseIsoInstant } from '../telemetry/iso-instant';
import type { SpanRecord } from '../telemetry/query-results';
import { mean, standardDeviation } from './robust-statistics';

/** Self-time totals of one service. */
export interface ServiceSelfTime {
  count: number;
  totalSelfMs: number;
  meanSelfMs: number;
}

/** One row of {@link compareSelfTime}. */
export interface SelfTimeComparison {
  service: string;
  /** NaN when the service has no baseline spans. */
  baselineMeanSelfMs: number;
  /** NaN when the service has no current spans. */
  currentMeanSelfMs: number;
  /** current / baseline mean; NaN when either is unknown or the baseline mean is 0. */
  ratio: number;
  /**
   * Signed Welch t statistic of log(1 + self ms), current against baseline: positive when self
   * time grew. The log tames the heavy tails of latency (a few slow spans neither hide nor fake a
   * shift of the whole distribution); like any significance, it grows with the span count.
   * 0 when either window has fewer than 3 spans of the service.
   */
  score: number;
}

const key = (traceId: string, spanId: string) => `${traceId}\u0000${spanId}`;

/** Fewest spans per window for a self-time comparison to be scored. */
const MIN_SPANS = 3;
/** Floor of the standard error in log(1 + ms) units (~1 %), so identical windows cannot divide by 0. */
const MIN_STANDARD_ERROR = 0.01;

/**
 * Self time of every span, keyed by spanId: its duration minus the time covered by its direct
 * children. Coverage is the union of the children's intervals clipped to the parent's interval;
 * because clocks of different hosts are skewed, it is never taken below the duration of the
 * longest child that fits in the parent. Without parseable start times the children's durations
 * are summed (clipped to the parent's). Never negative, never above the span's own duration.
 */
export function selfTimes(spans: readonly SpanRecord[]): Map<string, number> {
  const values = selfTimeList(spans);
  return new Map(spans.map((span, i) => [span.spanId, values[i]]));
}

/** Self time of each span, parallel to `spans` (immune to span ids reused across traces). */
function selfTimeList(spans: readonly SpanRecord[]): number[] {
  const children = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    if (span.parentSpanId === null) continue;
    const parentKey = key(span.traceId, span.parentSpanId);
    const list = children.get(parentKey);
    if (list) list.push(span);
    else children.set(parentKey, [span]);
  }
  return spans.map((span) => {
    const duration = Math.max(0, span.durationMs);
    const kids = children.get(key(span.traceId, span.spanId)) ?? [];
    return Math.max(0, duration - coverage(span, kids, duration));
  });
}

function coverage(parent: SpanRecord, kids: readonly SpanRecord[], duration: number): number {
  if (kids.length === 0) return 0;
  // A child no longer than its parent may have run synchronously inside it even when skewed
  // clocks place it elsewhere; a longer child ran asynchronously and only its overlap counts.
  const longest = Math.max(0, ...kids.map((k) => k.durationMs).filter((d) => d <= duration));
  const parentStart = startMs(parent.start);
  const starts = kids.map((k) => startMs(k.start));
  if (Number.isNaN(parentStart) || starts.some(Number.isNaN)) {
    return Math.min(duration, kids.reduce((sum, k) => sum + Math.max(0, k.durationMs), 0));
  }
  const parentEnd = parentStart + duration;
  const intervals = kids
    .map((k, i) => [Math.max(parentStart, starts[i]), Math.min(parentEnd, starts[i] + Math.max(0, k.durationMs))])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = -Infinity;
  for (const [from, to] of intervals) {
    if (to <= reach) continue;
    covered += to - Math.max(from, reach);
    reach = to;
  }
  return Math.max(covered, longest);
}

/**
 * Milliseconds since the epoch of an ISO 8601 timestamp, keeping sub-millisecond digits
 * (span starts carry nanoseconds, which Date.parse would drop); a time without a zone is UTC.
 * NaN when unparseable.
 */
export function startMs(iso: string): number {
  // Timestamps are short; a longer text is not one, and the pattern below need not scan it.
  if (iso.length > 64) return Number.NaN;
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  if (!match) return parseIsoInstant(iso);
  const whole = Date.parse(`${match[1]}${match[3] ?? 'Z'}`);
  const fraction = match[2] ? Number(`0.${match[2]}`) * 1000 : 0;
  return whole + fraction;
}

/** Self-time count, total and mean per service. */
export function serviceSelfTime(spans: readonly SpanRecord[]): Map<string, ServiceSelfTime> {
  const self = selfTimeList(spans);
  const result = new Map<string, ServiceSelfTime>();
  for (const [i, span] of spans.entries()) {
    const entry = result.get(span.service) ?? { count: 0, totalSelfMs: 0, meanSelfMs: 0 };
    entry.count++;
    entry.totalSelfMs += self[i];
    entry.meanSelfMs = entry.totalSelfMs / entry.count;
    result.set(span.service, entry);
  }
  return result;
}

/**
 * Errored traces per blamed service: in each trace with errored spans the error is attributed to
 * the service of the deepest errored span (the one farthest from the root; ties go to the span
 * that started first), since callers usually fail because a callee failed.
 */
export function errorAttribution(spans: readonly SpanRecord[]): Map<string, number> {
  const byKey = new Map(spans.map((span) => [key(span.traceId, span.spanId), span]));
  const depths = new Map<string, number>();
  const depthOf = (span: SpanRecord, visiting = new Set<string>()): number => {
    const spanKey = key(span.traceId, span.spanId);
    const known = depths.get(spanKey);
    if (known !== undefined) return known;
    const parent = span.parentSpanId === null ? undefined : byKey.get(key(span.traceId, span.parentSpanId));
    visiting.add(spanKey);
    // A parent cycle (corrupt data) is cut where it closes.
    const depth = parent && !visiting.has(key(parent.traceId, parent.spanId)) ? depthOf(parent, visiting) + 1 : 0;
    depths.set(spanKey, depth);
    return depth;
  };

  const blamed = new Map<string, SpanRecord>();
  for (const span of spans) {
    if (!span.error) continue;
    const previous = blamed.get(span.traceId);
    if (!previous || isBlamedBefore(span, previous, depthOf)) blamed.set(span.traceId, span);
  }
  const counts = new Map<string, number>();
  for (const span of blamed.values()) counts.set(span.service, (counts.get(span.service) ?? 0) + 1);
  return counts;
}

function isBlamedBefore(
  candidate: SpanRecord,
  incumbent: SpanRecord,
  depthOf: (span: SpanRecord) => number,
): boolean {
  const depthDifference = depthOf(candidate) - depthOf(incumbent);
  if (depthDifference !== 0) return depthDifference > 0;
  return startMs(candidate.start) < startMs(incumbent.start);
}

/**
 * Per-service self-time change between a baseline and a current set of spans, services whose
 * self time grew most first (see {@link SelfTimeComparison.score}).
 */
export function compareSelfTime(
  baseline: readonly SpanRecord[],
  current: readonly SpanRecord[],
): SelfTimeComparison[] {
  const before = selfTimesByService(baseline);
  const now = selfTimesByService(current);
  const services = new Set([...before.keys(), ...now.keys()]);
  const rows = [...services].map((service): SelfTimeComparison => {
    const baselineValues = before.get(service) ?? [];
    const currentValues = now.get(service) ?? [];
    const baselineMeanSelfMs = mean(baselineValues);
    const currentMeanSelfMs = mean(currentValues);
    const ratio = baselineMeanSelfMs > 0 ? currentMeanSelfMs / baselineMeanSelfMs : NaN;
    let score = 0;
    if (baselineValues.length >= MIN_SPANS && currentValues.length >= MIN_SPANS) {
      score = welchT(currentValues.map(Math.log1p), baselineValues.map(Math.log1p));
    }
    return { service, baselineMeanSelfMs, currentMeanSelfMs, ratio, score };
  });
  return rows.sort((a, b) => b.score - a.score || a.service.localeCompare(b.service));
}

/** (mean(a) − mean(b)) / √(var(a)/n_a + var(b)/n_b), with a floor on the standard error. */
function welchT(a: readonly number[], b: readonly number[]): number {
  const variance = (xs: readonly number[]) => standardDeviation(xs) ** 2 / xs.length;
  const standardError = Math.max(Math.sqrt(variance(a) + variance(b)), MIN_STANDARD_ERROR);
  return (mean(a) - mean(b)) / standardError;
}

function selfTimesByService(spans: readonly SpanRecord[]): Map<string, number[]> {
  const self = selfTimeList(spans);
  const result = new Map<string, number[]>();
  for (const [i, span] of spans.entries()) {
    const list = result.get(span.service) ?? [];
    list.push(self[i]);
    result.set(span.service, list);
  }
  return result;
}
