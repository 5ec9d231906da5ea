import { z } from 'zod';
import { FaultTypeSchema } from '../core/investigation/fault-type-schema';

/** One predictions file of the benchmark format (`<predictions>/<id>.json`). */
const RankingSchema = z.array(
  z.object({
    service: z.string(),
    faultType: FaultTypeSchema,
    confidence: z.number(),
    /** Where in the code the fault sits, for code-level faults. */
    location: z.object({ operation: z.string(), statements: z.array(z.string()) }).optional(),
  }),
);

export const PredictionSchema = z.object({
  id: z.string().min(1),
  ranking: RankingSchema,
  abstained: z.boolean(),
  /** Live replay only: the first answer (at alert time + 1 minute), its confidence and whether it abstained. */
  firstRanking: RankingSchema.optional(),
  firstConfidence: z.number().optional(),
  firstAbstained: z.boolean().optional(),
  /** Live replay only: when the final answer became available, ms after the alert. */
  finalAfterMs: z.number().nonnegative().optional(),
  /** Live replay only: investigations run (the first look and its follow-ups). */
  looks: z.number().int().positive().optional(),
  durationMs: z.number().nonnegative(),
  tokens: z.number().nonnegative().default(0),
  toolCalls: z.number().nonnegative().default(0),
  /** Why no investigation result exists (the case failed); absent when it ran. */
  error: z.string().optional(),
});
export type Prediction = z.infer<typeof PredictionSchema>;

/** One answers file (`<answers>/<id>.json`); only the scored fields are read. */
export const AnswerSchema = z.looseObject({
  id: z.string().min(1),
  rootCause: z.looseObject({ service: z.string().min(1), faultType: z.string().min(1), indicator: z.string().optional() }),
});
export type Answer = z.infer<typeof AnswerSchema>;
