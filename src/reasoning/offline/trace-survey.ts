import type { InvestigationContext } from '../../core/ports/reasoner';
import type { CallEdgeStats, SpanGroupStats } from '../../core/telemetry/query-results';
import { formatNumber } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

/** A ratio as a z-like score: ×1.3 → 1, ×2 → 2.6, ×3 → 4.2. Small samples count less. */
export function ratioScore(current: number, reference: number, floor: number, count: number): number {
  const ratio = (current + floor) / (reference + floor);
  if (!(ratio > 1)) return 0;
  return (Math.log(ratio) / Math.log(1.3)) * Math.min(1, Math.sqrt(count / 20));
}

/**
 * Compares span statistics (self time, errors) per service and the network gap of every call
 * edge between the incident and a reference period.
 */
export async function surveyTraces(context: InvestigationContext, windows: TriageWindows, options: { hypothesisId: string | null; service?: string }): Promise<ServiceFinding[]> {
  if (!context.catalog.hasSpans) return [];
  const reference = referenceRanges(windows)[0];
  if (!reference) return [];
  const findings: ServiceFinding[] = [];
  const current = await context.query({ name: 'span_stats', params: { service: options.service, groupBy: 'service', range: windows.incident } }, options.hypothesisId);
  const base = await context.query({ name: 'span_stats', params: { service: options.service, groupBy: 'service', range: reference } }, options.hypothesisId);
  if (current.data?.kind === 'span_stats' && base.data?.kind === 'span_stats') {
    const before = new Map(base.data.groups.map((g) => [g.service, g]));
    for (const group of current.data.groups) {
      const ref = before.get(group.service);
      if (ref) findings.push(...compareGroup(group, ref, [current.evidence.id, base.evidence.id]));
    }
  }
  const calls = await context.query({ name: 'call_stats', params: { callee: options.service, range: windows.incident } }, options.hypothesisId);
  const callsBefore = await context.query({ name: 'call_stats', params: { callee: options.service, range: reference } }, options.hypothesisId);
  if (calls.data?.kind === 'call_stats' && callsBefore.data?.kind === 'call_stats') {
    const before = new Map(callsBefore.data.edges.map((e) => [`${e.caller}>${e.callee}`, e]));
    for (const edge of calls.data.edges) {
      const ref = before.get(`${edge.caller}>${edge.callee}`);
      if (ref) findings.push(...compareEdge(edge, ref, [calls.evidence.id, callsBefore.evidence.id]));
    }
  }
  return findings;
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

function compareEdge(edge: CallEdgeStats, ref: CallEdgeStats, evidenceIds: string[]): ServiceFinding[] {
  // Medians: a few slow calls (GC pauses, retries) move a mean but not the typical call. A
  // negative gap means the two hosts' clocks disagree by at least that much, and clocks drift:
  // the gap is then known only to within that offset, which becomes the comparison's floor.
  const clockSkewMs = Math.max(0, -ref.p50GapMs, -edge.p50GapMs);
  const score = ratioScore(Math.max(0, edge.p50GapMs), Math.max(0, ref.p50GapMs), 1 + clockSkewMs, edge.count);
  if (score <= 0) return [];
  return [{
    service: edge.callee,
    peer: edge.caller,
    family: 'call-gap',
    score,
    strength: strengthOf(score),
    direction: 'up',
    signal: `${edge.caller} → ${edge.callee}`,
    detail: `calls ${edge.caller} → ${edge.callee} spend a median ${formatNumber(edge.p50GapMs)} ms between client and server (server ${formatNumber(edge.meanServerMs)} ms on average) vs ${formatNumber(ref.p50GapMs)} ms in the reference (${edge.count} calls)`,
    evidenceIds,
  }];
}
