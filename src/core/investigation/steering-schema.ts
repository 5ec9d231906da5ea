import { z } from 'zod';

/**
 * A human decision taken in chat (👍 / 👎 / reply / button), applied by the loop between steps and
 * recorded in the audit log.
 */
export const SteeringCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('confirm'), hypothesisId: z.string(), by: z.string().min(1), at: z.string() }),
  z.object({ type: z.literal('veto'), hypothesisId: z.string(), by: z.string().min(1), at: z.string() }),
  z.object({ type: z.literal('note'), text: z.string().min(1), by: z.string().min(1), at: z.string() }),
  z.object({ type: z.literal('stop'), by: z.string().min(1), at: z.string() }),
]);
export type SteeringCommand = z.infer<typeof SteeringCommandSchema>;
