import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { HypothesisDraft, InvestigationContext, Reasoner, ReasonerSession } from '../../core/ports/reasoner';
import { draft, findingFor, ownDrafts, subjectFor, SUGGESTION_STRENGTH } from './draft-builder';
import { HYPOTHESIS_CATALOG } from './hypothesis-catalog';
import { testHypothesis } from './hypothesis-tester';
import { interpretNote } from './note-interpreter';
import { neighbourOf } from './noisy-neighbour';
import type { SessionState } from './session-state';
import { runTriage, serviceStrength } from './triage';

/** At most this many suspect services become first-level hypotheses. */
const MAX_SUSPECTS = 5;
/** A service needs at least this propagation-aware score to be a suspect. */
const SUSPECT_SCORE = 0.3;

/**
 * The default reasoner: deterministic, no network. It surveys every signal once (triage), proposes
 * hypotheses for the services whose anomalies best explain the others, tests each with its own
 * targeted queries and the statistical analyzers, and recurses along the catalog's causal links.
 */
export class OfflineReasoner implements Reasoner {
  readonly name = 'offline';

  async begin(context: InvestigationContext): Promise<ReasonerSession> {
    const state: SessionState = { triage: await runTriage(context), onsets: new Map() };
    const parents = new Map<string, Hypothesis>();
    return {
      propose: async () => propose(state),
      test: async (hypothesis, ctx) => {
        parents.set(hypothesis.id, hypothesis);
        const parent = hypothesis.parentId ? parents.get(hypothesis.parentId) : undefined;
        return testHypothesis(hypothesis, parent, ctx, state);
      },
      decompose: async (hypothesis) => decompose(hypothesis, state),
      interpretNote: async (note, ctx) => interpretNote(note, ctx, state),
    };
  }
}

function propose(state: SessionState): HypothesisDraft[] {
  const { triage } = state;
  const symptom = triage.symptomService;
  const ranked = triage.ranking.filter((r) => r.score > 0);
  const suspects = ranked.filter((r) => r.score >= SUSPECT_SCORE).slice(0, MAX_SUSPECTS);
  for (const extra of ranked) if (suspects.length < 3 && !suspects.includes(extra)) suspects.push(extra);
  const drafts: HypothesisDraft[] = [];
  for (const suspect of suspects) {
    const priority = suspect.score;
    if (suspect.service === symptom) {
      drafts.push(...ownDrafts(suspect.service, triage, priority));
    } else if (symptom && triage.graph?.has(symptom) && triage.graph.has(suspect.service)) {
      if (triage.graph.hasPath(symptom, suspect.service)) {
        drafts.push(draft(propagationKind(state), { service: suspect.service }, priority, `${suspect.service} is anomalous and downstream of ${symptom}`));
      } else {
        // Loud but placed where it cannot explain the symptom: test its own story explicitly so
        // the report can say why it was rejected.
        drafts.push(...ownDrafts(suspect.service, triage, priority).slice(0, 1));
      }
    } else {
      drafts.push(...ownDrafts(suspect.service, triage, priority));
    }
  }
  for (const event of triage.events.filter((e) => e.category === 'deploy' || e.category === 'config')) {
    const kind = event.category === 'deploy' ? 'deploy-change' : 'config-change';
    drafts.push(draft(kind, { service: event.event.service }, 0.6, `${event.event.reason ?? event.category} event at ${event.event.ts}: ${event.event.message}`));
  }
  if (drafts.length === 0 && symptom) drafts.push(draft('service-anomaly', { service: symptom }, 0.2, 'no signal stood out in the triage; checking the alerting service itself'));
  return dedupe(drafts);
}

function propagationKind(state: SessionState): 'downstream-latency' | 'downstream-errors' {
  return state.triage.symptomSignal === 'errors' || state.triage.symptomSignal === 'availability' ? 'downstream-errors' : 'downstream-latency';
}

function decompose(hypothesis: Hypothesis, state: SessionState): HypothesisDraft[] {
  const { triage } = state;
  const service = hypothesis.subject.service;
  const drafts: HypothesisDraft[] = [];
  if (hypothesis.kind === 'downstream-latency' || hypothesis.kind === 'downstream-errors' || hypothesis.kind === 'service-anomaly') {
    drafts.push(...ownDrafts(service, triage, 1));
    for (const callee of triage.graph?.callees(service) ?? []) {
      const strength = serviceStrength(triage.byService.get(callee) ?? []);
      if (strength >= SUGGESTION_STRENGTH) drafts.push(draft(hypothesis.kind === 'service-anomaly' ? 'downstream-latency' : hypothesis.kind, { service: callee }, strength, `${callee} is anomalous and called by ${service}`));
    }
    return dedupe(drafts);
  }
  if (hypothesis.kind === 'noisy-neighbour' && hypothesis.subject.component) {
    const neighbour = hypothesis.subject.component;
    const finding = findingFor('cpu-saturation', neighbour, triage);
    return [draft('cpu-saturation', subjectFor(neighbour, finding, triage), finding?.strength ?? 0.5, `${neighbour} shares a node with ${service}`)];
  }
  for (const kind of HYPOTHESIS_CATALOG[hypothesis.kind].children) {
    const finding = findingFor(kind, service, triage);
    const event = triage.events.find((e) => e.event.service === service && HYPOTHESIS_CATALOG[kind].events.includes(e.category));
    const signalled = (finding?.strength ?? 0) >= SUGGESTION_STRENGTH || event !== undefined;
    const subject = kind === 'noisy-neighbour' ? { ...subjectFor(service, finding, triage), component: neighbourOf(service, triage) } : subjectFor(service, finding, triage);
    if (kind === 'noisy-neighbour' && !subject.component && !signalled) continue;
    drafts.push(draft(kind, subject, signalled ? Math.max(finding?.strength ?? 0, event ? 0.8 : 0) : 0.15, finding?.detail ?? (event ? `${event.event.reason ?? event.category} event at ${event.event.ts}` : `a usual cause of ${HYPOTHESIS_CATALOG[hypothesis.kind].statement(hypothesis.subject)}`)));
  }
  return dedupe(drafts);
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
