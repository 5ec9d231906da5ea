import type { InvestigationContext } from '../../core/ports/reasoner';
import type { CallEdgeStats } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { formatNumber } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { ratioScore } from './ratio-score';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

/** Gaps are also compared minute by minute, so a delay that covers part of a partly traced incident still shows. */
const BUCKET_SECONDS = 60;
/** A minute needs this many calls of an edge for its median to count. */
const MIN_BUCKET_CALLS = 3;
/** A reference needs this many calls of an edge to stand for its normal gap. */
const MIN_REFERENCE_CALLS = 1;

type Bucket = NonNullable<CallEdgeStats['buckets']>[number];

/**
 * The network gap of every call edge (client span duration minus its server child's, matched by
 * parent and child span ids, whatever the two sides' operations are called): the incident against
 * the references, over the whole incident and minute by minute. Traces can cover part of the
 * period: only minutes that hold calls are compared, and each edge with the references that saw it.
 * A negative reference gap means the two hosts' clocks disagree by at least that much; the gap is
 * then known only to within that offset, which becomes the comparison's floor.
 */
export async function surveyCallGaps(context: InvestigationContext, windows: TriageWindows, options: { hypothesisId: string | null; service?: string }): Promise<ServiceFinding[]> {
  const references = referenceRanges(windows);
  const calls = (range: TimeRange) => context.query({ name: 'call_stats', params: { callee: options.service, range, stepSeconds: BUCKET_SECONDS } }, options.hypothesisId);
  const [current, ...before] = await Promise.all([calls(windows.incident), ...references.map(calls)]);
  if (current.data?.kind !== 'call_stats') return [];
  const evidenceIds = [current.evidence.id, ...before.map((b) => b.evidence.id)];
  const findings: ServiceFinding[] = [];
  for (const edge of current.data.edges) {
    const seen = before.flatMap((b) => (b.data?.kind === 'call_stats' ? b.data.edges.filter((e) => e.caller === edge.caller && e.callee === edge.callee && e.count >= MIN_REFERENCE_CALLS) : []));
    if (seen.length === 0) continue;
    const finding = compareEdge(edge, seen, evidenceIds, windows.firedAtSec);
    if (finding) findings.push(finding);
  }
  return findings;
}

function compareEdge(edge: CallEdgeStats, references: CallEdgeStats[], evidenceIds: string[], firedAtSec: number): ServiceFinding | undefined {
  const ref = references[0];
  const clockSkewMs = Math.max(0, ...references.map((r) => -r.p50GapMs), -edge.p50GapMs);
  const whole = ratioScore(Math.max(0, edge.p50GapMs), Math.max(0, ref.p50GapMs), 1 + clockSkewMs, edge.count);
  const minutes = minuteComparison(edge, references, clockSkewMs, firedAtSec);
  const score = Math.max(whole, minutes?.score ?? 0);
  if (score <= 0) return undefined;
  const byMinute = minutes !== undefined && minutes.score > whole;
  const detail = byMinute
    ? `calls ${edge.caller} → ${edge.callee} spend a median ${formatNumber(minutes.peak.p50GapMs)} ms between client and server in the minute from ${minutes.peak.start} (server ${formatNumber(minutes.peak.meanServerMs)} ms on average), vs at most ${formatNumber(minutes.referencePeak)} ms in any traced reference minute (${minutes.calls} calls in ${minutes.minutes} delayed minutes of ${edge.buckets?.length ?? 0} traced)` +
      (minutes.held < 1 ? `; but only ${minutes.delayedBeforeAlert} of the ${minutes.tracedBeforeAlert} traced minutes from then until the alert were delayed: a blip, not a link that stayed slow` : '')
    : `calls ${edge.caller} → ${edge.callee} spend a median ${formatNumber(edge.p50GapMs)} ms between client and server (server ${formatNumber(edge.meanServerMs)} ms on average) vs ${formatNumber(ref.p50GapMs)} ms in the reference (${edge.count} calls)`;
  return {
    service: edge.callee,
    peer: edge.caller,
    family: 'call-gap',
    score,
    strength: strengthOf(score),
    direction: 'up',
    ...(minutes?.onset !== undefined ? { onset: minutes.onset } : {}),
    signal: `${edge.caller} → ${edge.callee}`,
    detail,
    evidenceIds,
  };
}

/**
 * The incident's worst traced minute against the worst traced reference minute (the same
 * statistic on both sides, so minute-to-minute noise is weighed alike), counting the calls of the
 * incident minutes above the reference's worst; the onset is the first such minute.
 */
function minuteComparison(
  edge: CallEdgeStats,
  references: CallEdgeStats[],
  clockSkewMs: number,
  firedAtSec: number,
): { score: number; peak: Bucket; referencePeak: number; calls: number; minutes: number; onset?: number; held: number; delayedBeforeAlert: number; tracedBeforeAlert: number } | undefined {
  const usable = (buckets: Bucket[] | undefined) => (buckets ?? []).filter((b) => b.count >= MIN_BUCKET_CALLS);
  const mine = usable(edge.buckets);
  const theirs = references.flatMap((r) => usable(r.buckets));
  if (mine.length === 0 || theirs.length === 0) return undefined;
  const referencePeak = Math.max(...theirs.map((b) => b.p50GapMs));
  // Clearly above: half as much again as the worst reference minute, and more than the clocks' offset.
  const threshold = Math.max(referencePeak * 1.5, referencePeak + 1 + clockSkewMs);
  const above = mine.filter((b) => b.p50GapMs > threshold);
  if (above.length === 0) return undefined;
  const peak = above.reduce((a, b) => (b.p50GapMs > a.p50GapMs ? b : a));
  const calls = above.reduce((sum, b) => sum + b.count, 0);
  const onset = Math.floor(startSec(above[0]));
  // A delayed link stays delayed while its fault lasts, and the alert fires while it does: traced
  // minutes between the first delayed one and the alert that show no delay make it a blip.
  const beforeAlert = mine.filter((b) => startSec(b) >= onset && startSec(b) < firedAtSec);
  const delayedBeforeAlert = beforeAlert.filter((b) => b.p50GapMs > threshold).length;
  const held = beforeAlert.length > 0 ? delayedBeforeAlert / beforeAlert.length : 1;
  const score = held * ratioScore(Math.max(0, peak.p50GapMs), Math.max(0, referencePeak), 1 + clockSkewMs, calls);
  return { score, peak, referencePeak, calls, minutes: above.length, onset, held, delayedBeforeAlert, tracedBeforeAlert: beforeAlert.length };
}

const startSec = (bucket: Bucket): number => Date.parse(bucket.start) / 1000;
