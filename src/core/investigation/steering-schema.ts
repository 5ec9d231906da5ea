import { z } from 'zod';
import { TimeRangeSchema } from '../telemetry/time-range-schema';
import { HypothesisKindSchema } from './hypothesis-schema';

const who = { by: z.string().min(1), at: z.string() };

/**
 * A human decision taken in chat (👍 / 👎 / reply / button), applied by the loop between steps and
 * recorded in the audit log. Replies in free text become these commands too: `focus` (a service
 * or a time window to look at first), `add-hypothesis` (a cause someone wants tested) and
 * `change` (a change someone reports, "we deployed X at T", tested like a recorded deploy).
 */
export const SteeringCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('confirm'), hypothesisId: z.string(), ...who }),
  z.object({ type: z.literal('veto'), hypothesisId: z.string(), ...who }),
  z.object({ type: z.literal('note'), text: z.string().min(1), ...who }),
  z.object({ type: z.literal('stop'), ...who }),
  z.object({
    type: z.literal('focus'),
    /** A service to look at first. */
    service: z.string().min(1).optional(),
    /** A period to look at first (changes and onsets inside it). */
    window: TimeRangeSchema.optional(),
    /** What the person wrote. */
    text: z.string().default(''),
    ...who,
  }),
  z.object({
    type: z.literal('add-hypothesis'),
    kind: HypothesisKindSchema,
    service: z.string().min(1),
    /** What the person wrote. */
    text: z.string().default(''),
    ...who,
  }),
  z.object({
    type: z.literal('change'),
    service: z.string().min(1),
    /** When the change happened, ISO 8601. */
    changedAt: z.string().datetime({ offset: true }),
    /** `deploy` (a release, a rollout) or `config` (a flag, a setting). */
    category: z.enum(['deploy', 'config']),
    /** What changed, as the person said it. */
    description: z.string().min(1),
    ...who,
  }),
]);
export type SteeringCommand = z.infer<typeof SteeringCommandSchema>;

/** The commands that ask the reasoner for new hypotheses (as opposed to deciding on existing ones). */
export type ReasonerSteering = Extract<SteeringCommand, { type: 'focus' | 'add-hypothesis' | 'change' }>;
