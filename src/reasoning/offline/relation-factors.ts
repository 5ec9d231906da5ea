import { explainsByPropagation, type ServiceGraph } from '../../core/analysis/topology-propagation';
import { precedenceScore } from '../../core/analysis/temporal-precedence';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { ServiceFinding } from './service-finding';
import type { SessionState } from './session-state';

/** Tolerance for "starts at or before": one scrape interval or two of slack. */
export const PRECEDENCE_TOLERANCE_SECONDS = 120;

/** The effect a hypothesis must explain: its parent, or the alert's symptom for top-level nodes. */
export function effectOf(hypothesis: Hypothesis, state: SessionState, parent: Hypothesis | undefined): { service: string | undefined; onset: number } {
  const parentOnset = hypothesis.parentId ? state.onsets.get(hypothesis.parentId) : undefined;
  // An onset found before the incident period is the look-back's noise, not this effect's start.
  const incidentStart = Date.parse(state.triage.windows.incident.start) / 1000;
  return {
    service: parent ? parent.subject.service : state.triage.symptomService,
    onset: Math.max(parentOnset ?? state.triage.symptomOnset, incidentStart),
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
  if (!graph || !isConnected(graph, subject) || !isConnected(graph, effectService)) return 0.5;
  const explains = hypothesis.kind === 'traffic-surge' ? graph.hasPath(subject, effectService) || explainsByPropagation(graph, subject, effectService) : explainsByPropagation(graph, subject, effectService);
  return explains ? 1 : 0;
}

export function precedenceFactor(onset: number | undefined, effectOnset: number): number {
  return precedenceScore(onset, effectOnset, PRECEDENCE_TOLERANCE_SECONDS);
}

/** Signals that point at a cause by themselves, unlike a metric that merely moved. */
const TELLING_FAMILIES = new Set(['impact', 'call-gap', 'log-errors', 'log-business-errors', 'log-vanished', 'trace-errors', 'trace-shape', 'trace-answer', 'restarts', 'commit-latency', 'consumer-lag', 'pool', 'payload']);
/** How much a generic deviation (a latency or memory series that moved) is worth next to a telling signal. */
const GENERIC_SIGNAL_WEIGHT = 0.7;

/**
 * Memory this many MiB above normal, and at least half as much again as normal, was allocated on
 * purpose (a hog, a leak that already happened): a process burning CPU, or a cache that differs
 * between two recordings, moves memory by a few MiB or a few tens of percent.
 */
export const LARGE_ALLOCATION_MIB = 64;
const LARGE_ALLOCATION_RATIO = 1.5;

type Telling = { family: string; saturated?: boolean; addedMiB?: number; ratio?: number };

/** A signal that points at a cause by itself: a telling family, a resource at its limit, or memory allocated in bulk. */
export function isTelling(finding: Telling): boolean {
  if (finding.saturated === true || TELLING_FAMILIES.has(finding.family)) return true;
  return finding.family === 'memory' && (finding.addedMiB ?? 0) >= LARGE_ALLOCATION_MIB && (finding.ratio ?? 0) >= LARGE_ALLOCATION_RATIO;
}

/** 1 for a telling signal, less for a generic deviation. */
export function signalReliability(finding: Telling): number {
  return isTelling(finding) ? 1 : GENERIC_SIGNAL_WEIGHT;
}

/**
 * How specific a finding is to this service and this cause: telling signals (a resource at its
 * limit, a delayed link, new error lines, work that stopped) count fully, generic deviations less;
 * and the more services show the same kind of signal at once, the less it singles this one out.
 */
export function specificityFactor(finding: Telling, state: SessionState, service: string): number {
  // A resource telling by its level (at its limit, memory allocated in bulk or still climbing) is
  // compared with the services whose same resource is telling too, not with every wobble.
  const byLevel = !TELLING_FAMILIES.has(finding.family) && isTelling(finding);
  const alike = (f: ServiceFinding): boolean => f.family === finding.family && f.service !== service && (byLevel ? isTelling(f) : f.strength >= 0.5);
  const services = new Set(state.triage.findings.filter(alike).map((f) => f.service));
  const reliability = signalReliability(finding);
  return reliability / (1 + 0.25 * services.size);
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

/** A service the graph knows calls of; an isolated node (e.g. an entry-point SLI) tells nothing. */
export function isConnected(graph: ServiceGraph, service: string): boolean {
  return graph.has(service) && graph.callees(service).length + graph.callers(service).length > 0;
}
