import { rateChangeScore } from '../../core/analysis/rate-comparison';
import type { ServiceGraph } from '../../core/analysis/service-graph';
import type { CallOrder } from './reference-call-order';
import type { RequestCounts } from './request-rate-metrics';

/**
 * The pieces of work a request-rate reading compares (each traced operation of a caller, or an
 * untraced caller's whole work) and, per callee, its requests now against what its callers'
 * requests predict: the inputs of `metric-work-shape`.
 */

/** A callee's calls count as dropped when at least this share of what its caller's requests predict is gone… */
export const MIN_DROP = 0.35;
/** …and the shortfall is not chance (two-Poisson z on the callee's request count). */
export const MIN_DROP_Z = 3;
/** A caller can account for a callee's shortfall only when it is at most this much more than all its calls there. */
export const MAX_EXPLAINED = 1.25;

/** One callee's requests against what its callers' requests predict. */
export interface Inflow {
  callee: string;
  /** Share of the predicted requests that is missing (0..1, 0 when more came). */
  drop: number;
  /** Two-Poisson z of the request count against the prediction (negative: fewer). */
  z: number;
  /** Per caller: the part of the predicted requests it sends now. */
  parts: Map<string, number>;
}

/**
 * A piece of a caller's work: one operation the reference traced (its calls per service, in
 * order), or, untraced, all of the caller's work with the calls the topology knows (no order).
 */
export interface WorkUnit {
  caller: string;
  operation: string | null;
  /** How often the reference traced this operation (0 when untraced). */
  executions: number;
  calls: Map<string, { count: number; offsetMs: number } | undefined>;
  /** For a caller's whole work: the traced operations it stands for together (see {@link wholeWork}). */
  whole?: readonly WorkUnit[];
}

export function workUnits(graph: ServiceGraph, order: CallOrder): WorkUnit[] {
  return graph.services.flatMap((caller): WorkUnit[] => {
    const traced = order.operations.get(caller);
    if (traced && traced.length > 0) return traced.map((op) => ({ caller, operation: op.operation, executions: op.executions, calls: new Map(op.calls) }));
    const callees = graph.callees(caller).filter((c) => c !== caller);
    return callees.length > 0 ? [{ caller, operation: null, executions: 0, calls: new Map(callees.map((c) => [c, undefined])) }] : [];
  });
}

/**
 * Per caller with several traced operations, all of them together: a failure every request of the
 * caller meets (a callee it calls first in each operation) cuts all its operations at once, and a
 * callee that each of them calls gets a shortfall no single operation's share can account for
 * (only such shortfalls count for the whole caller).
 * Calls keep their order by their mean start (weighted by how often each operation makes them).
 */
export function wholeWork(units: readonly WorkUnit[]): WorkUnit[] {
  const byCaller = new Map<string, WorkUnit[]>();
  for (const unit of units) if (unit.operation !== null) byCaller.set(unit.caller, [...(byCaller.get(unit.caller) ?? []), unit]);
  return [...byCaller].flatMap(([caller, operations]): WorkUnit[] => {
    if (operations.length < 2) return [];
    const calls = new Map<string, { count: number; offsetMs: number }>();
    for (const op of operations) {
      for (const [callee, call] of op.calls) {
        if (!call) continue;
        const known = calls.get(callee);
        const count = (known?.count ?? 0) + call.count;
        calls.set(callee, { count, offsetMs: ((known?.offsetMs ?? 0) * (known?.count ?? 0) + call.offsetMs * call.count) / count });
      }
    }
    return [{ caller, operation: null, executions: operations.reduce((sum, op) => sum + op.executions, 0), calls, whole: operations }];
  });
}

export function unitKey(unit: WorkUnit): string {
  return `${unit.caller}\u0000${unit.whole ? '*' : unit.operation ?? ''}`;
}

/** The part of a callee's predicted requests a piece of work sends: a whole caller's is all its operations'. */
export function partOf(unit: WorkUnit, inflow: Inflow): number {
  if (!unit.whole) return inflow.parts.get(unitKey(unit)) ?? 0;
  return unit.whole.reduce((sum, operation) => sum + (inflow.parts.get(unitKey(operation)) ?? 0), 0);
}

/**
 * A callee's requests now against the prediction from its callers' requests. Each piece of work
 * that calls it keeps its reference share of the callee's requests (the traced calls; all of them
 * for an untraced single caller), scaled by how its caller's requests changed. Undefined when a
 * caller's requests are not measured or the split between several callers is unknown.
 */
export function inflowOf(callee: string, units: readonly WorkUnit[], reference: RequestCounts, now: ReadonlyMap<string, number>): Inflow | undefined {
  const calleeBefore = reference.counts.get(callee);
  const calleeNow = now.get(callee);
  if (!calleeBefore || calleeNow === undefined) return undefined;
  const calling = units.filter((u) => u.caller !== callee && u.calls.has(callee));
  if (calling.length === 0) return undefined;
  const traced = calling.map((u) => u.calls.get(callee)?.count ?? 0);
  const total = traced.reduce((a, b) => a + b, 0);
  if (total === 0 && calling.length > 1) return undefined;
  let predicted = 0;
  const parts = new Map<string, number>();
  /** Per caller: the callee's requests per request of the caller, in the reference. */
  const perRequest = new Map<string, number>();
  for (const [i, unit] of calling.entries()) {
    const before = reference.counts.get(unit.caller);
    const current = now.get(unit.caller);
    if (!before || current === undefined) return undefined;
    const share = total > 0 ? traced[i] / total : 1;
    perRequest.set(unit.caller, (perRequest.get(unit.caller) ?? 0) + (share * calleeBefore) / before);
    const part = (share * calleeBefore * current) / before;
    parts.set(unitKey(unit), part);
    predicted += part;
  }
  if (!(predicted > 0)) return undefined;
  for (const [key, part] of parts) parts.set(key, part / predicted);
  const z = rateChangeScore(calleeBefore, calleeBefore, calleeNow, predicted) / Math.sqrt(dispersion(callee, perRequest, reference.samples));
  return { callee, drop: Math.max(0, 1 - calleeNow / predicted), z, parts };
}

/** Fewest reference samples to measure how far a callee's requests stray from their prediction. */
const MIN_DISPERSION_SAMPLES = 5;

/**
 * How much more a callee's requests stray from what its callers' requests predict than chance
 * (Poisson) allows, sample by sample in the reference: at least 1. Bursty or branching work (a
 * page that asks for a varying number of items) strays more, and its shortfalls count for less.
 */
function dispersion(callee: string, perRequest: ReadonlyMap<string, number>, samples: ReadonlyMap<string, ReadonlyMap<string, number>>): number {
  const own = samples.get(callee);
  if (!own) return 1;
  let chi = 0;
  let n = 0;
  for (const [key, count] of own) {
    let predicted = 0;
    let measured = true;
    for (const [caller, rate] of perRequest) {
      const requests = samples.get(caller)?.get(key);
      if (requests === undefined) measured = false;
      else predicted += rate * requests;
    }
    if (!measured || !(predicted > 0)) continue;
    chi += (count - predicted) ** 2 / predicted;
    n += 1;
  }
  return n >= MIN_DISPERSION_SAMPLES ? Math.max(1, chi / (n - 1)) : 1;
}
