import { failsAfterItsCalls, type FailureAfterCalls } from '../../core/analysis/failure-after-calls';
import { callFailed, compareOperationShape, type CallChange, type ShapeChange } from '../../core/analysis/trace-shape';
import type { CodeLocation } from '../../core/investigation/code-location-schema';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { OperationShape } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { ratioScore } from './ratio-score';
import { formatNumber } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

/**
 * An operation that stopped right after a call that itself failed (returned much sooner, or with
 * errors) is reacting to that call: its change counts for this much of its size.
 */
export const REACTION_WEIGHT = 0.25;

/**
 * Trace shape per operation, the incident against each reference that traced the operation:
 * calls of the normal path that stopped or fell while the operation kept running (`trace-shape`),
 * and operations that end much sooner. Code that throws part-way leaves exactly this, with or
 * without logs. An operation that stopped right after one of its calls failed is the caller
 * reacting, not the origin: its finding is discounted and names that call.
 */
export async function surveyTraceShape(context: InvestigationContext, windows: TriageWindows, options: { hypothesisId: string | null; service?: string; since?: TimeRange }): Promise<ServiceFinding[]> {
  if (!context.catalog.hasSpans) return [];
  const references = referenceRanges(windows);
  if (references.length === 0) return [];
  const shape = (range: TimeRange) => context.query({ name: 'operation_shape', params: { service: options.service, range } }, options.hypothesisId);
  const [current, recent, ...before] = await Promise.all([shape(windows.incident), options.since ? shape(options.since) : undefined, ...references.map(shape)]);
  if (current.data?.kind !== 'operation_shape') return [];
  const evidenceIds = [current.evidence.id, ...(recent ? [recent.evidence.id] : []), ...before.map((b) => b.evidence.id)];
  // Per operation, the reference that saw it most often.
  const reference = new Map<string, OperationShape>();
  for (const outcome of before) {
    if (outcome.data?.kind !== 'operation_shape') continue;
    for (const op of outcome.data.operations) {
      const key = keyOf(op);
      if ((reference.get(key)?.count ?? 0) < op.count) reference.set(key, op);
    }
  }
  const internal = internalOperations([...current.data.operations, ...reference.values()]);
  const byKey = new Map(current.data.operations.map((op) => [keyOf(op), op]));
  const changes = new Map<string, ShapeChange>();
  // Over the whole incident period, and since the symptom began: normal minutes traced before the
  // fault dilute a change, and when traces cover only a few minutes of it, they can hide it.
  const periods = [current.data.operations, recent?.data?.kind === 'operation_shape' ? recent.data.operations : []];
  for (const operations of periods) {
    for (const now of operations) {
      const ref = reference.get(keyOf(now));
      const change = ref ? compareOperationShape(ref, now, { entry: !internal.has(keyOf(now)) }) : undefined;
      if (change && change.score > (changes.get(keyOf(now))?.score ?? 0)) changes.set(keyOf(now), change);
    }
  }
  const findings: ServiceFinding[] = [];
  // Each change's stop, and the later stops some executions make after a call further on.
  const answers = [...changes.values()].flatMap((change) => [
    { change, answered: answeredBy(change, byKey), later: undefined },
    ...(change.stopsAlsoAfter ?? []).flatMap((later) => {
      const answered = answerOf(later.after, change.service, byKey);
      return answered ? [{ change, answered, later }] : [];
    }),
  ]);
  // Services whose answers stop some caller's work.
  const answering = new Set(answers.flatMap(({ answered }) => (answered ? [answered.service] : [])));
  const read = answers.map(({ change, answered, later }) => ({
    change,
    answered,
    later,
    // An answer that changed because the answering operation's own work changed, or work below
    // it did (a call it makes failed, or a service it calls answers others so that they stop
    // too, and it passes that answer on), is that change's effect, found there: no wrong answer
    // of its own, and the operation that stopped after it reacts to it, as to a call that failed.
    changedAnswer: answered !== undefined && atOrBelow(keyOf(answered), byKey, (key) => changes.has(key) || (serviceOf(key) !== answered.service && answering.has(serviceOf(key)))),
  }));
  const plain = read.filter((r) => r.answered !== undefined && !r.changedAnswer);
  const failures = failuresAfterCalls(periods, reference, internal, changes);
  const observations: Observation[] = [
    ...plain.map((r) => ({ service: r.answered!.service, witness: r.change.service, failing: false, direct: [r.answered!], wider: [r.answered!, ...calleesOfOperation(r.answered!, byKey)] })),
    ...failures.map((f) => ({ service: f.service, witness: f.service, failing: true, direct: calleesOfOperation(f, byKey), wider: calleesOfOperation(f, byKey) })),
  ];
  const answerer = plainestAnswerer(observations);
  for (const { change, answered, changedAnswer, later } of read) {
    const passedOn = answered !== undefined && !changedAnswer && answerer !== undefined && answered.service !== answerer;
    // A later stop adds a suspect answer; the operation's own change is reported once, above.
    if (later) {
      if (answered && !changedAnswer && !passedOn) findings.push(laterAnswerFinding(change, later, answered, evidenceIds));
      continue;
    }
    // A caller that stops right after the plainest answerer's answer, as other services do, reacts to it.
    const sharedWith = answered !== undefined && !changedAnswer && answered.service === answerer ? [...new Set(observations.map((o) => o.witness))].filter((w) => w !== change.service && w !== answerer).sort() : [];
    findings.push(toFinding(change, evidenceIds, changedAnswer || passedOn ? answered : undefined, sharedWith.length > 0 ? { answerer: answerer as string, others: sharedWith } : undefined));
    if (answered && !changedAnswer && !passedOn) findings.push(answerFinding(change, answered, evidenceIds));
  }
  if (answerer === undefined) return findings;
  const passers = [...new Set(observations.map((o) => o.service))].filter((service) => service !== answerer).sort();
  const calleeOf = (o: Observation) => [...o.direct, ...o.wider].find((c) => c.service === answerer)!;
  // The shared callee's answer, once per service passing it on, from the largest change it stopped.
  for (const service of new Set(plain.map((r) => r.answered!.service))) {
    if (service === answerer) continue;
    const strongest = plain.filter((r) => r.answered!.service === service).sort((a, b) => b.change.score - a.change.score)[0];
    findings.push(sharedAnswerFinding(strongest.change, strongest.answered!, calleeOf(observations.find((o) => !o.failing && o.service === service)!), passers, evidenceIds));
  }
  // And once per operation that fails after all its calls.
  for (const failure of failures) findings.push(failureAnswerFinding(failure, calleeOf(observations.find((o) => o.failing && o.service === failure.service)!), passers, evidenceIds));
  return findings;
}

/**
 * What one observation says could have answered wrongly: for a caller that stopped after a call
 * (no failure of that call), the service it called, or any service that one calls and whose answer
 * it passes on; for an operation that fails after all its calls, any service it calls.
 */
interface Observation {
  /** The service that answered (a stop) or that fails (a failure after all its calls). */
  service: string;
  /** The service whose work shows it: the caller that stopped, or the one that fails. */
  witness: string;
  failing: boolean;
  /** Where the answer came from, first reading: the call itself (a stop), every callee (a failure). */
  direct: Array<{ service: string; operation: string }>;
  /** Second reading, passed-on answers included. */
  wider: Array<{ service: string; operation: string }>;
}

/**
 * Answers that stop callers' work, and operations that fail after all their calls while those
 * calls answer as before, from two services or more, or seen in the work of two or more: when all of them have one service in common
 * among what could have answered wrongly, and only one, that service answering wrongly is the
 * plainer account than several at once, each passing on what it got or failing on its own. The
 * direct callees are read first, then the answers passed on; a service that fails itself is not
 * the answerer, nor, among passed-on answers, one that is itself observed.
 */
function plainestAnswerer(observations: readonly Observation[]): string | undefined {
  // One caller stopping after one service says no more than that its code or that answer failed.
  if (new Set(observations.map((o) => o.service)).size < 2 && new Set(observations.map((o) => o.witness)).size < 2) return undefined;
  const failing = new Set(observations.filter((o) => o.failing).map((o) => o.service));
  const observed = new Set(observations.map((o) => o.service));
  for (const [reading, excluded] of [['direct', failing], ['wider', observed]] as const) {
    const sets = observations.map((o) => new Set(o[reading].map((c) => c.service)));
    const common = [...sets[0]].filter((service) => !excluded.has(service) && sets.every((set) => set.has(service)));
    if (common.length === 1) return common[0];
    if (common.length > 1) return undefined;
  }
  return undefined;
}

/** Operations (entries of their service) that fail more while their work and their calls' answers look as before. */
function failuresAfterCalls(periods: ReadonlyArray<readonly OperationShape[]>, reference: ReadonlyMap<string, OperationShape>, internal: ReadonlySet<string>, changes: ReadonlyMap<string, ShapeChange>): Array<FailureAfterCalls & { score: number }> {
  const found = new Map<string, FailureAfterCalls & { score: number }>();
  for (const operations of periods) {
    for (const now of operations) {
      const key = keyOf(now);
      const ref = reference.get(key);
      if (!ref || internal.has(key) || changes.has(key)) continue;
      const failure = failsAfterItsCalls(ref, now);
      if (!failure) continue;
      // Scored as the service's failing spans are (trace-errors), so that the two compare.
      const score = ratioScore(failure.failed.now, failure.failed.reference, 0.01, failure.executions.now);
      if (score > (found.get(key)?.score ?? 0)) found.set(key, { ...failure, score });
    }
  }
  return [...found.values()];
}

/** The other services an operation calls (through its own client spans). */
function calleesOfOperation(op: { service: string; operation: string }, operations: ReadonlyMap<string, OperationShape>): Array<{ service: string; operation: string }> {
  return (operations.get(keyOf(op))?.calls ?? []).flatMap((call) => reachedBy(call, op.service, operations));
}

/** Where a call of `service` leads in another service: itself, or, through `service`'s own client span, that span's calls. */
function reachedBy(call: { service: string; operation: string }, service: string, operations: ReadonlyMap<string, OperationShape>): Array<{ service: string; operation: string }> {
  if (call.service !== service) return [{ service: call.service, operation: call.operation }];
  return (operations.get(keyOf(call))?.calls ?? []).filter((c) => c.service !== service).map((c) => ({ service: c.service, operation: c.operation }));
}

/**
 * The other service whose answer the operation stopped after, when that call did not visibly fail
 * (it returned as fast as before, without errors): the work stops right after it, so what it
 * answered is the first suspect, as much as the caller's own code (`trace-answer`: a wrong result,
 * since it did not fail itself). A call through the caller's own client span is followed to the
 * service it reaches.
 */
function answeredBy(change: ShapeChange, operations: ReadonlyMap<string, OperationShape>): { service: string; operation: string } | undefined {
  const last = change.lastKept;
  if (!last || change.dropped.length === 0) return undefined;
  return answerOf(last, change.service, operations);
}

/** The one other service a call of `service` reaches, when the call did not fail. */
function answerOf(call: CallChange, service: string, operations: ReadonlyMap<string, OperationShape>): { service: string; operation: string } | undefined {
  if (callFailed(call)) return undefined;
  const targets = reachedBy(call.call, service, operations);
  return new Set(targets.map((c) => c.service)).size === 1 ? targets[0] : undefined;
}

/** A later stop (see `stopsAlsoAfter`): of the executions that still make this call, a share no longer goes on after its answer. */
function laterAnswerFinding(change: ShapeChange, later: { after: CallChange; share: number; score: number }, callee: { service: string; operation: string }, evidenceIds: string[]): ServiceFinding {
  return {
    ...suspectedAnswer(callee, later.score, evidenceIds),
    detail: `${change.service} ${change.operation} also stops its work right after calling ${callee.service} ${callee.operation}: of the executions that still make that call, ${Math.round(later.share * 100)}% go no further than the reference's would, while that call returns as before: what ${callee.service} answered is where the work stops`,
    peer: change.service,
    callerOperation: change.operation,
  };
}

function answerFinding(change: ShapeChange, callee: { service: string; operation: string }, evidenceIds: string[]): ServiceFinding {
  return {
    ...suspectedAnswer(callee, change.score, evidenceIds),
    detail: `${change.service} ${change.operation} stops its work right after calling ${callee.service} ${callee.operation} (${change.dropped.map(callName).join(', ')} no longer follow), while that call returns as before: what ${callee.service} answered is where the work stops`,
    peer: change.service,
    callerOperation: change.operation,
  };
}

/** What every `trace-answer` finding says of the service whose answer is suspected; the caller and the reading are added to it. */
function suspectedAnswer(callee: { service: string; operation: string }, score: number, evidenceIds: string[]): ServiceFinding {
  return {
    service: callee.service,
    family: 'trace-answer',
    score,
    strength: strengthOf(score),
    direction: 'down',
    signal: `${callee.operation} answers`,
    detail: '',
    evidenceIds,
    against: ['baseline'],
    operation: callee.operation,
    statement: callee.operation,
    change: 'calls-dropped',
    location: { operation: callee.operation, statements: [], lastNormal: null, firstChanged: null },
  };
}

function sharedAnswerFinding(change: ShapeChange, passer: { service: string; operation: string }, callee: { service: string; operation: string }, passers: readonly string[], evidenceIds: string[]): ServiceFinding {
  return {
    ...answerFinding(change, callee, evidenceIds),
    detail: `${change.service} ${change.operation} stops its work right after calling ${passer.service} ${passer.operation}, which still makes all its calls and answers as fast as before; ${passers.join(' and ')} all call ${callee.service} ${callee.operation} and nothing else in common, and pass on what it answered: one service answering wrongly is the plainer account than ${passers.length} at once`,
    peer: passer.service,
    callerOperation: passer.operation,
  };
}

function failureAnswerFinding(failure: FailureAfterCalls & { score: number }, callee: { service: string; operation: string }, passers: readonly string[], evidenceIds: string[]): ServiceFinding {
  const percent = (share: number) => `${formatNumber(share * 100)}%`;
  return {
    ...suspectedAnswer(callee, failure.score, evidenceIds),
    detail: `${failure.service} ${failure.operation} fails ${percent(failure.failed.now)} of its executions (${percent(failure.failed.reference)} in the reference) while it still makes all its calls and they answer as before; ${passers.join(' and ')} have ${callee.service} ${callee.operation} and nothing else in common: one service answering wrongly is the plainer account than ${passers.length} failing at once`,
    peer: failure.service,
    callerOperation: failure.operation,
    callerFailed: true,
  };
}

/** How many calls deep a changed answer is traced to the work that changed behind it. */
const ANSWER_DEPTH = 4;

/** Whether the operation, or one it calls (directly or through its calls, a few levels down), passes the test. */
function atOrBelow(key: string, operations: ReadonlyMap<string, OperationShape>, test: (key: string) => boolean, depth = ANSWER_DEPTH, seen = new Set<string>()): boolean {
  if (test(key)) return true;
  if (depth === 0 || seen.has(key)) return false;
  seen.add(key);
  return (operations.get(key)?.calls ?? []).some((call) => atOrBelow(keyOf(call), operations, test, depth - 1, seen));
}

/** Operations only ever called from their own service (steps inside a request, not its entry). */
function internalOperations(shapes: readonly OperationShape[]): Set<string> {
  const inside = new Set<string>();
  const entered = new Set<string>();
  for (const shape of shapes) {
    for (const call of shape.calls) (call.service === shape.service ? inside : entered).add(keyOf(call));
  }
  return new Set([...inside].filter((key) => !entered.has(key)));
}

function keyOf(op: { service: string; operation: string }): string {
  return `${op.service}\u0000${op.operation}`;
}

function serviceOf(key: string): string {
  return key.slice(0, key.indexOf('\u0000'));
}

/**
 * The trace-shape finding of an operation that stopped part of its work: discounted as a reaction
 * when it stops right after a call that failed, whose answer changed (`changedAnswer`), or whose
 * answer other services stop or fail on too (`shared`: the plainest answerer).
 */
function toFinding(change: ShapeChange, evidenceIds: string[], changedAnswer?: { service: string; operation: string }, shared?: { answerer: string; others: string[] }): ServiceFinding {
  const reacting = change.lastKept !== null && (callFailed(change.lastKept) || changedAnswer !== undefined || shared !== undefined) ? change.lastKept : null;
  const score = reacting ? change.score * REACTION_WEIGHT : change.score;
  const first = change.dropped[0];
  const location: CodeLocation = {
    operation: change.operation,
    statements: [],
    lastNormal: change.lastKept ? callName(change.lastKept) : null,
    firstChanged: first ? callName(first) : change.operation,
    changes: change.dropped.length > 0 ? change.dropped.map((c) => ({ statement: callName(c), change: c.drop >= 0.95 ? 'calls-vanished' : 'calls-dropped' })) : [{ statement: change.operation, change: 'ended-early' }],
  };
  return {
    service: change.service,
    family: 'trace-shape',
    score,
    strength: strengthOf(score),
    direction: 'down',
    signal: `${change.operation} trace shape`,
    detail: describe(change, reacting, changedAnswer, shared),
    evidenceIds,
    against: ['baseline'],
    operation: change.operation,
    statement: location.firstChanged ?? change.operation,
    change: change.change,
    location,
    ...(changedAnswer ? { peer: changedAnswer.service } : shared ? { peer: shared.answerer, passesOn: shared.answerer } : reacting && reacting.call.service !== change.service ? { peer: reacting.call.service } : {}),
  };
}

function callName(change: CallChange): string {
  return `call ${change.call.service} ${change.call.operation}`;
}

function describe(change: ShapeChange, reacting: CallChange | null, changedAnswer?: { service: string; operation: string }, shared?: { answerer: string; others: string[] }): string {
  const runs = `${change.executions.now} executions now, ${change.executions.reference} in the reference`;
  const after = change.lastKept ? ` after its ${callName(change.lastKept)}` : '';
  const how = changedAnswer
    ? `whose ${changedAnswer.service} ${changedAnswer.operation} itself stopped part of its work`
    : shared
      ? `which returns as before, while ${shared.others.join(' and ')} also stop${shared.others.length === 1 ? 's' : ''} or fail${shared.others.length === 1 ? 's' : ''} on what ${shared.answerer} answers`
      : reacting?.failsMore
      ? 'fails more often'
      : `returns sooner (median ×${formatNumber(reacting?.durationRatio ?? 1)})`;
  const why = reacting ? `; it stops right after its ${callName(reacting)}, ${changedAnswer ? how : `which ${how}`}: a reaction to that call` : '';
  if (change.change === 'ended-early') {
    return `${change.service} ${change.operation} ends early: median ${formatNumber(change.durationRatio)}× its reference duration while it keeps being called (${runs})${why}`;
  }
  const lost = change.dropped.map((c) => `${callName(c)} (${Math.round(c.drop * 100)}% fewer per execution)`).join(', ');
  return `${change.service} ${change.operation} stopped part of its work${after}: ${lost}, while it keeps being called (${runs}; median duration ×${formatNumber(change.durationRatio)})${why}`;
}
