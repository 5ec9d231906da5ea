import type { InvestigationContext } from '../../core/ports/reasoner';
import type { SpanGroupStats } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { surveyCallGaps } from './call-gap-survey';
import { ratioScore } from './ratio-score';
import { formatNumber } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { REACTION_WEIGHT, surveyTraceShape } from './trace-shape-survey';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

/** A reference needs this many spans of a service to stand for its normal behaviour. */
const MIN_REFERENCE_SPANS = 5;

/**
 * Compares span statistics (self time, errors) per service, the shape of each operation's work
 * and the network gap of every call edge between the incident and the references. Traces may
 * cover only part of the window: each service is compared with the first reference that traced
 * it (the baseline, else the minutes before the incident).
 */
export async function surveyTraces(context: InvestigationContext, windows: TriageWindows, options: { hypothesisId: string | null; service?: string; since?: TimeRange }): Promise<ServiceFinding[]> {
  if (!context.catalog.hasSpans) return [];
  const references = referenceRanges(windows);
  if (references.length === 0) return [];
  const stats = (range: TimeRange) => context.query({ name: 'span_stats', params: { service: options.service, groupBy: 'service', range } }, options.hypothesisId);
  const [current, ...before] = await Promise.all([stats(windows.incident), ...references.map(stats)]);
  const findings: ServiceFinding[] = [];
  if (current.data?.kind === 'span_stats') {
    const evidenceIds = [current.evidence.id, ...before.map((b) => b.evidence.id)];
    for (const group of current.data.groups) {
      const ref = before
        .map((b) => (b.data?.kind === 'span_stats' ? b.data.groups.find((g) => g.service === group.service) : undefined))
        .find((g): g is SpanGroupStats => g !== undefined && g.count >= MIN_REFERENCE_SPANS);
      if (ref) findings.push(...compareGroup(group, ref, evidenceIds));
    }
  }
  const shapes = await surveyTraceShape(context, windows, options);
  const gaps = await surveyCallGaps(context, windows, { hypothesisId: options.hypothesisId, service: options.service });
  return [...findings.map((f) => failingOnAnswer(f, shapes)), ...shapes, ...gaps];
}

/**
 * An operation that failed after all its calls, or stopped right after a call whose answer others
 * stop or fail on too, whose failure the trace-shape survey put on the one service it and those
 * others call in common: its service's failing spans pass on that answer, and count as a reaction.
 */
function failingOnAnswer(finding: ServiceFinding, shapes: readonly ServiceFinding[]): ServiceFinding {
  if (finding.family !== 'trace-errors') return finding;
  const answer = shapes.find((f) => f.family === 'trace-answer' && f.callerFailed === true && f.peer === finding.service);
  const stop = answer ? undefined : shapes.find((f) => f.family === 'trace-shape' && f.service === finding.service && f.passesOn !== undefined);
  const passesOn = answer?.service ?? stop?.passesOn;
  if (passesOn === undefined) return finding;
  const score = finding.score * REACTION_WEIGHT;
  const how = answer ? `its ${answer.callerOperation} still makes all its calls, which answer as before, and fails on` : `its ${stop?.operation} stops right after its call to ${passesOn}, which returns as before, on`;
  return {
    ...finding,
    score,
    strength: strengthOf(score),
    detail: `${finding.detail}; ${how} what ${passesOn} answered, as other services calling ${passesOn} do: a reaction`,
    passesOn,
  };
}

function compareGroup(group: SpanGroupStats, ref: SpanGroupStats, evidenceIds: string[]): ServiceFinding[] {
  const out: ServiceFinding[] = [];
  const selfScore = ratioScore(group.meanSelfMs, ref.meanSelfMs, 1, group.count);
  if (selfScore > 0) {
    out.push({
      service: group.service,
      family: 'trace-self-time',
      score: selfScore,
      strength: strengthOf(selfScore),
      direction: 'up',
      signal: 'span self time',
      detail: `${group.service} spans spend ${formatNumber(group.meanSelfMs)} ms in their own code on average vs ${formatNumber(ref.meanSelfMs)} ms in the reference (${group.count} spans)`,
      evidenceIds,
    });
  }
  const rate = group.count > 0 ? group.errorCount / group.count : 0;
  const refRate = ref.count > 0 ? ref.errorCount / ref.count : 0;
  const errorScore = ratioScore(rate, refRate, 0.01, group.count);
  if (group.errorCount > 0 && errorScore > 0) {
    out.push({
      service: group.service,
      family: 'trace-errors',
      score: errorScore,
      strength: strengthOf(errorScore),
      direction: 'up',
      signal: 'span errors',
      detail: `${group.service} error spans ${formatNumber(rate * 100)}% vs ${formatNumber(refRate * 100)}% in the reference (${group.errorCount}/${group.count})`,
      evidenceIds,
    });
  }
  return out;
}
