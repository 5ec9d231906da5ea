import { PROPAGATION_KINDS, SYMPTOM_KINDS, type Hypothesis, type HypothesisKind } from '../../core/investigation/hypothesis-schema';
import type { HypothesisDraft, InvestigationContext, Reasoner, ReasonerSession } from '../../core/ports/reasoner';
import { draft, findingFor, ownDrafts, subjectFor, SUGGESTION_STRENGTH } from './draft-builder';
import { HYPOTHESIS_CATALOG } from './hypothesis-catalog';
import { PROPAGATING_FAMILIES, testHypothesis } from './hypothesis-tester';
import { interpretNote } from './note-interpreter';
import { judgeReportedChange, reportedChangeOf } from './reported-change-test';
import type { EventFinding } from './event-survey';
import type { ServiceFinding } from './service-finding';
import { interpretSteering } from './steering-interpreter';
import { neighbourOf } from './noisy-neighbour';
import type { SessionState } from './session-state';
import { isConnected, isTelling } from './relation-factors';
import { isServiceFamily, type SignalFamily } from './signal-families';
import { isTestable } from './testability';
import { runTriage, serviceStrength, type Triage } from './triage';

const BROAD_KINDS = PROPAGATION_KINDS;

/** At most this many suspect services become first-level hypotheses. */
const MAX_SUSPECTS = 5;
/** A service needs at least this propagation-aware score to be a suspect. */
const SUSPECT_SCORE = 0.3;
/**
 * The services with the strongest telling signal (a silenced code path, new error lines, a delayed
 * link, a saturated resource) are suspects even when generic deviations elsewhere outrank them:
 * at most this many, with at least the strength of a clear anomaly.
 */
const TELLING_SUSPECTS = 2;
const TELLING_SUSPECT_STRENGTH = 0.5;
/** A callee must be clearly anomalous for a propagation hypothesis to follow it. */
const FOLLOW_CALLEE_STRENGTH = 0.5;

/**
 * The offline session, with a read-only view of what its statistical analyzers found (for a
 * reasoner that wraps it: the findings are the evidence that passed the analyzers).
 */
export interface OfflineSession extends ReasonerSession {
  analysis(): OfflineAnalysis;
}

/** What the triage's analyzers found: the evidence that passed them. */
export interface OfflineAnalysis {
  /** Every anomalous signal, with the evidence it was measured from. */
  findings: readonly ServiceFinding[];
  /** Change and lifecycle events in the window (deploys, config changes, OOM kills, restarts). */
  events: readonly EventFinding[];
  /** The service whose symptom the alert reports, when the telemetry knows it. */
  symptomService: string | undefined;
}

/**
 * The default reasoner: deterministic, no network. It surveys every signal once (triage), proposes
 * hypotheses for the services whose anomalies best explain the others, tests each with its own
 * targeted queries and the statistical analyzers, and recurses along the catalog's causal links.
 */
export class OfflineReasoner implements Reasoner {
  readonly name = 'offline';

  async begin(context: InvestigationContext): Promise<OfflineSession> {
    const state: SessionState = { triage: await runTriage(context), onsets: new Map() };
    const parents = new Map<string, Hypothesis>();
    return {
      propose: async () => propose(state),
      incidentOnset: () => state.triage.incidentOnset,
      test: async (hypothesis, ctx) => {
        parents.set(hypothesis.id, hypothesis);
        const parent = hypothesis.parentId ? parents.get(hypothesis.parentId) : undefined;
        const judgement = await testHypothesis(hypothesis, parent, ctx, state);
        const reported = reportedChangeOf(hypothesis, ctx);
        if (!reported) return judgement;
        const judged = judgeReportedChange(hypothesis, parent, reported, judgement, state);
        if (judged.onset !== undefined) state.onsets.set(hypothesis.id, judged.onset);
        return judged;
      },
      decompose: async (hypothesis, ctx) => decompose(hypothesis, state, ctx),
      interpretNote: async (note, ctx) => interpretNote(note, ctx, state),
      steer: async (request, ctx) => interpretSteering(request, ctx, state),
      analysis: () => ({ findings: state.triage.findings, events: state.triage.events, symptomService: state.triage.symptomService }),
    };
  }
}

function propose(state: SessionState): HypothesisDraft[] {
  const { triage } = state;
  const symptom = triage.symptomService;
  const ranked = triage.ranking.filter((r) => r.score > 0);
  const suspects = ranked.filter((r) => r.score >= SUSPECT_SCORE).slice(0, MAX_SUSPECTS);
  for (const extra of ranked) if (suspects.length < 3 && !suspects.includes(extra)) suspects.push(extra);
  for (const telling of tellingSuspects(state, suspects)) suspects.push(telling);
  const drafts: HypothesisDraft[] = [];
  for (const suspect of suspects) {
    const priority = suspect.score;
    if (suspect.service === symptom) {
      drafts.push(...ownDrafts(suspect.service, triage, priority));
    } else if (symptom && triage.graph && isConnected(triage.graph, symptom) && isConnected(triage.graph, suspect.service)) {
      if (triage.graph.hasPath(symptom, suspect.service) && !showsPropagation(suspect.service, propagationKind(state), triage) && hasTellingCause(suspect.service, triage)) {
        // Downstream, but nothing of it that could travel to the symptom was measured, while its
        // own cause is plain (a pod at its CPU limit without latency metrics): test that story.
        drafts.push(...ownDrafts(suspect.service, triage, priority));
      } else if (triage.graph.hasPath(symptom, suspect.service)) {
        drafts.push(draft(propagationKind(state), { service: suspect.service }, priority, `${suspect.service} is anomalous and downstream of ${symptom}`));
      } else {
        // Loud but placed where it cannot explain the symptom: test its own story explicitly so
        // the report can say why it was rejected.
        drafts.push(...ownDrafts(suspect.service, triage, priority).slice(0, 2));
      }
    } else {
      drafts.push(...ownDrafts(suspect.service, triage, priority));
    }
  }
  const covered = new Set(suspects.map((s) => s.service));
  // Changes to suspect services are tested under them (as deeper causes); changes elsewhere are
  // tested on their own so the report can say whether they mattered.
  for (const event of triage.events.filter((e) => (e.category === 'deploy' || e.category === 'config') && !covered.has(e.event.service))) {
    const kind = event.category === 'deploy' ? 'deploy-change' : 'config-change';
    drafts.push(draft(kind, { service: event.event.service }, 0.6, `${event.event.reason ?? event.category} event at ${event.event.ts}: ${event.event.message}`));
  }
  if (drafts.length === 0 && symptom) drafts.push(draft('service-anomaly', { service: symptom }, 0.2, 'no signal stood out in the triage; checking the alerting service itself'));
  return dedupe(drafts);
}

/**
 * Services outside `suspects` whose strongest telling signal is clear, strongest first. User impact
 * does not count: it measures how much a service's symptoms matter, not what caused them.
 */
function tellingSuspects(state: SessionState, suspects: Triage['ranking']): Triage['ranking'] {
  const chosen = new Set(suspects.map((s) => s.service));
  const strengthOf = (service: string): number =>
    Math.max(0, ...(state.triage.byService.get(service) ?? []).filter((f) => isTelling(f) && f.family !== 'impact' && isServiceFamily(f.family as SignalFamily)).map((f) => f.strength));
  return state.triage.ranking
    .filter((r) => !chosen.has(r.service) && strengthOf(r.service) >= TELLING_SUSPECT_STRENGTH)
    .sort((a, b) => strengthOf(b.service) - strengthOf(a.service))
    .slice(0, TELLING_SUSPECTS);
}

/** A clear signal that tells a cause by itself (a resource at its limit, a delayed link), not a symptom. */
function hasTellingCause(service: string, triage: Triage): boolean {
  return (triage.byService.get(service) ?? []).some((f) => isTelling(f) && !PROPAGATION_SIGNALS.has(f.family) && f.strength >= TELLING_SUSPECT_STRENGTH);
}
const PROPAGATION_SIGNALS = new Set<string>([...(PROPAGATING_FAMILIES['downstream-latency'] ?? []), ...(PROPAGATING_FAMILIES['downstream-errors'] ?? [])]);

/** Whether a service shows any signal a propagation hypothesis of this kind can rest on. */
function showsPropagation(service: string, kind: 'downstream-latency' | 'downstream-errors', triage: Triage): boolean {
  const families = PROPAGATING_FAMILIES[kind] ?? [];
  return (triage.byService.get(service) ?? []).some((f) => families.includes(f.family) && f.strength >= SUGGESTION_STRENGTH);
}

function propagationKind(state: SessionState): 'downstream-latency' | 'downstream-errors' {
  return state.triage.symptomSignal === 'errors' || state.triage.symptomSignal === 'availability' ? 'downstream-errors' : 'downstream-latency';
}

function decompose(hypothesis: Hypothesis, state: SessionState, context: InvestigationContext): HypothesisDraft[] {
  const { triage } = state;
  const service = hypothesis.subject.service;
  if (BROAD_KINDS.has(hypothesis.kind)) {
    const propagation = hypothesis.kind === 'downstream-errors' ? 'downstream-errors' : 'downstream-latency';
    return dedupe([...ownDrafts(service, triage, 1), ...calleeDrafts(service, propagation, state)]);
  }
  const drafts: HypothesisDraft[] = [];
  const claimedElsewhere = kindsClaimedByMechanisms(hypothesis, context);
  for (const kind of HYPOTHESIS_CATALOG[hypothesis.kind].children) {
    if (claimedElsewhere.has(kind)) continue;
    if (BROAD_KINDS.has(kind)) {
      drafts.push(...calleeDrafts(service, kind as 'downstream-latency' | 'downstream-errors', state));
      continue;
    }
    const target = targetService(kind, service, state, context);
    if (!target) continue;
    const finding = findingFor(kind, target, triage);
    const event = triage.events.find((e) => e.event.service === target && HYPOTHESIS_CATALOG[kind].events.includes(e.category));
    const signalled = (finding?.strength ?? 0) >= SUGGESTION_STRENGTH || event !== undefined;
    if (kind === 'noisy-neighbour') {
      // The neighbour is the subject (it is the cause); the starved service is the component.
      const neighbour = neighbourOf(service, triage, hypothesis.subject.instance);
      if (!neighbour) continue;
      const evidence = findingFor('noisy-neighbour', neighbour, triage);
      drafts.push(draft('noisy-neighbour', { service: neighbour, component: service }, evidence?.strength ?? 0.3, evidence?.detail ?? `${neighbour} shares a node with ${service}`));
      continue;
    }
    const subject = subjectFor(target, finding, triage);
    const rationale = finding?.detail ?? (event ? `${event.event.reason ?? event.category} event at ${event.event.ts}` : `a usual cause of ${HYPOTHESIS_CATALOG[hypothesis.kind].statement(hypothesis.subject)}`);
    drafts.push(draft(kind, subject, signalled ? Math.max(finding?.strength ?? 0, event ? 0.8 : 0) : 0.15, rationale));
  }
  return dedupe(drafts);
}


/**
 * When a symptom of a service (its errors) is decomposed, a deeper cause that a stronger mechanism
 * node of the same service also lists (a config change under an exhausted connection pool) is left
 * to that node, so the chain reads symptom → mechanism → change rather than splitting in two.
 */
function kindsClaimedByMechanisms(hypothesis: Hypothesis, context: InvestigationContext): Set<HypothesisKind> {
  const claimed = new Set<HypothesisKind>();
  if (!SYMPTOM_KINDS.has(hypothesis.kind)) return claimed;
  const strength = hypothesis.confidence ?? hypothesis.priority;
  for (const other of context.hypotheses()) {
    if (other.id === hypothesis.id || other.subject.service !== hypothesis.subject.service || SYMPTOM_KINDS.has(other.kind)) continue;
    if (other.status === 'refuted' || other.status === 'vetoed') continue;
    if ((other.confidence ?? other.priority) < strength) continue;
    for (const kind of HYPOTHESIS_CATALOG[other.kind].children) claimed.add(kind);
  }
  return claimed;
}

/** Anomalous callees of a service, as propagation hypotheses. */
function calleeDrafts(service: string, kind: 'downstream-latency' | 'downstream-errors', state: SessionState): HypothesisDraft[] {
  const { triage } = state;
  return (triage.graph?.callees(service) ?? [])
    .map((callee) => ({ callee, strength: serviceStrength(triage.byService.get(callee) ?? []) }))
    .filter(({ strength }) => strength >= FOLLOW_CALLEE_STRENGTH)
    .map(({ callee, strength }) => draft(kind, { service: callee }, strength, `${callee} is anomalous and called by ${service}`));
}

/**
 * Where a deeper cause of this kind would live: the service itself when its telemetry can test
 * the kind, else the callee that shows the kind's signal (a consumer's lag is tested on the broker
 * it commits to). Undefined when neither can be tested.
 */
function targetService(kind: HypothesisKind, service: string, state: SessionState, context: InvestigationContext): string | undefined {
  if (kind === 'noisy-neighbour' || isTestable(kind, service, context)) return service;
  return strongestCallee(kind, service, state)?.service;
}

function strongestCallee(kind: HypothesisKind, service: string, state: SessionState): { service: string; strength: number } | undefined {
  return (state.triage.graph?.callees(service) ?? [])
    .map((callee) => ({ service: callee, strength: findingFor(kind, callee, state.triage)?.strength ?? 0 }))
    .filter((c) => c.strength >= SUGGESTION_STRENGTH)
    .sort((a, b) => b.strength - a.strength)[0];
}

function dedupe(drafts: HypothesisDraft[]): HypothesisDraft[] {
  const seen = new Map<string, HypothesisDraft>();
  for (const d of drafts) {
    const key = `${d.kind}|${d.subject.service}|${d.subject.instance ?? ''}|${d.subject.component ?? ''}`;
    const existing = seen.get(key);
    if (!existing || existing.priority < d.priority) seen.set(key, d);
  }
  return [...seen.values()];
}
