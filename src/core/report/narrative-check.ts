import type { NarrativeSentence, Report, ReportHypothesis } from './report-schema';

const CAUSE_STATUSES = new Set<ReportHypothesis['status']>(['supported', 'confirmed']);
const RULED_OUT_STATUSES = new Set<ReportHypothesis['status']>(['refuted', 'vetoed']);
/**
 * Wording that denies a cause. A `cause` sentence containing it is dropped: the check cannot tell
 * "X, not Y, caused it" from "X is fine", and a kept sentence must never contradict a verdict.
 */
const NEGATION = /\b(not|no|never|none|fine|healthy|normal|innocent|unrelated|irrelevant|ruled out|excluded)\b|n't\b/i;

/** A sentence that was not kept, and why. */
export interface RejectedSentence {
  sentence: NarrativeSentence;
  reason: string;
}

/**
 * Keeps the narrative sentences a report can stand behind: each must cite hypotheses of the
 * report and successful evidence collected for (or cited by) one of them, and its stance must
 * agree with the computed verdicts — a `cause` sentence only about supported or confirmed
 * hypotheses, a `ruled-out` one only about refuted or vetoed ones — and name what it cites. What
 * a sentence says cannot change a verdict; a sentence that disagrees with one is dropped.
 */
export function checkNarrative(report: Report, sentences: readonly NarrativeSentence[]): { kept: NarrativeSentence[]; rejected: RejectedSentence[] } {
  const hypotheses = new Map(report.hypotheses.map((h) => [h.id, h]));
  const evidence = new Map(report.evidence.map((e) => [e.id, e]));
  const kept: NarrativeSentence[] = [];
  const rejected: RejectedSentence[] = [];
  for (const sentence of sentences) {
    const reason = problemOf(sentence, hypotheses, evidence);
    if (reason) rejected.push({ sentence, reason });
    else kept.push({ ...sentence, hypothesisIds: [...new Set(sentence.hypothesisIds)], evidenceIds: [...new Set(sentence.evidenceIds)] });
  }
  return { kept, rejected };
}

function problemOf(sentence: NarrativeSentence, hypotheses: Map<string, ReportHypothesis>, evidence: Map<string, Report['evidence'][number]>): string | null {
  if (sentence.hypothesisIds.length === 0) return 'it cites no hypothesis';
  const unknown = sentence.hypothesisIds.filter((id) => !hypotheses.has(id));
  if (unknown.length > 0) return `it cites hypotheses the investigation does not have (${unknown.join(', ')})`;
  const cited = sentence.hypothesisIds.map((id) => hypotheses.get(id)!);
  if (sentence.stance === 'cause' && cited.some((h) => !CAUSE_STATUSES.has(h.status))) {
    return `it presents as a cause a hypothesis the evidence did not support (${cited.filter((h) => !CAUSE_STATUSES.has(h.status)).map((h) => `${h.id} ${h.status}`).join(', ')})`;
  }
  if (sentence.stance === 'ruled-out' && cited.some((h) => !RULED_OUT_STATUSES.has(h.status))) {
    return `it rules out a hypothesis that was not refuted or vetoed (${cited.filter((h) => !RULED_OUT_STATUSES.has(h.status)).map((h) => `${h.id} ${h.status}`).join(', ')})`;
  }
  const text = sentence.text.toLowerCase();
  const unnamed = cited.filter((h) => !text.includes(h.id.toLowerCase()) && !text.includes(h.subject.service.toLowerCase()));
  if (unnamed.length > 0) return `its wording names neither the id nor the service of ${unnamed.map((h) => h.id).join(', ')}`;
  if (sentence.stance === 'cause' && NEGATION.test(sentence.text)) return 'its wording denies what its stance asserts';
  const ids = new Set(sentence.hypothesisIds);
  const backing = sentence.evidenceIds.filter((id) => {
    const item = evidence.get(id);
    return item !== undefined && item.status === 'ok' && item.hypothesisIds.some((h) => ids.has(h));
  });
  if (backing.length === 0) return 'it cites no successful evidence collected for the hypotheses it is about';
  return null;
}
