import { median } from '../../core/analysis/robust-statistics';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { quantileOf } from './latency-levels';
import { formatNumber } from './series-comparison';
import { familyOf } from './signal-families';
import { referenceRanges, type TriageWindows } from './triage-windows';

/** A quantile whose rise is at most this share of the largest one held… */
const HELD = 0.25;
/**
 * …at least this share, rose (a quantile just inside the delayed calls rises by less than the
 * delay: it falls on the quicker of them); in between, it sits on the edge of the delayed calls.
 */
const ROSE = 0.45;
/** A share of calls within this factor of a quantile's edge (1 − q) may or may not lift it. */
const EDGE_MARGIN = 0.3;
/** Quantiles a caller's client latency needs, for their rises to say anything. */
const MIN_QUANTILES = 2;

/** Where a caller's delayed calls go, by how the quantiles of its client latency rose. */
export interface QuantileReading {
  callee: string;
  detail: string;
  evidenceIds: string[];
}

/**
 * Which one of a caller's links a delay on the wire is on, when its client latency is one number
 * over all its calls: a delay on the calls to one callee, larger than their normal spread, lifts
 * the quantile q of all the caller's calls by about the delay when that callee takes more than
 * 1 − q of them, and barely when it takes less (p90 held while p99 rose: under a tenth of the
 * calls are delayed). Each candidate's share of the caller's calls, from the reference traces,
 * must fit every quantile the caller exports; when exactly one candidate fits for every delayed
 * caller that calls it, that is the link. Undefined otherwise.
 */
export async function readQuantileSignature(context: InvestigationContext, windows: TriageWindows, links: ReadonlyArray<{ caller: string; callee: string }>): Promise<QuantileReading | undefined> {
  const references = referenceRanges(windows);
  const callers = [...new Set(links.map((l) => l.caller))];
  const candidates = [...new Set(links.map((l) => l.callee))];
  // One candidate needs no telling apart.
  if (references.length === 0 || candidates.length < 2) return undefined;
  const readings = new Map<string, { rises: Rise[]; shares: Map<string, number> }>();
  const traced = await callShares(context, references);
  const evidenceIds: string[] = [...traced.evidenceIds];
  for (const caller of callers) {
    const quantiles = (context.catalog.metrics[caller] ?? [])
      .filter((m) => familyOf(m) === 'client-latency')
      .map((name) => ({ name, q: quantileOf(name) }))
      .filter((m): m is { name: string; q: number } => m.q !== undefined);
    const shares = traced.shares.get(caller) ?? new Map<string, number>();
    if (quantiles.length < MIN_QUANTILES || shares.size === 0) continue;
    const read = await quantileRises(context, caller, quantiles, windows.incident, references);
    evidenceIds.push(...read.evidenceIds);
    if (read.rises.length >= MIN_QUANTILES) readings.set(caller, { rises: read.rises, shares });
  }
  if (readings.size === 0) return undefined;
  const fitting = candidates.filter((callee) => {
    const read = links.filter((l) => l.callee === callee && readings.has(l.caller));
    return read.length > 0 && read.every(({ caller }) => fits(readings.get(caller)!.rises, readings.get(caller)!.shares.get(callee) ?? 0));
  });
  if (fitting.length !== 1) return undefined;
  const callee = fitting[0];
  const details = links
    .filter((l) => l.callee === callee && readings.has(l.caller))
    .map(({ caller }) => {
      const { rises, shares } = readings.get(caller)!;
      const risen = rises.map((r) => `p${Math.round(r.q * 100)} +${formatNumber(r.rise * 1000)} ms`).join(', ');
      const others = [...shares].filter(([service]) => service !== callee && candidates.includes(service)).map(([service, share]) => `${service} ${percent(share)}`);
      return `${caller}'s client latency rose ${risen}, as a delay on ${percent(shares.get(callee) ?? 0)} of its calls would (its calls to ${callee} in the reference traces); its other callees' shares (${others.join(', ')}) do not fit`;
    });
  return { callee, detail: details.join('; '), evidenceIds };
}

/** How far one quantile of a caller's client latency rose while it was delayed: its part of the largest rise, and the rise. */
interface Rise {
  q: number;
  /** Median, over the delayed samples, of this quantile's rise over the largest quantile rise at that time (0..1). */
  part: number;
  /** Median rise over normal, in the metric's unit. */
  rise: number;
}

/** A sample counts as delayed when its largest quantile rise is at least this share of the peak. */
const DELAYED_SAMPLE = 0.5;
/** Delayed samples needed to read the quantiles' parts. */
const MIN_SAMPLES = 3;

/**
 * Each quantile's rise, sample by sample: the same scrape's quantiles are compared with each
 * other (each against its own normal median), only in the samples where the delay shows, so
 * that the minutes of the incident window before it began do not blur their parts.
 */
async function quantileRises(context: InvestigationContext, caller: string, quantiles: ReadonlyArray<{ name: string; q: number }>, incident: TimeRange, references: readonly TimeRange[]): Promise<{ rises: Rise[]; evidenceIds: string[] }> {
  const evidenceIds: string[] = [];
  const read = await Promise.all(
    quantiles.map(async ({ name, q }) => {
      const query = (range: TimeRange) => context.query({ name: 'metric_range', params: { metric: name, service: caller, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } }, null);
      const [now, ...before] = await Promise.all([query(incident), ...references.map(query)]);
      evidenceIds.push(now.evidence.id, ...before.map((b) => b.evidence.id));
      const normal = before.flatMap((b) => (b.data?.kind === 'metric_range' ? b.data.series.filter((x) => x.service === caller).flatMap((x) => x.values.filter(Number.isFinite)) : []));
      const series = now.data?.kind === 'metric_range' ? now.data.series.find((x) => x.service === caller) : undefined;
      if (!series || normal.length < MIN_SAMPLES) return undefined;
      const base = median(normal);
      return { q, rises: new Map(series.timestamps.map((t, i) => [t, series.values[i] - base] as const).filter(([, v]) => Number.isFinite(v))) };
    }),
  );
  const known = read.filter((r): r is { q: number; rises: Map<number, number> } => r !== undefined);
  if (known.length < MIN_QUANTILES) return { rises: [], evidenceIds };
  const times = [...known[0].rises.keys()].filter((t) => known.every((k) => k.rises.has(t)));
  const largest = new Map(times.map((t) => [t, Math.max(...known.map((k) => k.rises.get(t)!))]));
  const peak = Math.max(0, ...largest.values());
  const delayed = times.filter((t) => peak > 0 && largest.get(t)! >= DELAYED_SAMPLE * peak);
  if (delayed.length < MIN_SAMPLES) return { rises: [], evidenceIds };
  const rises = known
    .map((k) => ({ q: k.q, part: median(delayed.map((t) => Math.max(0, k.rises.get(t)!) / largest.get(t)!)), rise: median(delayed.map((t) => k.rises.get(t)!)) }))
    .sort((a, b) => a.q - b.q);
  return { rises, evidenceIds };
}

/** Whether a delay on this share of the calls lifts each quantile as it rose. */
function fits(rises: readonly Rise[], share: number): boolean {
  return rises.every(({ q, part }) => {
    const edge = 1 - q;
    const expected = share >= edge * (1 + EDGE_MARGIN) ? 'rose' : share <= edge * (1 - EDGE_MARGIN) ? 'held' : 'edge';
    const seen = part <= HELD ? 'held' : part >= ROSE ? 'rose' : 'edge';
    return expected === 'edge' || expected === seen;
  });
}

/**
 * Per caller, each callee's share of all the calls it makes to other services in the reference
 * traces: every call between services is one child span of one of the caller's operations (its
 * handler, or a client step of its own), so summing those children counts each call once.
 */
async function callShares(context: InvestigationContext, references: readonly TimeRange[]): Promise<{ shares: Map<string, Map<string, number>>; evidenceIds: string[] }> {
  const counts = new Map<string, Map<string, number>>();
  const evidenceIds: string[] = [];
  const outcomes = await Promise.all(references.map((range) => context.query({ name: 'operation_shape', params: { range } }, null)));
  for (const outcome of outcomes) {
    evidenceIds.push(outcome.evidence.id);
    if (outcome.data?.kind !== 'operation_shape') continue;
    for (const op of outcome.data.operations) {
      const callees = counts.get(op.service) ?? counts.set(op.service, new Map()).get(op.service)!;
      for (const call of op.calls) if (call.service !== op.service) callees.set(call.service, (callees.get(call.service) ?? 0) + call.count);
    }
  }
  const shares = new Map<string, Map<string, number>>();
  for (const [caller, callees] of counts) {
    const total = [...callees.values()].reduce((a, b) => a + b, 0);
    if (total > 0) shares.set(caller, new Map([...callees].map(([callee, count]) => [callee, count / total])));
  }
  return { shares, evidenceIds };
}

function percent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}
