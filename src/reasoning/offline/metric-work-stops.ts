import { median } from '../../core/analysis/robust-statistics';
import { MAX_EXPLAINED, MIN_DROP, MIN_DROP_Z, unitKey, type Inflow, type WorkUnit } from './metric-inflow';

/**
 * Where a caller's work stops, read across its operations: the one call all of them stop after
 * when they call in different orders, and calls made once per item of which only the repeats fell.
 */

/** Per caller with several traced operations (its whole work, see `wholeWork`), the one call its work stops after in all of them, where one fits. */
export function callerStops(wholes: readonly WorkUnit[], byCallee: ReadonlyMap<string, Inflow>): Map<string, string> {
  const stops = new Map<string, string>();
  for (const whole of wholes) {
    const calls = [...whole.calls.keys()].filter((callee) => byCallee.has(callee)).map((callee) => ({ callee, fell: -(byCallee.get(callee) as Inflow).z >= MIN_DROP_Z }));
    const stop = stopAcrossOperations(whole.whole ?? [], calls);
    if (stop !== undefined) stops.set(whole.caller, stop);
  }
  return stops;
}

/** A call counts as made several times per request when its operations make it at least this many times per execution. */
const MIN_REPEATS = 1.2;

export function pairKey(caller: string, callee: string): string {
  return `${caller}\u0000${callee}`;
}

/**
 * Calls a caller makes several times per request (once per item) of which only the repeats fell:
 * its work stops right after the first of them. With k calls per request, a stop right after the
 * first at a rate f removes f·(1 − 1/k) of them, while the calls after them lose f; a stop before
 * the first removes f of both. So a call that fell, made at least {@link MIN_REPEATS} times per
 * execution in every operation where calls after it fell, whose share lost is nearer f·(1 − 1/k)
 * than f (f read as the median loss of the calls after it that fell, each as the caller's share of
 * that callee's requests where that share can account for it), still has its first call made.
 * Returns `caller\0callee` keys.
 */
export function firstCallsKept(units: readonly WorkUnit[], byCallee: ReadonlyMap<string, Inflow>): Set<string> {
  const kept = new Set<string>();
  const fell = (callee: string) => -(byCallee.get(callee)?.z ?? 0) >= MIN_DROP_Z;
  const byCaller = new Map<string, WorkUnit[]>();
  for (const unit of units) if (unit.operation !== null && unit.executions > 0) byCaller.set(unit.caller, [...(byCaller.get(unit.caller) ?? []), unit]);
  for (const [caller, operations] of byCaller) {
    // The share of a callee's requests lost, as the part this caller's operations send; undefined
    // when that part cannot account for the loss (others lost calls there too).
    const lost = (callee: string): number | undefined => {
      const inflow = byCallee.get(callee);
      const part = inflow ? operations.reduce((sum, op) => sum + (inflow.parts.get(unitKey(op)) ?? 0), 0) : 0;
      return inflow && part > 0 && inflow.drop <= MAX_EXPLAINED * part ? Math.min(1, inflow.drop / part) : undefined;
    };
    const callees = new Set(operations.flatMap((op) => [...op.calls.keys()]));
    for (const callee of callees) {
      const own = lost(callee);
      if (!fell(callee) || own === undefined) continue;
      const calling = operations.filter((op) => op.calls.get(callee) !== undefined);
      const repeats = calling.reduce((sum, op) => sum + (op.calls.get(callee)?.count ?? 0), 0) / calling.reduce((sum, op) => sum + op.executions, 0);
      if (!(repeats >= MIN_REPEATS)) continue;
      const after = new Set<string>();
      // Every operation in which calls after it fell must make it several times: where it makes it
      // once, nothing tells a stop right after it from one before it.
      let repeated = true;
      for (const op of calling) {
        const at = op.calls.get(callee) as { count: number; offsetMs: number };
        const later = [...op.calls].filter(([other, call]) => other !== callee && call && call.offsetMs > at.offsetMs && fell(other)).map(([other]) => other);
        if (later.length > 0 && at.count < MIN_REPEATS * op.executions) repeated = false;
        for (const other of later) after.add(other);
      }
      if (!repeated) continue;
      const losses = [...after].map(lost).filter((l): l is number => l !== undefined);
      if (losses.length === 0) continue;
      const rate = median(losses);
      if (rate >= MIN_DROP && own <= rate * (1 - 1 / (2 * repeats))) kept.add(pairKey(caller, callee));
    }
  }
  return kept;
}

/**
 * Where a whole caller's work stops when its operations call in different orders (a mean start
 * cannot place a callee that comes first in one operation and last in another): the one call,
 * itself not fallen, after which, in every operation that makes it, come all the calls that fell
 * beyond chance. Undefined when no call, or more than one, fits.
 */
function stopAcrossOperations(operations: readonly WorkUnit[], calls: ReadonlyArray<{ callee: string; fell: boolean }>): string | undefined {
  const fell = calls.filter((c) => c.fell).map((c) => c.callee);
  if (fell.length === 0) return undefined;
  const fits = calls.filter((candidate) => {
    if (candidate.fell) return false;
    const after = new Set<string>();
    for (const operation of operations) {
      const at = operation.calls.get(candidate.callee);
      if (!at) continue;
      for (const [callee, call] of operation.calls) if (call && call.offsetMs > at.offsetMs) after.add(callee);
    }
    return fell.every((callee) => after.has(callee));
  });
  return fits.length === 1 ? fits[0].callee : undefined;
}
