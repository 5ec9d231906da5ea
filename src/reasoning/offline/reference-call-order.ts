import type { InvestigationContext } from '../../core/ports/reasoner';
import type { OperationShape } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';

/** How deep a caller's own client steps are followed to the service they reach. */
const STEP_DEPTH = 3;

/** What the reference traces say about the calls between services. */
export interface CallOrder {
  /** caller → its operations traced, each with how often it ran and the services it calls (calls, first start after the operation's). */
  operations: Map<string, Array<{ operation: string; executions: number; calls: Map<string, { count: number; offsetMs: number }> }>>;
  /** Per service, the operation it serves most often. */
  mainOperation: Map<string, string>;
  evidenceIds: string[];
}

/**
 * The calls each service makes to others in its normal work, and in which order, from the
 * operation shapes traced in the reference periods: a request's calls through the service's own
 * client steps (a client span under the handler) count as calls to the service they reach. Empty
 * when nothing was traced.
 */
export async function callOrder(context: InvestigationContext, references: readonly TimeRange[]): Promise<CallOrder> {
  const order: CallOrder = { operations: new Map(), mainOperation: new Map(), evidenceIds: [] };
  if (!context.catalog.hasSpans) return order;
  const outcomes = await Promise.all(references.map((range) => context.query({ name: 'operation_shape', params: { range } }, null)));
  const served = new Map<string, Map<string, number>>();
  for (const outcome of outcomes) {
    order.evidenceIds.push(outcome.evidence.id);
    if (outcome.data?.kind !== 'operation_shape') continue;
    const operations = outcome.data.operations;
    const byKey = new Map(operations.map((op) => [keyOf(op), op]));
    const steps = ownSteps(operations);
    for (const op of operations) {
      if (steps.has(keyOf(op))) continue;
      const counts = served.get(op.service) ?? served.set(op.service, new Map()).get(op.service)!;
      counts.set(op.operation, (counts.get(op.operation) ?? 0) + op.count);
      addOperation(order, op, reachedCalls(op, byKey, 0, STEP_DEPTH));
    }
  }
  for (const [service, counts] of served) order.mainOperation.set(service, [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]);
  return order;
}

/** One traced operation of a caller, its calls per service merged (counts summed, the first start kept); periods add up. */
function addOperation(order: CallOrder, op: OperationShape, reached: ReadonlyArray<{ service: string; count: number; offsetMs: number }>): void {
  if (reached.length === 0) return;
  const list = order.operations.get(op.service) ?? order.operations.set(op.service, []).get(op.service)!;
  let entry = list.find((e) => e.operation === op.operation);
  if (!entry) list.push((entry = { operation: op.operation, executions: 0, calls: new Map() }));
  entry.executions += op.count;
  for (const call of reached) {
    const known = entry.calls.get(call.service);
    entry.calls.set(call.service, known ? { count: known.count + call.count, offsetMs: Math.min(known.offsetMs, call.offsetMs) } : { count: call.count, offsetMs: call.offsetMs });
  }
}

/**
 * Calls from an operation to other services, through its own client steps, with their start after
 * the operation's. A step several operations share (one client span name) makes its calls for all
 * of them: each operation counts the share of them its own calls to the step stand for.
 */
function reachedCalls(op: OperationShape, byKey: ReadonlyMap<string, OperationShape>, offsetMs: number, depth: number, share = 1): Array<{ service: string; count: number; offsetMs: number }> {
  return op.calls.flatMap((call) => {
    if (call.service !== op.service) return [{ service: call.service, count: call.count * share, offsetMs: offsetMs + call.meanOffsetMs }];
    const step = byKey.get(keyOf(call));
    return step && depth > 0 && step.count > 0 ? reachedCalls(step, byKey, offsetMs + call.meanOffsetMs, depth - 1, share * Math.min(1, call.count / step.count)) : [];
  });
}

/** Operations only ever called from their own service (steps inside a request, not its entry). */
function ownSteps(operations: readonly OperationShape[]): Set<string> {
  const inside = new Set<string>();
  const entered = new Set<string>();
  for (const op of operations) for (const call of op.calls) (call.service === op.service ? inside : entered).add(keyOf(call));
  return new Set([...inside].filter((key) => !entered.has(key)));
}

function keyOf(op: { service: string; operation: string }): string {
  return `${op.service}\u0000${op.operation}`;
}
