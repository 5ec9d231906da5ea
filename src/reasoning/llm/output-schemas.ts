import { z } from 'zod';
import { HypothesisKindSchema } from '../../core/investigation/hypothesis-schema';

/**
 * What the model may answer, per kind of call. No schema has a confidence or a verdict: the model
 * suggests and words things; the statistics decide. Objects are strict, so an answer with fields
 * of its own (a "confidence": 0.99) does not validate and the offline reasoner is used instead.
 */
export const ProposalOutputSchema = z.strictObject({
  hypotheses: z
    .array(
      z.strictObject({
        kind: HypothesisKindSchema.describe('one of the hypothesis kinds listed in the task'),
        service: z.string().min(1).describe('exactly one of the services listed in the data'),
        component: z.string().nullable().describe('an instance, peer or resource inside the service, or null'),
        rationale: z.string().max(400).describe('one sentence: which evidence suggests it'),
        evidenceIds: z.array(z.string()).describe('ids (E…) of evidence digests about this service that suggest it'),
      }),
    )
    .max(3),
});
export type ProposalOutput = z.infer<typeof ProposalOutputSchema>;

export const NarrativeOutputSchema = z.strictObject({
  sentences: z
    .array(
      z.strictObject({
        text: z.string().min(1).max(400),
        stance: z.enum(['cause', 'ruled-out']).describe('cause: the sentence says these hypotheses caused the incident; ruled-out: it says they did not'),
        hypothesisIds: z.array(z.string()).describe('ids (H…) of the hypotheses the sentence is about'),
        evidenceIds: z.array(z.string()).describe('ids (E…) of the evidence the sentence rests on'),
      }),
    )
    .max(6),
});
export type NarrativeOutput = z.infer<typeof NarrativeOutputSchema>;
