import type { FaultType } from '../../core/investigation/fault-type-schema';
import { PROPAGATION_KINDS, type Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { InvestigationContext, JudgementDraft } from '../../core/ports/reasoner';
import { computeConfidence } from '../../core/investigation/confidence';
import { locateInCode } from './code-locator';
import { jointStrength, switchedFrom } from './path-switch';
import { gatherFindings } from './evidence-gathering';
import { decideFaultType } from './fault-type-decision';
import { readOwnCodeClaim, RESTATEMENT_WEIGHT, SYMPTOM_ONLY_WEIGHT } from './symptom-restatement';
import type { EventFinding } from './event-survey';
import { HYPOTHESIS_CATALOG, ownKindsFor } from './hypothesis-catalog';
import { effectOf, isTelling, precedenceFactor, signalReliability, specificityFactor, topologyFactor, PRECEDENCE_TOLERANCE_SECONDS } from './relation-factors';
import type { ServiceFinding } from './service-finding';
import type { SessionState } from './session-state';
import { trackingContext } from './tracking-context';
import { serviceStrength } from './triage';

/** How much is left of an anomaly when the alert's own signal does not confirm the incident. */
const DOUBTFUL_ALERT_WEIGHT = 0.75;
/** Strength given to a change event (deploy, config, OOM kill) that precedes the effect. */
const EVENT_STRENGTH = 0.9;
/**
 * What must move in a dependency for its trouble to propagate to its callers. Slowness explains
 * slowness and failures; failures are explained by failures only: a callee that merely got slower
 * does not make its caller throw or skip work (a timeout would show as the caller's error lines).
 */
export const PROPAGATING_FAMILIES: Partial<Record<string, ServiceFinding['family'][]>> = {
  'downstream-latency': ['impact', 'latency', 'client-latency', 'trace-self-time', 'call-gap', 'commit-latency', 'errors', 'availability', 'trace-errors', 'trace-shape', 'trace-answer', 'log-errors', 'log-business-errors', 'log-vanished'],
  'downstream-errors': ['impact', 'errors', 'availability', 'log-errors', 'log-business-errors', 'log-vanished', 'trace-errors', 'trace-shape', 'trace-answer'],
};
/**
 * A surge is an event: it must be seen happening inside the window (against the minutes just
 * before), not inferred from a level that differs from a baseline recorded at another time.
 */
const SURGE_KINDS = new Set(['traffic-surge']);
const seenHappening = (f: ServiceFinding): boolean => !f.against || f.against.includes('pre-incident');
/**
 * A surge that overloads a service is more traffic for a while, not a few busier samples: its
 * median over the incident must be up by at least this factor (bursts of a sparse or bursty
 * traffic leave the median where it was).
 */
const MIN_SURGE_RATIO = 1.2;
/** Whether a traffic finding can support a traffic surge: seen against the minutes before, and sustained. */
export function showsSurge(f: ServiceFinding): boolean {
  return seenHappening(f) && (f.ratio === undefined || f.ratio >= MIN_SURGE_RATIO);
}
/**
 * Code that became slow adds time to its requests: the median latency over the incident is up by at
 * least this factor. A median a few percent up is a busier minute or a different mix of requests,
 * however far it is outside a steady baseline's narrow spread.
 */
const MIN_SLOWDOWN_RATIO = 1.15;
const SLOWDOWN_KINDS = new Set(['latency-injection']);
/** Whether a latency finding can support code that became slow: its median rose by a telling factor. */
export function showsSlowdown(f: ServiceFinding): boolean {
  return f.ratio === undefined || f.direction !== 'up' || f.ratio >= MIN_SLOWDOWN_RATIO;
}
const BROAD_KINDS = PROPAGATION_KINDS;
const ALL_FAMILIES: ServiceFinding['family'][] = ['impact', 'cpu', 'cpu-throttling', 'memory', 'disk', 'network', 'commit-latency', 'consumer-lag', 'pool', 'payload', 'restarts', 'latency', 'client-latency', 'errors', 'availability', 'traffic', 'log-errors', 'log-business-errors', 'log-vanished', 'trace-self-time', 'trace-errors', 'trace-shape', 'trace-answer', 'call-gap'];

/**
 * Tests one hypothesis with its own queries and judges it from the numbers: the strongest
 * supporting signal of the subject (or a change event before the effect), whether it started
 * before the effect, whether the topology lets it explain the effect, and how specific it is.
 */
export async function testHypothesis(hypothesis: Hypothesis, parent: Hypothesis | undefined, outer: InvestigationContext, state: SessionState): Promise<JudgementDraft> {
  const { context, ran } = trackingContext(outer);
  const spec = HYPOTHESIS_CATALOG[hypothesis.kind];
  const broad = BROAD_KINDS.has(hypothesis.kind);
  const families = broad ? ALL_FAMILIES : spec.families;
  const { findings, events } = await gatherFindings(hypothesis, families, context, state, { events: spec.events.length > 0 });
  const effect = effectOf(hypothesis, state, parent);

  const propagating = PROPAGATING_FAMILIES[hypothesis.kind];
  const supporting = findings.filter(
    (f) => (!spec.direction || f.direction === spec.direction) && (!propagating || propagating.includes(f.family)) && (!SURGE_KINDS.has(hypothesis.kind) || showsSurge(f)) && (!SLOWDOWN_KINDS.has(hypothesis.kind) || showsSlowdown(f)),
  );
  const best = supporting.sort((a, b) => b.strength * signalReliability(b) - a.strength * signalReliability(a) || b.score - a.score)[0];
  const event = supportingEvent(events, spec.events, effect.onset);
  const eventOnset = event ? Math.floor(Date.parse(event.event.ts) / 1000) : undefined;
  // Measured user impact, when there is one, is what a propagation claim rests on.
  const impact = broad ? supporting.find((f) => f.family === 'impact') : undefined;
  // How telling the signal is enters through specificity, not through the anomaly itself.
  // A new error line where a statement of the same operation went silent: the code took another path there.
  const switched = broad ? undefined : switchedFrom(best, [...findings, ...state.triage.findings]);
  const findingStrength = impact ? impact.strength : broad ? serviceStrength(supporting, { weighByReliability: false }) : best && switched ? jointStrength(best.strength, switched.strength) : best?.strength ?? 0;
  const followed = event ? changeFollowedByAnomaly(hypothesis.subject.service, eventOnset ?? 0, state) : undefined;
  const eventStrength = followed ? EVENT_STRENGTH * followed.strength : 0;
  const stepOnly = hypothesis.kind === 'memory-exhaustion' && heldStep(best);
  const decision = decideFaultType(hypothesis, parent, best, state, outer.catalog.metrics[hypothesis.subject.service]);
  const { explainedBy, answeredBy, symptomOnly: guessed } = readOwnCodeClaim(hypothesis, best, state);
  const weight = decision.weight * (explainedBy || answeredBy ? RESTATEMENT_WEIGHT : guessed ? SYMPTOM_ONLY_WEIGHT : 1);
  const anomaly = Math.max((stepOnly ? findingStrength * HELD_STEP_WEIGHT : findingStrength) * weight, eventStrength);
  const onset = event && (!best || (eventOnset ?? Infinity) <= (best.onset ?? Infinity)) ? eventOnset : best?.onset;

  const ok = ran.filter((r) => r.status === 'ok').length;
  const coverage = ran.length === 0 ? 0 : ok / ran.length;
  const cited = [...new Set([...(best?.evidenceIds ?? []), ...(switched?.evidenceIds ?? []), ...(event ? [event.evidenceId] : []), ...ran.map((r) => r.id)])];
  // An alert whose own signal looks normal is doubtful: nothing found under it can be sure.
  const doubtful = state.triage.symptomConfirmed === false;
  const factors = {
    anomaly: doubtful ? anomaly * DOUBTFUL_ALERT_WEIGHT : anomaly,
    precedence: onset === undefined ? 0.5 : precedenceFactor(onset, effect.onset),
    topology: topologyFactor(hypothesis, effect.service, state),
    coverage,
    specificity: best ? specificityFactor(best, state, hypothesis.subject.service) : 0.5,
  };
  if (onset !== undefined) state.onsets.set(hypothesis.id, onset);
  const faultType = decision.faultType ?? refinedFaultType(hypothesis, parent, supporting, state);
  const located = computeConfidence(factors) >= LOCATE_FROM && isCodeLevel(faultType ?? spec.faultType) ? await locate(best, supporting, context, state, hypothesis.id) : undefined;
  return {
    factors,
    finding:
      describe(hypothesis, best, event, ran.length, ok, factors, effect.service) +
      (switched ? `; and ${switched.statement ?? 'a statement'} of the same operation went silent with it: the code took another path there` : '') +
      (stepOnly ? '; but it stepped up and held rather than kept growing, as a process that started (a CPU hog) does, not a leak' : '') +
      (decision.note ?? '') +
      (explainedBy ? `; but that is the alert's own symptom, and its callee ${explainedBy} shows trouble of its own that explains it` : '') +
      (answeredBy ? `; but its failing work stops right after its call to ${answeredBy}, which returns as before: what ${answeredBy} answered explains the failures` : '') +
      (guessed ? `; but that is the alert's own symptom, with nothing of its own behind it, and the services it calls may hold the cause where the telemetry read here shows none` : '') +
      (doubtful ? `; but the ${state.triage.symptomSignal} trouble the alert reports at ${state.triage.symptomService} does not show in the telemetry read here, so this stays uncertain` : ''),
    evidenceIds: [...cited, ...(located?.evidenceIds ?? [])],
    ...(located ? { location: located.location } : {}),
    onset,
    magnitude: impact ? Math.round(impact.score * 1000) / 1000 : magnitudeOf(best, followed),
    faultType,
  };
}

/**
 * Memory that stepped up and then held is what a process that started (a CPU hog, a cache warming)
 * leaves; running out of memory is memory that keeps growing, or sits at its limit. A held step
 * counts for this much of its size as evidence of exhaustion.
 */
const HELD_STEP_WEIGHT = 0.5;
const MIN_GROWTH = 0.05;
const heldStep = (finding: ServiceFinding | undefined): boolean =>
  finding !== undefined && finding.family === 'memory' && !isTelling(finding) && finding.growth !== undefined && finding.growth < MIN_GROWTH;

/** Code-level hypotheses this likely to hold are located in the code (a candidate worth naming). */
const LOCATE_FROM = 0.3;
const CODE_FAMILIES = new Set<ServiceFinding['family']>(['log-errors', 'log-business-errors', 'log-vanished', 'trace-shape', 'trace-answer']);

/**
 * Where in the subject's code a code-level hypothesis (exceptions, wrong results) sits: around its
 * strongest changed log statement, else where its trace shape changed.
 */
const isCodeLevel = (faultType: FaultType): boolean => faultType === 'exception' || faultType === 'wrong-return';

async function locate(best: ServiceFinding | undefined, supporting: ServiceFinding[], context: InvestigationContext, state: SessionState, hypothesisId: string): ReturnType<typeof locateInCode> {
  // Log statements locate more finely than a trace's calls: they go first when the service wrote any.
  const strongest = (list: ServiceFinding[]) => [...list].sort((a, b) => b.strength - a.strength)[0];
  const located = supporting.filter((f) => CODE_FAMILIES.has(f.family) && f.statement);
  const logs = located.filter((f) => f.family !== 'trace-shape' && f.family !== 'trace-answer');
  const anchor = best && logs.includes(best) ? best : strongest(logs) ?? (best && located.includes(best) ? best : strongest(located));
  if (anchor?.location) return { location: anchor.location, evidenceIds: [] };
  return anchor ? locateInCode(anchor, context, state, hypothesisId) : undefined;
}

/**
 * A change event explains nothing unless the changed service itself turned anomalous after it:
 * the strength of the service's strongest signal whose onset is at or after the change (or has no
 * known onset).
 */
function changeFollowedByAnomaly(service: string, changeAt: number, state: SessionState): { strength: number; score: number } {
  const after = (state.triage.byService.get(service) ?? []).filter((f) => f.onset === undefined || f.onset >= changeAt - PRECEDENCE_TOLERANCE_SECONDS);
  return after.reduce((max, f) => ({ strength: Math.max(max.strength, f.strength), score: Math.max(max.score, f.score) }), { strength: 0, score: 0 });
}

/** The size of what the hypothesis explains: its own strongest change, or the change that followed its event. */
function magnitudeOf(best: ServiceFinding | undefined, followed: { score: number } | undefined): number | undefined {
  const value = Math.max(best?.score ?? 0, followed?.score ?? 0);
  return value > 0 ? Math.round(value * 1000) / 1000 : undefined;
}

function supportingEvent(events: EventFinding[], categories: readonly string[], effectOnset: number): EventFinding | undefined {
  return events
    .filter((e) => categories.includes(e.category))
    .filter((e) => Date.parse(e.event.ts) / 1000 <= effectOnset + PRECEDENCE_TOLERANCE_SECONDS)
    .sort((a, b) => Date.parse(b.event.ts) - Date.parse(a.event.ts))[0];
}

/** Broad kinds take the fault type of the strongest specific signal of their subject, read as its own kind would read it. */
export function refinedFaultType(hypothesis: Hypothesis, parent: Hypothesis | undefined, supporting: ServiceFinding[], state: SessionState): FaultType | undefined {
  if (HYPOTHESIS_CATALOG[hypothesis.kind].faultType !== 'unknown') return undefined;
  // A change (deploy) is the origin of what its parent found: it carries the parent's fault type.
  if (hypothesis.kind === 'deploy-change' && parent && parent.subject.service === hypothesis.subject.service && parent.faultType !== 'unknown') return parent.faultType;
  const pool = supporting.length > 0 ? supporting : state.triage.byService.get(hypothesis.subject.service) ?? [];
  for (const finding of [...pool].sort((a, b) => b.strength - a.strength)) {
    for (const kind of ownKindsFor(finding.family, finding.direction)) {
      // Read as that kind's own test reads it: slowness of a service whose links are delayed on
      // the wire went to the network, a CPU at its limit made it wait for CPU.
      const faultType = decideFaultType({ ...hypothesis, kind }, parent, finding, state).faultType ?? HYPOTHESIS_CATALOG[kind].faultType;
      if (faultType !== 'unknown') return faultType;
    }
  }
  return undefined;
}

function describe(
  hypothesis: Hypothesis,
  best: ServiceFinding | undefined,
  event: EventFinding | undefined,
  queries: number,
  ok: number,
  factors: { anomaly: number; precedence: number; topology: number },
  effectService: string | undefined,
): string {
  const parts: string[] = [];
  if (event) parts.push(`${event.event.reason ?? event.category} event at ${event.event.ts}: ${event.event.message}`);
  if (best) parts.push(best.detail);
  if (parts.length === 0) {
    const families = HYPOTHESIS_CATALOG[hypothesis.kind].families.join(', ') || 'change events';
    parts.push(ok === 0 && queries > 0 ? `no data to test it (${queries} queries failed or returned nothing)` : `no anomaly in ${families} of ${hypothesis.subject.service} (${ok}/${queries} queries returned data)`);
  }
  if (factors.anomaly > 0 && factors.precedence < 0.3) parts.push('but the change starts after the effect it should explain');
  if (factors.anomaly > 0 && factors.topology < 0.3 && effectService) parts.push(`but ${hypothesis.subject.service} is not downstream of ${effectService}, so it cannot explain it`);
  return parts.join('; ');
}
