import { rankByPropagation, ServiceGraph } from '../../core/analysis/topology-propagation';
import type { InvestigationContext } from '../../core/ports/reasoner';
import { surveyEvents, type EventFinding } from './event-survey';
import { attributeLinkDelays, callerSideLinks } from './link-delay-attribution';
import { surveyLogs } from './log-survey';
import { metricNames, surveyMetric } from './metric-survey';
import { strongestByService, type ServiceFinding } from './service-finding';
import { surveyImpact } from './impact-survey';
import { probeSamplingStep } from './sampling-step';
import { findIncidentOnset, type IncidentOnset } from './incident-onset';
import { surveyTraces } from './trace-survey';
import { readLatencyLevels } from './latency-levels';
import { surveyMetricLinkDelays } from './metric-link-delay';
import { surveyMetricWorkShape } from './metric-work-shape';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { signalReliability } from './relation-factors';
import { familyOf, isServiceFamily, type SignalFamily } from './signal-families';
import { sinceSymptom, strengthOf, triageWindows, type TriageWindows } from './triage-windows';

/** What the first look at all telemetry found; the basis of the first hypotheses. */
export interface Triage {
  windows: TriageWindows;
  findings: ServiceFinding[];
  byService: Map<string, ServiceFinding[]>;
  events: EventFinding[];
  graph: ServiceGraph | undefined;
  symptomService: string | undefined;
  symptomSignal: string;
  /**
   * Whether the alert's own signal (latency, availability, errors) is anomalous at the alerting
   * service: false when it could be measured and looks normal (a doubtful alert), undefined when
   * it could not be measured.
   */
  symptomConfirmed: boolean | undefined;
  /** instance → node, when the topology records placement. */
  placement: Record<string, string> | undefined;
  /** Unix seconds when the symptom started (its earliest onset), else the alert time. */
  symptomOnset: number;
  /** When the incident began, when the data shows it earlier than the alert's usual lead. */
  incidentOnset?: IncidentOnset;
  /** Callers whose delayed links are on their own side, with those links' callees (see {@link callerSideLinks}). */
  linkCallers?: Map<string, string[]>;
  /** Services by how well their anomaly explains the others, best first. */
  ranking: Array<{ service: string; score: number; explains: string[]; explainedBy: string[] }>;
}

const SYMPTOM_FAMILIES = new Set(['latency', 'client-latency', 'errors', 'availability', 'consumer-lag', 'restarts', 'trace-self-time', 'trace-errors', 'log-errors']);

/** Score of a service for ranking: its strongest signal, plus a little for corroborating ones. */
export function serviceStrength(findings: ServiceFinding[], options: { weighByReliability?: boolean } = {}): number {
  const own = findings.filter((f) => !f.family.startsWith('node-') && f.family !== 'other');
  const weigh = options.weighByReliability ?? true;
  const strengths = own.map((f) => f.strength * (weigh ? signalReliability(f) : 1)).sort((a, b) => b - a);
  if (strengths.length === 0) return 0;
  return Math.min(1, strengths[0] + 0.15 * (strengths[1] ?? 0) + 0.05 * (strengths[2] ?? 0));
}

export function resolveService(context: InvestigationContext, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  return context.catalog.services.find((s) => s.toLowerCase() === lower);
}

/**
 * A caller whose CPU is saturated waits for itself before and after each call, which shows up as
 * time "between" it and its callees. A gap on such a caller's outgoing calls is explained by the
 * caller, so it counts for little against the callee.
 */
export function discountGapsOfSaturatedCallers(findings: ServiceFinding[]): ServiceFinding[] {
  const saturated = new Set(findings.filter((f) => f.saturated && f.family === 'cpu').map((f) => f.service));
  return findings.map((f) => {
    if (f.family !== 'call-gap' || !f.peer || !saturated.has(f.peer)) return f;
    const score = f.score / 4;
    return { ...f, score, strength: strengthOf(score), detail: `${f.detail}; the caller ${f.peer} is CPU-saturated, which explains most of it` };
  });
}

/**
 * Families a dependency can cause in its callers (latency, errors, failed work): a service showing
 * only these may be a victim. Resource saturation, changes and load are the service's own.
 */
const PROPAGATING = new Set(['impact', 'latency', 'client-latency', 'errors', 'availability', 'trace-self-time', 'trace-errors', 'trace-shape', 'trace-answer', 'log-errors', 'log-business-errors', 'log-vanished']);

/**
 * Ranks suspect services. A service's own (intrinsic) signals rank it as they are; its symptom-like
 * signals go through topology propagation, so that a caller whose slowness or errors are explained
 * by an anomalous callee is demoted below that callee.
 */
/**
 * A callee explains a caller's symptoms only with at least as strong a signal: signals are already
 * weighted by how telling they are, so a callee's generic latency wobble does not explain away a
 * caller's new error lines.
 */
const EXPLAINING_SHARE = 1;

/** Symptoms of failure (errors, failed or vanished work), as opposed to slowness. */
const FAILURE_FAMILIES = new Set(['errors', 'availability', 'trace-errors', 'trace-shape', 'trace-answer', 'log-errors', 'log-business-errors', 'log-vanished']);

export function rankSuspects(byService: Map<string, ServiceFinding[]>, graph: ServiceGraph | undefined): Triage['ranking'] {
  const intrinsic = new Map<string, number>();
  const symptomLike = new Map<string, number>();
  // When user impact could be measured (the alert's signal weighted by traffic), it alone says how
  // much each service's symptoms matter; raw deviations of quiet nodes would drown it.
  const byImpact = [...byService.values()].some((list) => list.some((f) => f.family === 'impact'));
  for (const [service, list] of byService) {
    const own = list.filter((f) => !PROPAGATING.has(f.family) && isServiceFamily(f.family as SignalFamily) && (f.family !== 'traffic' || f.against?.includes('pre-incident') !== false));
    intrinsic.set(service, serviceStrength(own));
    symptomLike.set(service, serviceStrength(list.filter((f) => (byImpact ? f.family === 'impact' : PROPAGATING.has(f.family)))));
  }
  // Slowness and failure propagate separately: a slow callee explains a slow caller, but not the
  // caller's new error lines or the work it stopped doing.
  const failureLike = new Map<string, number>();
  for (const [service, list] of byService) failureLike.set(service, byImpact ? 0 : serviceStrength(list.filter((f) => FAILURE_FAMILIES.has(f.family))));
  const slownessLike = new Map<string, number>();
  for (const [service, list] of byService) slownessLike.set(service, byImpact ? symptomLike.get(service) ?? 0 : serviceStrength(list.filter((f) => PROPAGATING.has(f.family) && !FAILURE_FAMILIES.has(f.family))));
  const propagate = (scores: Map<string, number>) =>
    graph
      ? rankByPropagation(graph, scores, { anomalyThreshold: 0.3, comparableShare: EXPLAINING_SHARE })
      : [...scores.entries()].map(([service, score]) => ({ service, score, explains: [] as string[], explainedBy: [] as string[] }));
  const byName = new Map<string, { score: number; explains: string[]; explainedBy: string[] }>();
  for (const r of [...propagate(slownessLike), ...propagate(failureLike)]) {
    const current = byName.get(r.service);
    if (!current || r.score > current.score) byName.set(r.service, r);
  }
  // An intrinsic cause (a saturated resource) of a callee explains its anomalous callers' symptoms
  // too, and earns the same boost for it as a propagating symptom would.
  const victims = new Set([...symptomLike].filter(([, score]) => score >= 0.3).map(([service]) => service));
  const others = Math.max(1, victims.size - 1);
  const boosted = (service: string): number => {
    const own = intrinsic.get(service) ?? 0;
    const explains = graph ? graph.upstream(service).filter((s) => victims.has(s) && s !== service).length : 0;
    return own * (1 + explains / others);
  };
  return [...byService.keys()]
    .map((service) => {
      const p = byName.get(service);
      return { service, score: Math.max(boosted(service), p?.score ?? 0), explains: p?.explains ?? [], explainedBy: p?.explainedBy ?? [] };
    })
    .sort((a, b) => b.score - a.score || a.service.localeCompare(b.service));
}

const MEASURABLE_SIGNALS: Record<string, string[]> = {
  latency: ['latency', 'impact', 'trace-self-time'],
  availability: ['availability', 'errors', 'impact'],
  errors: ['errors', 'availability', 'impact', 'trace-errors', 'trace-shape', 'log-errors'],
};

function symptomConfirmed(context: InvestigationContext, symptomService: string | undefined, byService: Map<string, ServiceFinding[]>): boolean | undefined {
  const families = MEASURABLE_SIGNALS[context.alert.symptom.signal];
  if (!families || !symptomService) return undefined;
  const measurable = (context.catalog.metrics[symptomService] ?? []).some((m) => families.includes(familyOf(m)));
  if (!measurable) return undefined;
  return (byService.get(symptomService) ?? []).some((f) => families.includes(f.family) && f.strength >= 0.5);
}

/**
 * When the symptom started: the earliest onset of the alerting service's symptom signals inside the
 * incident period (the look-back can hold earlier, unrelated trouble), else the alert time.
 */
function onsetOfSymptom(findings: readonly ServiceFinding[], symptomService: string | undefined, windows: TriageWindows): number {
  const incidentStart = Date.parse(windows.incident.start) / 1000 - (windows.stepMs ?? 0) / 1000;
  const onsets = findings
    .filter((f) => f.service === symptomService && SYMPTOM_FAMILIES.has(f.family) && f.onset !== undefined && f.onset >= incidentStart)
    .map((f) => f.onset as number);
  return onsets.length > 0 ? Math.min(...onsets) : windows.firedAtSec;
}

/** Whether any call between services was traced in the range. */
async function tracedCallsIn(context: InvestigationContext, range: TimeRange): Promise<boolean> {
  if (!context.catalog.hasSpans) return false;
  const calls = await context.query({ name: 'call_stats', params: { range } }, null);
  return calls.data?.kind === 'call_stats' && calls.data.edges.length > 0;
}

export async function runTriage(context: InvestigationContext): Promise<Triage> {
  const symptomService = resolveService(context, context.alert.symptom.service);
  const stepMs = await probeSamplingStep(context, symptomService);
  const onset = await findIncidentOnset(context, symptomService, stepMs);
  const windows = triageWindows(context, stepMs, onset?.atMs);
  const metrics = metricNames(context);
  const [metricFindings, logFindings, events] = await Promise.all([
    Promise.all(metrics.map((metric) => surveyMetric(context, windows, metric, { hypothesisId: null }))).then((all) => all.flat()),
    surveyLogs(context, windows, { hypothesisId: null }),
    surveyEvents(context, context.window, { hypothesisId: null }),
  ]);
  // Traces are also read from when the symptom surely showed, as the metrics and logs tell it.
  const since = sinceSymptom(windows, onsetOfSymptom([...metricFindings, ...logFindings], symptomService, windows));
  const traceFindings = await surveyTraces(context, windows, { hypothesisId: null, since });
  const graph = context.topology ? new ServiceGraph({ services: context.topology.services, calls: context.topology.calls }) : undefined;
  const impactFindings = await surveyImpact(context, windows, graph, symptomService);
  // Without traced calls in the incident, link delay can still be read from latency metrics, and
  // work cut short from request rates.
  const metricsOnly = !(await tracedCallsIn(context, windows.incident));
  const latency = metricsOnly ? await readLatencyLevels(context, windows) : undefined;
  const linkFindings = metricsOnly ? (await Promise.all([surveyMetricLinkDelays(context, windows, graph, latency), surveyMetricWorkShape(context, windows, graph, { since, latency })])).flat() : [];
  const surveyed = discountGapsOfSaturatedCallers([...metricFindings, ...logFindings, ...traceFindings, ...impactFindings, ...linkFindings]);
  const linkCallers = callerSideLinks(surveyed);
  const findings = attributeLinkDelays(surveyed, linkCallers);
  const byService = strongestByService(findings);
  const symptomOnset = onsetOfSymptom(byService.get(symptomService ?? '') ?? [], symptomService, windows);
  const ranking = rankSuspects(byService, graph);
  return { windows, findings, byService, events, graph, symptomService, symptomSignal: context.alert.symptom.signal, symptomConfirmed: symptomConfirmed(context, symptomService, byService), placement: context.topology?.placement, symptomOnset, ranking, linkCallers, ...(onset ? { incidentOnset: onset } : {}) };
}
