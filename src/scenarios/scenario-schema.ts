import { z } from 'zod';
import { FaultTypeSchema } from '../core/investigation/fault-type-schema';
import { HypothesisKindSchema } from '../core/investigation/hypothesis-schema';

/** One link of a scenario's causal chain: which service, and which hypothesis kind holds there. */
export const ChainLinkSchema = z.strictObject({
  service: z.string().min(1),
  kind: HypothesisKindSchema,
});
export type ChainLink = z.infer<typeof ChainLinkSchema>;

/**
 * The known answer of a built-in scenario — what a correct investigation should conclude.
 *
 * - `rootCause` uses the benchmark's answer vocabulary (service + fault type + an informational
 *   indicator), so scenario runs can be scored like benchmark cases.
 * - `chain` reads from the symptom the alert describes to the root cause, one hypothesis kind per
 *   link (e.g. consumer-lag → broker-commit-latency → disk-saturation); its last link is the
 *   deepest cause a good investigation should reach.
 * - `notTheCause` lists services that look loud (alerting, error logs, latency) but are not the
 *   cause; a good investigation refutes them.
 * - `location`, for code-level faults: the operation and the statements that bound the faulty
 *   code (`logger#line`, as the benchmark labels code regions), or just the operation when the
 *   system writes no logs.
 */
export const ScenarioAnswerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'scenario ids are kebab-case'),
  rootCause: z.strictObject({
    service: z.string().min(1),
    faultType: FaultTypeSchema,
    indicator: z.string().min(1),
  }),
  chain: z.array(ChainLinkSchema).min(1),
  notTheCause: z.array(z.string().min(1)),
  location: z.strictObject({ operation: z.string().min(1), statements: z.array(z.string().min(1)) }).optional(),
});
export type ScenarioAnswer = z.infer<typeof ScenarioAnswerSchema>;
