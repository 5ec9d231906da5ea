import { z } from 'zod';
import { CodeLocationSchema } from './code-location-schema';

/**
 * The factors a judgement is built from, each 0..1. Reasoners fill these from numbers they
 * computed; the confidence is derived from them by `computeConfidence`, never chosen freely.
 */
export const VerdictFactorsSchema = z.object({
  /** How anomalous the subject's signal is against its baseline. */
  anomaly: z.number().min(0).max(1),
  /** Does the change start at or before the symptom it should explain? 0.5 when unknown. */
  precedence: z.number().min(0).max(1),
  /** Is there a path in the topology from the subject to the symptom? 0.5 when unknown. */
  topology: z.number().min(0).max(1),
  /** Fraction of the planned queries that returned data. */
  coverage: z.number().min(0).max(1),
  /** How specific the signal is to this hypothesis (vs. a shared, spread-out symptom). */
  specificity: z.number().min(0).max(1),
});
export type VerdictFactors = z.infer<typeof VerdictFactorsSchema>;

export const VerdictOutcomeSchema = z.enum(['supported', 'refuted', 'inconclusive']);
export type VerdictOutcome = z.infer<typeof VerdictOutcomeSchema>;

export const VerdictSchema = z.object({
  hypothesisId: z.string(),
  outcome: VerdictOutcomeSchema,
  factors: VerdictFactorsSchema,
  /** Computed from factors by `computeConfidence`. */
  confidence: z.number().min(0).max(1),
  /** One line that cites numbers: what was seen, against what baseline. */
  finding: z.string().min(1),
  /** The evidence this verdict rests on; a verdict without evidence is not accepted. */
  evidenceIds: z.array(z.string()),
  /** Onset of the change, unix seconds, when a change point was found. */
  onset: z.number().optional(),
  /** Size of the strongest supporting change in robust-z units, when measured. */
  magnitude: z.number().nonnegative().optional(),
  /** Where in the code the fault sits, for code-level findings. */
  location: CodeLocationSchema.optional(),
});
export type Verdict = z.infer<typeof VerdictSchema>;
