import type { ServiceGraph } from '../../core/analysis/service-graph';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { answerFinding, callerFinding, endedEarlyFinding, type CallerChange } from './metric-work-findings';
import { readLatencyLevels, type LatencyLevels } from './latency-levels';
import { requestCounts, workloadMetric } from './request-rate-metrics';
import type { ServiceFinding } from './service-finding';
import { referenceRanges, type TriageWindows } from './triage-windows';
import { callOrder } from './reference-call-order';
import { inflowOf, MAX_EXPLAINED, MIN_DROP, MIN_DROP_Z, partOf, unitKey, wholeWork, workUnits, type Inflow, type WorkUnit } from './metric-inflow';
import { callerStops, firstCallsKept, pairKey } from './metric-work-stops';

/** Kept: at most this share gone. */
const KEPT_DROP = 0.3;
/** Fewest requests of a caller in each period for its work to be compared. */
const MIN_REQUESTS = 8;
/** A callee whose own (server-side) latency fell below this share of its normal level returned early: it failed. */
const FAILED_LATENCY_RATIO = 0.7;
/**
 * A caller whose calls out (its client-side latency) answer this much sooner than normal had one
 * of them fail fast, though a percentile of the callee's own latency can hide it (most of its
 * calls fail in no time, the slowest still work): the callee whose own latency fell, below
 * {@link SOONER_CALLEE_RATIO}, while the caller's other callees held, is that one.
 */
const SOONER_CALLS_RATIO = 0.7;
const SOONER_CALLEE_RATIO = 0.9;
/** A call with at least this share gone is gone. */
const ALL_GONE = 0.9;
/** A caller's calls out take at least this share of its requests' time (client over server latency)… */
const CALLS_SHARE = 0.3;
/** …and its requests' latency held at this share of normal or more: it still makes its calls. */
const HELD_RATIO = 0.85;
/** Score of a change that removed all of a call, with evidence to spare (as for trace shape). */
const FULL_CHANGE_SCORE = 8;

/**
 * Work cut short, read from request-rate metrics, for incidents whose traces do not cover the
 * incident period: the metric analogue of trace shape. Each service's request count is predicted
 * from its callers' request counts (at the reference's calls per request, split between callers
 * as the reference traces split them); a callee that gets far fewer requests than its callers'
 * requests predict is being called less, by a caller whose own requests went on. That caller's
 * work stops part-way: either its own code (no call before the stop still made normally) or the
 * answer of the call it made just before the stop, whose own latency held (`trace-answer`), as
 * trace shape reads it. A stop right after a callee that itself failed (returned early) or cut its
 * own work is that callee's change, and the caller's counts for little.
 */
export async function surveyMetricWorkShape(context: InvestigationContext, windows: TriageWindows, graph: ServiceGraph | undefined, options: { since?: TimeRange; latency?: LatencyLevels } = {}): Promise<ServiceFinding[]> {
  const references = referenceRanges(windows);
  if (!graph || references.length === 0) return [];
  const workload = workloadMetric(context);
  if (!workload) return [];
  const periods = [windows.incident, ...(options.since ? [options.since] : [])];
  const [reference, order, ...now] = await Promise.all([
    requestCounts(context, workload, references),
    callOrder(context, references),
    ...periods.map((range) => requestCounts(context, workload, [range])),
  ]);
  // Without the reference's traces there is neither the order of calls nor how callers share a
  // callee, and request counts alone (sparse, bursty, branching work) make claims out of noise.
  if (order.operations.size === 0) return [];
  const latency = options.latency ?? (await readLatencyLevels(context, windows));
  // A service's own (server-side) latency now over normal, when measured.
  const ratioOf = (service: string) => {
    const level = latency?.server(service);
    return level && level.normal > 0 ? level.now / level.normal : undefined;
  };
  const evidenceIds = [...reference.evidenceIds, ...order.evidenceIds, ...now.flatMap((n) => n.evidenceIds), ...(latency?.evidenceIds ?? [])];
  const units = workUnits(graph, order);
  // A caller whose calls out are a good part of its requests' time and whose latency held still
  // makes its calls: it cannot have stopped all of them.
  const stillCalls = (caller: string) => {
    const server = latency?.server(caller);
    const client = latency?.client(caller);
    return server !== undefined && client !== undefined && server.normal > 0 && client.normal >= CALLS_SHARE * server.normal && server.now >= HELD_RATIO * server.normal;
  };
  const best = new Map<string, CallerChange>();
  for (const period of now) {
    const inflows = [...reference.counts.keys()].map((callee) => inflowOf(callee, units, reference, period.counts)).filter((i): i is Inflow => i !== undefined);
    for (const change of callerChanges(units, inflows, reference.counts, period.counts, stillCalls)) {
      const key = change.key;
      if (change.score > (best.get(key)?.score ?? 0)) best.set(key, change);
    }
  }
  const findings: ServiceFinding[] = [];
  // Services whose answers stop some caller's work.
  const answering = new Set([...best.values()].flatMap((c) => (c.lastKept ? [c.lastKept] : [])));
  const changed = new Set([...best.values()].map((c) => c.caller));
  const returnedEarly = (service: string) => (ratioOf(service) ?? 1) < FAILED_LATENCY_RATIO;
  const clientRatioOf = (service: string) => {
    const level = latency?.client(service);
    return level && level.normal > 0 ? level.now / level.normal : undefined;
  };
  // The one callee of `caller` that answers sooner while the caller's calls, together, answer far sooner.
  const soonerCallee = (caller: string): string | undefined => {
    if ((clientRatioOf(caller) ?? 1) >= SOONER_CALLS_RATIO) return undefined;
    const fell = graph.callees(caller).filter((s) => (ratioOf(s) ?? 1) < SOONER_CALLEE_RATIO);
    return fell.length === 1 ? fell[0] : undefined;
  };
  for (const change of best.values()) {
    const last = change.lastKept;
    // The callee answered, then the caller stopped: a reaction when that callee failed, cut its
    // own work, or passes on the answer of a service below it whose answers stop other work too,
    // or the failure of one below it that returns early.
    const origin = last !== null && !changed.has(last) ? failedFrom(last, change.caller, graph, returnedEarly, ratioOf, soonerCallee) : undefined;
    const failed = origin?.service;
    const passesOn = last !== null && graph.downstream(last).some((below) => below !== change.caller && answering.has(below));
    const reactsTo = last !== null && (failed !== undefined || changed.has(last) || passesOn) ? last : null;
    findings.push(callerFinding(change, reactsTo, order, evidenceIds));
    if (last !== null && reactsTo === null) findings.push(answerFinding(change, last, order, evidenceIds));
    // A service that returns far sooner without cutting calls of its own fails in its own code.
    if (failed !== undefined) {
      const sooner = origin?.soonerFor === undefined ? undefined : { caller: origin.soonerFor, ratio: clientRatioOf(origin.soonerFor) as number };
      findings.push(endedEarlyFinding(change, failed, ratioOf(failed) as number, order, evidenceIds, failed === last || last === null ? undefined : last, sooner));
    }
  }
  return findings;
}

/** How many services deep a failure is followed below the callee the work stopped after. */
const FAILURE_DEPTH = 4;

/**
 * Where a failure the caller reacts to began: the callee it stopped after when that returns far
 * sooner, or, below it, the service it calls that returns far sooner while still called (followed
 * down while one does): a handler that throws as it starts answers fast, and each service above
 * it passes the failure on, answering about as fast as before when it was a small part of their
 * work. Also followed to the one callee that answers sooner where its caller's calls, together,
 * answer far sooner (see {@link SOONER_CALLS_RATIO}). Undefined when nothing there returned early.
 */
function failedFrom(callee: string, caller: string, graph: ServiceGraph, returnedEarly: (service: string) => boolean, ratioOf: (service: string) => number | undefined, soonerCallee: (caller: string) => string | undefined): { service: string; soonerFor?: string } | undefined {
  let origin: { service: string; soonerFor?: string } | undefined = returnedEarly(callee) ? { service: callee } : undefined;
  let at = callee;
  const seen = new Set([caller, callee]);
  for (let depth = 0; depth < FAILURE_DEPTH; depth++) {
    const early = graph
      .callees(at)
      .filter((s) => !seen.has(s) && returnedEarly(s))
      .sort((a, b) => (ratioOf(a) ?? 1) - (ratioOf(b) ?? 1))[0];
    const sooner = early === undefined ? soonerCallee(at) : undefined;
    const below = early ?? (sooner !== undefined && !seen.has(sooner) ? sooner : undefined);
    if (below === undefined) break;
    seen.add(below);
    origin = below === early ? { service: below } : { service: below, soonerFor: at };
    at = below;
  }
  return origin;
}

/**
 * Per piece of work of a caller whose requests went on: the calls it stopped making (those its
 * share can account for), and the last call kept before them. A callee called by several pieces
 * of work is explained by the change that accounts for the most shortfall: for the others, their
 * calls there fell for another reason. When the caller's operations call in different orders and
 * its work stops after one call in all of them (see `metric-work-stops`), a call that
 * fell but comes before that one in an operation fell in the others.
 */
function callerChanges(units: readonly WorkUnit[], inflows: readonly Inflow[], reference: ReadonlyMap<string, number>, now: ReadonlyMap<string, number>, stillCalls: (caller: string) => boolean): Array<CallerChange & { key: string }> {
  const byCallee = new Map(inflows.map((i) => [i.callee, i]));
  const wholes = wholeWork(units);
  const stops = callerStops(wholes, byCallee);
  const keptFirst = firstCallsKept(units, byCallee);
  const open = [...units, ...wholes].filter((u) => (reference.get(u.caller) ?? 0) >= MIN_REQUESTS && (now.get(u.caller) ?? 0) >= MIN_REQUESTS);
  const claimed = new Set<string>();
  const accepted = new Map<string, CallerChange & { key: string }>();
  for (;;) {
    const candidates = open
      .filter((u) => !accepted.has(unitKey(u)))
      .map((u) => unitChange(u, byCallee, claimed, { reference: reference.get(u.caller) ?? 0, now: now.get(u.caller) ?? 0 }, stillCalls, stops.get(u.caller), keptFirst))
      .filter((c): c is CallerChange & { key: string } => c !== undefined)
      .sort((a, b) => b.evidence - a.evidence || a.caller.localeCompare(b.caller));
    if (candidates.length === 0) break;
    const best = candidates[0];
    accepted.set(best.key, best);
    for (const d of best.dropped) claimed.add(d.callee);
  }
  return [...accepted.values()];
}

function unitChange(unit: WorkUnit, byCallee: ReadonlyMap<string, Inflow>, claimed: ReadonlySet<string>, requests: { reference: number; now: number }, stillCalls: (caller: string) => boolean, stop: string | undefined, keptFirst: ReadonlySet<string>): (CallerChange & { key: string }) | undefined {
  const stopAt = stop !== undefined && unit.operation !== null ? unit.calls.get(stop)?.offsetMs : undefined;
  const calls = [...unit.calls]
    .filter(([callee]) => byCallee.has(callee))
    .map(([callee, traced]) => {
      const inflow = byCallee.get(callee) as Inflow;
      const part = partOf(unit, inflow);
      const drop = part > 0 ? inflow.drop / part : Infinity;
      // Another change explains the callee, or this piece of work cannot account for its shortfall.
      // A whole caller stands for a shortfall only none of its operations alone can account for.
      const anOperationCan = unit.whole?.some((operation) => operation.calls.has(callee) && inflow.drop <= MAX_EXPLAINED * partOf(operation, inflow)) === true;
      const before = stopAt !== undefined && traced !== undefined && traced.offsetMs < stopAt;
      const elsewhere = claimed.has(callee) || drop > MAX_EXPLAINED || anOperationCan || before;
      // Only the repeats of a call made several times per request fell: its first call was still made.
      const first = keptFirst.has(pairKey(unit.caller, callee));
      const fell = !elsewhere && !first && -inflow.z >= MIN_DROP_Z;
      return { callee, drop: Math.min(1, drop), elsewhere, first, fell, z: inflow.z, offset: traced?.offsetMs };
    });
  const dropped = calls.filter((c) => c.fell && c.drop >= MIN_DROP);
  if (dropped.length === 0) return undefined;
  // Every call of its work gone, while its requests take as long as ever: the shortfall is another's.
  if (dropped.length === unit.calls.size && dropped.every((c) => c.drop >= ALL_GONE) && stillCalls(unit.caller)) return undefined;
  const scores = dropped.map((c) => Math.min(-c.z, FULL_CHANGE_SCORE * Math.sqrt(c.drop)));
  const ordered = unit.operation !== null || unit.whole !== undefined;
  // Where the work stops: the first call that fell beyond chance, even by less than a drop counts;
  // before it, the last call this work did not cut (held, or fell for others' reasons).
  // A call whose first was kept while its repeats fell places the stop right after it: whatever
  // comes after it went with its repeats, though chance may hide some of that.
  const firstKept = ordered ? calls.filter((c) => c.first).sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0))[0] : undefined;
  const firstOffset = Math.min(...calls.filter((c) => c.fell).map((c) => c.offset ?? Infinity), ...(firstKept ? [(firstKept.offset ?? 0) + 1e-9] : []));
  const kept = calls.filter((c) => !c.fell && (c.elsewhere || c.first || c.drop <= KEPT_DROP) && (!ordered || (c.offset as number) < firstOffset)).sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  return {
    key: unitKey(unit),
    caller: unit.caller,
    operation: unit.operation,
    score: Math.max(...scores),
    evidence: scores.reduce((a, b) => a + b, 0),
    dropped: dropped.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0)).map(({ callee, drop }) => ({ callee, drop })),
    lastKept: ordered && kept.length > 0 ? kept[kept.length - 1].callee : null,
    ordered: ordered || kept.length === 0,
    requests: { reference: Math.round(requests.reference), now: Math.round(requests.now) },
  };
}
