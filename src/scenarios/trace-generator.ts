import type { SimulatedSpan } from './bundle-writer';
import type { SeededRandom } from './seeded-random';
import type { SimulationContext } from './simulation-context';

/** What a fault does to one call of a node. */
export interface CallFault {
  /** Added to the callee's own (self) time: the callee is slow. */
  extraSelfMs?: number;
  /** Added between the caller's client span and the callee's server span: the link is slow. */
  networkDelayMs?: number;
  /** The callee's server span fails. */
  error?: boolean;
  /** The callee cannot be reached: no server span, a short failed client span. */
  unreachable?: boolean;
  /** The callee's handler throws as it starts: a short failed span that makes none of its calls. */
  throws?: boolean;
  /** The callee answers as usual (its call succeeds), but with a value its caller rejects: the caller fails in its own span. */
  wrongAnswer?: boolean;
}

/**
 * One service operation in a call graph. Each call to a child yields a client span in the
 * caller's service (`clientOperation`) whose child is the callee's server span (`operation`), so
 * time on the wire shows as client duration minus server duration.
 */
export interface CallNode {
  service: string;
  operation: string;
  instances: readonly string[];
  /** The instances serving at `t`, when they change during the window (a rollout); default `instances`. */
  instancesAt?: (t: number) => readonly string[];
  /** Mean time spent in the span itself, milliseconds. */
  selfMs: number;
  /** Operation name of the caller's client span (default `HTTP GET`). */
  clientOperation?: string;
  /** A step inside the caller's own service (a database query, a computation): one span, no client span. */
  internal?: boolean;
  /** Probability of a harmless background failure of this span. */
  errorRate?: number;
  children?: readonly CallNode[];
  /** How many times a caller makes this call per execution (once per item of a cart, of a page), drawn uniformly; default once. */
  times?: { min: number; max: number };
  /** The node returns the error as soon as one of its calls fails, skipping the calls after it (a gRPC handler propagating a failure). */
  stopsAfterFailedCall?: boolean;
  /** Applied to every call of this node (a trace root's `callerInstance` is empty); `instance` is the callee's. */
  fault?: (call: { t: number; instance: string; callerInstance: string; random: SeededRandom }) => CallFault | undefined;
}

export interface TraceFamily {
  label: string;
  root: CallNode;
  /** Mean seconds between traces (a Poisson process). */
  everySeconds: number;
  from?: number;
  until?: number;
  /** Whether spans record their end status (default true); many tracers record none. */
  withStatus?: boolean;
  /** How busy the family is at `t`, as a multiple of its mean rate (a load that drifts or steps); default 1. */
  load?: (t: number) => number;
}

/** Generates the traces of one family, adds their spans and returns them, one array per trace. */
export function generateTraces(ctx: SimulationContext, family: TraceFamily): SimulatedSpan[][] {
  const random = ctx.random.fork(`traces:${family.label}`);
  const until = Math.min(family.until ?? ctx.timeline.end - 5, ctx.timeline.end - 5);
  const traces: SimulatedSpan[][] = [];
  const gap = (t: number) => random.exponential(family.everySeconds / Math.max(0.05, family.load?.(t) ?? 1));
  const from = family.from ?? ctx.timeline.start;
  for (let t = from + gap(from); t < until; t += gap(t)) {
    const spans: SimulatedSpan[] = [];
    const instance = pickInstance(random, family.root, t);
    const fault = family.root.fault?.({ t, instance, callerInstance: '', random });
    emitServerSpan({ random, traceId: random.hex(32), spans }, family.root, instance, t, null, fault);
    if (family.withStatus === false) for (const span of spans) delete span.error;
    for (const span of spans) ctx.writer.addSpan(span);
    traces.push(spans);
  }
  return traces;
}

interface TraceState {
  random: SeededRandom;
  traceId: string;
  spans: SimulatedSpan[];
}

/** Emits a node's server span (and its subtree) starting at `t`; returns its duration and status. */
function emitServerSpan(state: TraceState, node: CallNode, instance: string, t: number, parentSpanId: string | null, fault: CallFault | undefined): { durationMs: number; error: boolean } {
  const { random } = state;
  const spanId = random.hex(16);
  const throws = fault?.throws === true;
  const self = node.selfMs * Math.max(0.2, 1 + 0.25 * random.normal()) * (throws ? 0.1 : 1) + (fault?.extraSelfMs ?? 0);
  let cursorMs = self * 0.3;
  let error = throws || fault?.error === true || random.chance(node.errorRate ?? 0);
  const calls = (throws ? [] : node.children ?? []).flatMap((child) => Array.from({ length: child.times ? random.int(child.times.min, child.times.max) : 1 }, () => child));
  for (const child of calls) {
    const callAt = t + cursorMs / 1000;
    const calleeInstance = pickInstance(random, child, callAt);
    const childFault = child.fault?.({ t: callAt, instance: calleeInstance, callerInstance: instance, random });
    const call = emitClientCall(state, { node: child, instance: calleeInstance, fault: childFault }, callAt, spanId, node.service, instance);
    cursorMs += call.durationMs + random.between(0.05, 0.4);
    const failed = call.error || call.rejected;
    error ||= failed;
    if (failed && node.stopsAfterFailedCall === true) break;
  }
  const durationMs = round3(cursorMs + self * 0.7);
  state.spans.push({ traceId: state.traceId, spanId, parentSpanId, service: node.service, instance, operation: node.operation, durationMs, t, ...(error ? { error: true } : {}) });
  return { durationMs, error };
}

function emitClientCall(
  state: TraceState,
  callee: { node: CallNode; instance: string; fault: CallFault | undefined },
  t: number,
  parentSpanId: string,
  service: string,
  instance: string,
): { durationMs: number; error: boolean; rejected: boolean } {
  const { random } = state;
  const { fault } = callee;
  if (callee.node.internal === true) return { ...emitServerSpan(state, callee.node, instance, t, parentSpanId, fault), rejected: false };
  const spanId = random.hex(16);
  let durationMs: number;
  let error: boolean;
  if (fault?.unreachable === true) {
    durationMs = round3(random.between(0.5, 3));
    error = true;
  } else {
    const wireMs = random.between(0.3, 1.2) + (fault?.networkDelayMs ?? 0);
    const server = emitServerSpan(state, callee.node, callee.instance, t + wireMs / 2000, spanId, fault?.wrongAnswer ? undefined : fault);
    durationMs = round3(server.durationMs + wireMs);
    error = server.error;
  }
  const operation = callee.node.clientOperation ?? 'HTTP GET';
  state.spans.push({ traceId: state.traceId, spanId, parentSpanId, service, instance, operation, durationMs, t, ...(error ? { error: true } : {}) });
  // A wrong answer is a successful call (the RPC's status is OK on both sides); the caller fails
  // on what it got, in its own span.
  return { durationMs, error, rejected: fault?.wrongAnswer === true && !error };
}

function pickInstance(random: SeededRandom, node: CallNode, t: number): string {
  return random.pick(node.instancesAt?.(t) ?? node.instances);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
