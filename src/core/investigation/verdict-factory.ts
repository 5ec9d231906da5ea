import type { JudgementDraft } from '../ports/reasoner';
import type { Thresholds } from './budget-schema';
import { computeConfidence, outcomeFor } from './confidence';
import type { RecordedEvidence } from './query-runner';
import type { Verdict } from './verdict-schema';

/**
 * Turns a reasoner's judgement into a verdict under evidence discipline: cited ids that the loop
 * never recorded are dropped, a judgement resting on no successful evidence cannot be supported,
 * and the confidence is computed from the factors, not taken from the reasoner.
 */
export function toVerdict(hypothesisId: string, judgement: JudgementDraft, recorded: readonly RecordedEvidence[], thresholds: Thresholds): Verdict {
  const known = new Map(recorded.map((r) => [r.evidence.id, r.evidence]));
  const evidenceIds = [...new Set(judgement.evidenceIds)].filter((id) => known.has(id));
  const usable = evidenceIds.filter((id) => known.get(id)?.status === 'ok');
  const confidence = computeConfidence(judgement.factors);
  let outcome = outcomeFor(confidence, thresholds);
  let finding = judgement.finding.trim() || 'no finding given';
  if (usable.length === 0 && outcome !== 'refuted') {
    outcome = 'inconclusive';
    finding = `${finding} (no successful query backs this: inconclusive)`;
  }
  if (usable.length === 0 && outcome === 'refuted' && evidenceIds.length === 0) {
    outcome = 'inconclusive';
    finding = `${finding} (no evidence cited: inconclusive)`;
  }
  return {
    hypothesisId,
    outcome,
    factors: judgement.factors,
    confidence,
    finding,
    evidenceIds,
    onset: judgement.onset,
    magnitude: judgement.magnitude,
    ...(judgement.location ? { location: judgement.location } : {}),
  };
}
