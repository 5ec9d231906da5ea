/**
 * Temporal precedence: a cause must start before (or at about the same time as) its effect.
 */

/** Score returned when either onset is unknown: no evidence for or against. */
export const UNKNOWN_PRECEDENCE = 0.5;

/**
 * How well the timing supports "cause → effect", in 0..1.
 *
 * - 1 when the cause starts before the effect, at the same time, or at most `toleranceSeconds`
 *   after it (onsets are measured on sampled series, so a small inversion is noise);
 * - 0.5 when either onset is unknown (null, undefined or NaN);
 * - otherwise halves for every further `toleranceSeconds` (at least 1 s) the cause starts late:
 *   late by tolerance + 1 half-life → 0.5, + 2 → 0.25, … toward 0.
 *
 * Onsets are unix seconds.
 */
export function precedenceScore(
  causeOnset: number | null | undefined,
  effectOnset: number | null | undefined,
  toleranceSeconds: number,
): number {
  if (!isKnown(causeOnset) || !isKnown(effectOnset)) return UNKNOWN_PRECEDENCE;
  const tolerance = Number.isFinite(toleranceSeconds) ? Math.max(0, toleranceSeconds) : 0;
  const lateBy = causeOnset - effectOnset - tolerance;
  if (lateBy <= 0) return 1;
  const halfLife = Math.max(tolerance, 1);
  return Math.pow(0.5, lateBy / halfLife);
}

function isKnown(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
