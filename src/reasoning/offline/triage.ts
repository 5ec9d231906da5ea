import { rankByPropagation, ServiceGraph } from '../../core/analysis/topology-propagation';
import type { InvestigationContext } from '../../core/ports/reasoner';
import { surveyEvents, type EventFinding } from './event-survey';
import { surveyLogs } from './log-survey';
import { metricNames, surveyMetric } from './metric-survey';
import { strongestByService, type ServiceFinding } from './service-finding';
import { surveyTraces } from './trace-survey';
import { triageWindows, type TriageWindows } from './triage-windows';

/** What the first look at all telemetry found; the basis of the first hypotheses. */
export interface Triage {
  windows: TriageWindows;
  findings: ServiceFinding[];
  byService: Map<string, ServiceFinding[]>;
  events: EventFinding[];
  graph: ServiceGraph | undefined;
  symptomService: string | undefined;
  symptomSignal: string;
  /** instance → node, when the topology records placement. */
  placement: Record<string, string> | undefined;
  /** Unix seconds when the symptom started (its earliest onset), else the alert time. */
  symptomOnset: number;
  /** Services by how well their anomaly explains the others, best first. */
  ranking: Array<{ service: string; score: number; explains: string[]; explainedBy: string[] }>;
}

const SYMPTOM_FAMILIES = new Set(['latency', 'errors', 'availability', 'consumer-lag', 'restarts', 'trace-self-time', 'trace-errors', 'log-errors']);

/** Score of a service for ranking: its strongest signal, plus a little for corroborating ones. */
export function serviceStrength(findings: ServiceFinding[]): number {
  const strengths = findings.map((f) => f.strength).sort((a, b) => b - a);
  if (strengths.length === 0) return 0;
  return Math.min(1, strengths[0] + 0.15 * (strengths[1] ?? 0) + 0.05 * (strengths[2] ?? 0));
}

export function resolveService(context: InvestigationContext, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  return context.catalog.services.find((s) => s.toLowerCase() === lower);
}

export async function runTriage(context: InvestigationContext): Promise<Triage> {
  const windows = triageWindows(context);
  const metrics = metricNames(context);
  const [metricFindings, logFindings, traceFindings, events] = await Promise.all([
    Promise.all(metrics.map((metric) => surveyMetric(context, windows, metric, { hypothesisId: null }))).then((all) => all.flat()),
    surveyLogs(context, windows, { hypothesisId: null }),
    surveyTraces(context, windows, { hypothesisId: null }),
    surveyEvents(context, context.window, { hypothesisId: null }),
  ]);
  const findings = [...metricFindings, ...logFindings, ...traceFindings];
  const byService = strongestByService(findings);
  const graph = context.topology ? new ServiceGraph({ services: context.topology.services, calls: context.topology.calls }) : undefined;
  const symptomService = resolveService(context, context.alert.symptom.service);
  const symptomOnsets = (byService.get(symptomService ?? '') ?? [])
    .filter((f) => SYMPTOM_FAMILIES.has(f.family) && f.onset !== undefined)
    .map((f) => f.onset as number);
  const symptomOnset = symptomOnsets.length > 0 ? Math.min(...symptomOnsets) : windows.firedAtSec;
  const scores = new Map<string, number>();
  for (const [service, list] of byService) scores.set(service, serviceStrength(list));
  const ranking = graph
    ? rankByPropagation(graph, scores, { anomalyThreshold: 0.3 })
    : [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([service, score]) => ({ service, score, explains: [], explainedBy: [] }));
  return { windows, findings, byService, events, graph, symptomService, symptomSignal: context.alert.symptom.signal, placement: context.topology?.placement, symptomOnset, ranking };
}
