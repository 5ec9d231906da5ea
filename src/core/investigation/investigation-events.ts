import { z } from 'zod';
import { AlertSchema } from '../alerts/alert-schema';
import { EvidenceSchema } from './evidence-schema';
import { HypothesisSchema } from './hypothesis-schema';
import { VerdictSchema } from './verdict-schema';
import { SteeringCommandSchema } from './steering-schema';
import { BudgetUsageSchema } from './budget-schema';
import { DroppedClaimSchema, ModelCallSchema, ReasonerFallbackSchema } from './reasoning-records';

const base = {
  investigationId: z.string().min(1),
  /** Position in the audit log, from 1. */
  seq: z.number().int().positive(),
  at: z.string(),
};

/**
 * The append-only audit log of an investigation. Events are past-tense facts; the store appends
 * them, the surfaces render them, the logger logs them.
 */
export const InvestigationEventSchema = z.discriminatedUnion('type', [
  /** Waiting in the job queue behind `ahead` other investigations (an alert storm). */
  z.object({ ...base, type: z.literal('investigation-queued'), ahead: z.number().int().nonnegative() }),
  z.object({ ...base, type: z.literal('investigation-started'), alert: AlertSchema, window: z.object({ start: z.string(), end: z.string() }) }),
  z.object({ ...base, type: z.literal('hypothesis-proposed'), hypothesis: HypothesisSchema }),
  z.object({ ...base, type: z.literal('hypothesis-testing'), hypothesisId: z.string() }),
  z.object({ ...base, type: z.literal('query-finished'), hypothesisId: z.string().nullable(), evidence: EvidenceSchema }),
  z.object({ ...base, type: z.literal('hypothesis-supported'), verdict: VerdictSchema }),
  z.object({ ...base, type: z.literal('hypothesis-refuted'), verdict: VerdictSchema }),
  z.object({ ...base, type: z.literal('hypothesis-inconclusive'), verdict: VerdictSchema }),
  z.object({ ...base, type: z.literal('steering-applied'), command: SteeringCommandSchema, effect: z.string() }),
  z.object({ ...base, type: z.literal('budget-exhausted'), reason: z.string(), usage: BudgetUsageSchema }),
  /** `version` counts the reports of the investigation: 1 (or absent) the first, then one per follow-up. */
  z.object({ ...base, type: z.literal('report-ready'), reportHash: z.string(), abstained: z.boolean(), confidence: z.number(), version: z.number().int().positive().optional() }),
  /**
   * The answer is not final yet: the investigation looks again at `dueAt` with the telemetry that
   * has arrived by then. `dataNote` says when coarse data gets its next sample.
   */
  z.object({ ...base, type: z.literal('follow-up-scheduled'), version: z.number().int().positive(), dueAt: z.string(), reason: z.string(), dataNote: z.string().optional() }),
  /** A follow-up is about to replace report `version`: the superseded report stays here, in the audit log. */
  z.object({ ...base, type: z.literal('report-superseded'), version: z.number().int().positive(), report: z.unknown() }),
  /** A follow-up finished: `update` says what the new data changed ("with 4 more minutes of data: …"). */
  /** `kept`: the new look named no cause, so the answer it revisited stands (no revised RCA). */
  z.object({ ...base, type: z.literal('follow-up-finished'), version: z.number().int().positive(), update: z.string(), final: z.boolean(), kept: z.boolean().default(false) }),
  /** Scheduled follow-ups will not run (a person said stop). */
  z.object({ ...base, type: z.literal('follow-up-cancelled'), by: z.string(), reason: z.string() }),
  z.object({ ...base, type: z.literal('investigation-failed'), error: z.string(), code: z.string() }),
  /**
   * The alert under investigation resolved (its tool posted a resolution with the same
   * fingerprint). `running` says whether the investigation was still going on, which it does.
   */
  z.object({
    ...base,
    type: z.literal('alert-resolved'),
    fingerprint: z.string(),
    resolvedAt: z.string(),
    title: z.string(),
    by: z.string(),
    running: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('model-called'), ...ModelCallSchema.shape }),
  z.object({ ...base, type: z.literal('reasoner-fallback'), ...ReasonerFallbackSchema.shape }),
  z.object({ ...base, type: z.literal('claim-dropped'), ...DroppedClaimSchema.shape }),
]);
export type InvestigationEvent = z.infer<typeof InvestigationEventSchema>;
export type InvestigationEventType = InvestigationEvent['type'];

/** The events a reasoner records itself (through `InvestigationContext.record`). */
export type ReasonerEvent = Extract<NewInvestigationEvent, { type: 'model-called' | 'reasoner-fallback' | 'claim-dropped' }>;

/** An event before the store numbers it. */
export type NewInvestigationEvent = InvestigationEvent extends infer E
  ? E extends InvestigationEvent
    ? Omit<E, 'seq' | 'at' | 'investigationId'>
    : never
  : never;
