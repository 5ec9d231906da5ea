import { explainsByPropagation } from '../../core/analysis/topology-propagation';
import { precedenceScore } from '../../core/analysis/temporal-precedence';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { SessionState } from './session-state';

/** Tolerance for "starts at or before": one scrape interval or two of slack. */
export const PRECEDENCE_TOLERANCE_SECONDS = 120;

/** The effect a hypothesis must explain: its parent, or the alert's symptom for top-level nodes. */
export function effectOf(hypothesis: Hypothesis, state: SessionState, parent: Hypothesis | undefined): { service: string | undefined; onset: number } {
  const parentOnset = hypothesis.parentId ? state.onsets.get(hypothesis.parentId) : undefined;
  return {
    service: parent ? parent.subject.service : state.triage.symptomService,
    onset: parentOnset ?? state.triage.symptomOnset,
  };
}

/**
 * Can the subject explain the effect through the topology? A callee can slow or fail its caller;
 * a caller can only overload its callee (traffic flows downstream). 1: yes, 0.5: unknown,
 * 0: the graph knows both services and has no such path.
 */
export function topologyFactor(hypothesis: Hypothesis, effectService: string | undefined, state: SessionState): number {
  const subject = hypothesis.subject.service;
  if (hypothesis.kind === 'noisy-neighbour') return sharesNode(subject, hypothesis.subject.component ?? effectService, state);
  if (!effectService || subject === effectService) return effectService ? 1 : 0.5;
  const graph = state.triage.graph;
  if (!graph || !graph.has(subject) || !graph.has(effectService)) return 0.5;
  const explains = hypothesis.kind === 'traffic-surge' ? graph.hasPath(subject, effectService) || explainsByPropagation(graph, subject, effectService) : explainsByPropagation(graph, subject, effectService);
  return explains ? 1 : 0;
}

export function precedenceFactor(onset: number | undefined, effectOnset: number): number {
  return precedenceScore(onset, effectOnset, PRECEDENCE_TOLERANCE_SECONDS);
}

/** 1 when only this service shows the signal; lower the more services show it at once. */
export function specificityFactor(family: string, state: SessionState, service: string): number {
  const services = new Set(state.triage.findings.filter((f) => f.family === family && f.strength >= 0.5 && f.service !== service).map((f) => f.service));
  return 1 / (1 + 0.25 * services.size);
}

/** Noisy neighbours act through the node they share, not through calls: 1 when placement shows a shared node, 0.5 when unknown. */
function sharesNode(a: string, b: string | undefined, state: SessionState): number {
  const placement = state.triage.placement;
  if (!placement || !b) return 0.5;
  const nodesOf = (service: string): Set<string> => new Set(Object.entries(placement).filter(([instance]) => instance === service || instance.startsWith(`${service}-`)).map(([, node]) => node));
  const mine = nodesOf(a);
  if (mine.size === 0) return 0.5;
  return [...nodesOf(b)].some((node) => mine.has(node)) ? 1 : 0;
}
