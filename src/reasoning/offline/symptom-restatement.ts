import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { ServiceFinding } from './service-finding';
import type { SessionState } from './session-state';

/** The alert's own signal, by symptom: what the alerting service shows whatever the cause. */
const SYMPTOM_SIGNALS: Record<string, ReadonlySet<string>> = {
  availability: new Set(['availability', 'errors', 'impact', 'trace-errors']),
  errors: new Set(['availability', 'errors', 'impact', 'trace-errors']),
  latency: new Set(['latency', 'client-latency', 'impact']),
};
/** Signals that show a service failing (not merely slower): a callee showing one explains its callers' failures. */
const FAILING = new Set(['errors', 'availability', 'trace-errors', 'trace-shape', 'trace-answer', 'log-errors', 'log-business-errors', 'log-vanished']);
const SLOWING = new Set(['latency', 'trace-self-time', 'call-gap', 'cpu', 'memory', 'disk']);
const OWN_CODE = new Set(['error-surge', 'wrong-results', 'latency-injection']);
/** What any service shows when the trouble comes from below it: symptoms, not a cause of its own. */
const SYMPTOMS = new Set(['impact', 'latency', 'client-latency', 'errors', 'availability', 'trace-self-time', 'trace-errors', 'traffic']);
/**
 * What can make a service fail by itself: its own failures (not passed on from a callee), a crash
 * loop, an exhausted pool, a change, a resource at its limit (or throttled). A resource that merely drifted (a
 * few percent more memory) does not.
 */
const FAILS_BY_ITSELF = new Set(['trace-shape', 'trace-answer', 'log-errors', 'log-business-errors', 'log-vanished', 'restarts', 'pool', 'event', 'payload', 'cpu-throttling']);
/** A callee's signal this clear explains the alerting service's symptom. */
const CLEAR = 0.5;
/** What is left of the alerting service's own-code claim when a service below explains its symptom. */
export const RESTATEMENT_WEIGHT = 0.5;
/** What is left of it when it rests on its symptom alone and nothing below explains it either. */
export const SYMPTOM_ONLY_WEIGHT = 0.7;

/** How a claim that the alerting service's own code is at fault stands against the alert's own signal. */
export interface OwnCodeClaim {
  /** A service below that shows a clearer failure of its own and explains the symptom. */
  explainedBy?: string;
  /** For a service other than the alerting one: the callee whose answers its failing work stops right after. */
  answeredBy?: string;
  /** Nothing explains it, below or in the service itself, while it calls others: a guess. */
  symptomOnly: boolean;
}

/**
 * Reads a claim that the alerting service's own code is at fault, when it rests on the alert's own
 * signal (its success rate, its latency) and the service shows nothing of its own as clear (no
 * resource, log or trace signal beyond symptoms as strong):
 * - a service below it that shows a clear failure (or, for slowness, a clear slowdown) of its own
 *   explains the symptom (`explainedBy`): the symptom restated is no evidence of where it came
 *   from. Below means anywhere downstream, not only a direct callee: a failure two calls deep
 *   reaches the entry point through a middle service that merely passes it on and may show
 *   nothing of its own. The nearest, then the clearest, is named;
 * - with none, while the service calls others, the claim is a guess however large the symptom
 *   (`symptomOnly`): the trouble may come from below, where the telemetry shows nothing clear. A
 *   service that calls nothing has only its own code to fail in.
 */
export function readOwnCodeClaim(hypothesis: Hypothesis, best: ServiceFinding | undefined, state: SessionState): OwnCodeClaim {
  const { triage } = state;
  const service = hypothesis.subject.service;
  if (!best) return { symptomOnly: false };
  // Errors passed on from a service, or its own code: either way, for a service whose failing work
  // stops right after a callee's answer, that answer comes first. A callee whose answers stopped
  // another caller discounts only the own-code claim: the errors passed on from the service stay
  // supported, so the search goes on below it.
  if (service !== triage.symptomService && (OWN_CODE.has(hypothesis.kind) || hypothesis.kind === 'downstream-errors')) {
    return { answeredBy: failingAfterAnswer(service, best, state, { sharedCallee: OWN_CODE.has(hypothesis.kind) }), symptomOnly: false };
  }
  if (!OWN_CODE.has(hypothesis.kind)) return { symptomOnly: false };
  // Work stopped right after a callee's answer rests on no more than the symptom does.
  if (!SYMPTOM_SIGNALS[triage.symptomSignal]?.has(best.family) && !answeredElsewhere(best, service, triage.findings)) return { symptomOnly: false };
  const own = (triage.byService.get(service) ?? []).filter((f) => !answeredElsewhere(f, service, triage.findings));
  const ownStrength = Math.max(0, ...own.filter((f) => explainsOwn(f, triage.symptomSignal)).map((f) => f.strength));
  const graph = triage.graph;
  if (!graph) return { symptomOnly: false };
  const explaining = triage.symptomSignal === 'latency' ? SLOWING : FAILING;
  // The service's own signal keeps the claim unless a service below shows a clearer failure of its own.
  const explainedBy = graph
    .downstream(service)
    .map((callee) => ({ callee, distance: graph.distance(service, callee), strength: Math.max(0, ...(triage.byService.get(callee) ?? []).filter((f) => explaining.has(f.family)).map((f) => f.strength)) }))
    .filter((c) => c.strength >= CLEAR && c.strength > ownStrength)
    .sort((a, b) => a.distance - b.distance || b.strength - a.strength)[0]?.callee;
  if (explainedBy) return { explainedBy, symptomOnly: false };
  return { symptomOnly: ownStrength < CLEAR && graph.callees(service).length > 0 };
}

/**
 * A service that is not the alerting one, whose own-code claim rests on its failures (error spans,
 * a falling success rate) or on the stop itself, while its work stops right after a callee that answered as usual (a clear
 * `trace-answer` finding on that callee names it as the caller): its failures are its reaction to
 * what that callee answered, unless it shows something as clear of its own that can fail it. A
 * service whose code throws before its calls leaves no such finding: nothing precedes the stop.
 * With `sharedCallee`, a callee whose answers stop another caller counts too: a service that calls
 * it last has no work left to stop, so only its error spans show.
 */
function failingAfterAnswer(service: string, best: ServiceFinding, state: SessionState, options: { sharedCallee: boolean }): string | undefined {
  const { triage } = state;
  // Its failures, or its work stopped right after a callee that answered as usual (the same stop,
  // recorded as that callee's answer).
  if (!SYMPTOM_SIGNALS.errors.has(best.family) && !answeredElsewhere(best, service, triage.findings)) return undefined;
  // The callee's answers stop this service's work, or another caller's: one that it calls too.
  const callees = new Set(triage.graph?.callees(service) ?? []);
  const answer = triage.findings
    .filter((f) => f.family === 'trace-answer' && f.service !== service && f.strength >= CLEAR && (f.peer === service || (options.sharedCallee && callees.has(f.service))))
    .sort((a, b) => Number(b.peer === service) - Number(a.peer === service) || b.strength - a.strength)[0];
  if (!answer) return undefined;
  const own = (triage.byService.get(service) ?? []).filter((f) => !answeredElsewhere(f, service, triage.findings) && explainsOwn(f, 'errors'));
  return Math.max(0, ...own.map((f) => f.strength)) < answer.strength ? answer.service : undefined;
}

/**
 * Work the service stopped right after a call that answered as usual is as much that callee's
 * answer as the service's own code (a `trace-answer` finding on the callee records the same
 * change): it is no evidence of the service's own beyond its symptom.
 */
function answeredElsewhere(finding: ServiceFinding, service: string, findings: readonly ServiceFinding[]): boolean {
  return finding.family === 'trace-shape' && findings.some((f) => f.family === 'trace-answer' && f.peer === service && f.service !== service && f.callerOperation === finding.operation);
}

/** Whether a finding of a service is a cause of its own for the symptom (the alert's, or failures). */
function explainsOwn(finding: ServiceFinding, symptomSignal: string): boolean {
  if (SYMPTOMS.has(finding.family) || finding.family.startsWith('node-') || finding.family === 'other') return false;
  if (symptomSignal === 'latency') return true;
  return FAILS_BY_ITSELF.has(finding.family) || finding.saturated === true;
}

