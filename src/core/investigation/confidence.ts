import type { VerdictFactors, VerdictOutcome } from './verdict-schema';
import type { Thresholds } from './budget-schema';

/** Confidence never reaches certainty: telemetry can always be missing something. */
export const CONFIDENCE_CAP = 0.97;

/**
 * Timing and topology can only take confidence away: 0.5 (unknown) and above leave it whole, lower
 * values show evidence against the hypothesis and cut it down to 15 % at worst.
 */
function gate(factor: number): number {
  return Math.min(1, 0.15 + 1.7 * factor);
}

/**
 * Confidence that a hypothesis holds, from its factors. The anomaly is the evidence itself; the
 * other factors discount it. A strong anomaly that starts after the symptom, or sits where the
 * topology cannot explain the symptom, is worth little; one shared by many services (low
 * specificity) or resting on failed queries (low coverage) is worth less: a latency spike seen in
 * a dozen services at once singles none of them out, so it must not outweigh a clear signal that
 * only one service shows (at most half of the value rests on the evidence's quality).
 *
 *   confidence = anomaly × gate(topology) × gate(precedence) × (0.5 + 0.5 × (0.6·specificity + 0.4·coverage))
 *   gate(x)    = min(1, 0.15 + 1.7·x)
 */
export function computeConfidence(factors: VerdictFactors): number {
  const quality = 0.5 + 0.5 * (0.6 * factors.specificity + 0.4 * factors.coverage);
  const value = factors.anomaly * gate(factors.topology) * gate(factors.precedence) * quality;
  return Math.round(Math.min(CONFIDENCE_CAP, Math.max(0, value)) * 1000) / 1000;
}

/** Maps a confidence onto supported / inconclusive / refuted with the configured thresholds. */
export function outcomeFor(confidence: number, thresholds: Thresholds): VerdictOutcome {
  if (confidence >= thresholds.supportAt) return 'supported';
  if (confidence < thresholds.refuteBelow) return 'refuted';
  return 'inconclusive';
}
