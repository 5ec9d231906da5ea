import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { InvestigationContext } from '../../core/ports/reasoner';
import { surveyEvents, type EventFinding } from './event-survey';
import { attributeLinkDelays } from './link-delay-attribution';
import { surveyLogs } from './log-survey';
import { surveyMetric } from './metric-survey';
import { surveyTraces } from './trace-survey';
import type { ServiceFinding } from './service-finding';
import type { SessionState } from './session-state';
import { sinceSymptom } from './triage-windows';
import { familyOf } from './signal-families';

type Family = ServiceFinding['family'];
const LOG_FAMILIES: ReadonlySet<Family> = new Set(['log-errors', 'log-business-errors', 'log-vanished']);
const TRACE_FAMILIES: ReadonlySet<Family> = new Set(['trace-self-time', 'trace-errors', 'trace-shape', 'trace-answer', 'call-gap']);

/**
 * Runs the targeted queries for one hypothesis: the subject service's metrics in the wanted
 * families, its log templates, its spans and its events — only what the families need — and
 * returns what was found for that service.
 */
export async function gatherFindings(
  hypothesis: Hypothesis,
  families: readonly Family[],
  context: InvestigationContext,
  state: SessionState,
  options: { events: boolean },
): Promise<{ findings: ServiceFinding[]; events: EventFinding[] }> {
  const service = hypothesis.subject.service;
  const wanted = new Set(families);
  const metrics = (context.catalog.metrics[service] ?? []).filter((m) => wanted.has(familyOf(m)));
  const work: Array<Promise<ServiceFinding[]>> = metrics.map((metric) =>
    surveyMetric(context, state.triage.windows, metric, { hypothesisId: hypothesis.id, service, instance: hypothesis.subject.instance }),
  );
  if (families.some((f) => LOG_FAMILIES.has(f))) work.push(surveyLogsOf(hypothesis, context, state));
  if (families.some((f) => TRACE_FAMILIES.has(f))) work.push(surveyTracesOf(hypothesis, context, state));
  const eventsWork = options.events ? surveyEvents(context, context.window, { hypothesisId: hypothesis.id, service }) : Promise.resolve([]);
  const [groups, events] = await Promise.all([Promise.all(work), eventsWork]);
  // A delayed link the triage put on its caller's side (that caller's calls to several services
  // are all delayed) is no evidence against the callee this hypothesis is about.
  const findings = attributeLinkDelays(groups.flat(), state.triage.linkCallers ?? new Map())
    .filter((f) => f.service === service && wanted.has(f.family))
    .map((f) => wholeTraceReading(f, state.triage.findings));
  // The triage saw every service at once; what it found about this one (e.g. a workload that only
  // stands out against its peers) still counts, citing the triage's queries.
  const seen = new Set(findings.map((f) => `${f.family}|${f.instance ?? ''}|${f.signal}`));
  const fromTriage = state.triage.findings.filter(
    (f) => f.service === service && wanted.has(f.family) && !seen.has(`${f.family}|${f.instance ?? ''}|${f.signal}`) && (!hypothesis.subject.instance || !f.instance || f.instance === hypothesis.subject.instance),
  );
  return { findings: [...findings, ...fromTriage], events };
}

async function surveyLogsOf(hypothesis: Hypothesis, context: InvestigationContext, state: SessionState): Promise<ServiceFinding[]> {
  // Logs are compared across all services so that a template shared by many services is
  // recognised as spread-out; the per-service filter is applied by the caller.
  return surveyLogs(context, state.triage.windows, { hypothesisId: hypothesis.id });
}

async function surveyTracesOf(hypothesis: Hypothesis, context: InvestigationContext, state: SessionState): Promise<ServiceFinding[]> {
  return surveyTraces(context, state.triage.windows, { hypothesisId: hypothesis.id, service: hypothesis.subject.service, since: sinceSymptom(state.triage.windows, state.triage.symptomOnset) });
}

/** Findings read from whole traces: whether a change is a reaction depends on the other services' operations. */
const WHOLE_TRACE_FAMILIES: ReadonlySet<Family> = new Set(['trace-shape', 'trace-answer']);

/**
 * A trace-shape change read from one service's spans cannot tell whether the call it stopped after
 * returned something that changed further down: that needs the other services' operations. The
 * triage read the same periods across every service, so where it made the same finding, its
 * reading (a reaction to a call below, discounted) stands, citing this hypothesis' queries too.
 */
export function wholeTraceReading(finding: ServiceFinding, triage: readonly ServiceFinding[]): ServiceFinding {
  if (finding.family === 'trace-errors') {
    // Whether a service's failing spans fail on another's answer depends on the other services too.
    const passing = triage.find((f) => f.service === finding.service && f.family === 'trace-errors' && f.passesOn !== undefined);
    return passing && passing.score < finding.score ? { ...passing, evidenceIds: [...new Set([...finding.evidenceIds, ...passing.evidenceIds])] } : finding;
  }
  if (!WHOLE_TRACE_FAMILIES.has(finding.family)) return finding;
  const same = (f: ServiceFinding) =>
    f.service === finding.service && f.family === finding.family && f.signal === finding.signal && (f.family !== 'trace-answer' || (f.peer === finding.peer && f.callerOperation === finding.callerOperation));
  const whole = triage.find(same);
  if (!whole || whole.score >= finding.score) return finding;
  return { ...whole, evidenceIds: [...new Set([...finding.evidenceIds, ...whole.evidenceIds])] };
}
