import { z } from 'zod';
import { CodeLocationSchema } from '../../core/investigation/code-location-schema';
import { EvidenceLinkSchema, EvidenceStatusSchema } from '../../core/investigation/evidence-schema';
import { FaultTypeSchema } from '../../core/investigation/fault-type-schema';
import { HypothesisKindSchema, HypothesisSubjectSchema } from '../../core/investigation/hypothesis-schema';
import { VerdictOutcomeSchema } from '../../core/investigation/verdict-schema';
import { AlertLinkSchema } from '../../core/alerts/alert-links';

/**
 * One piece of evidence as a thread shows it. Only `id` is known when the query's result has not
 * been seen (a verdict may cite evidence collected before the surface subscribed).
 */
export const EvidenceViewSchema = z.object({
  id: z.string().min(1),
  queryName: z.string().optional(),
  sourceId: z.string().optional(),
  status: EvidenceStatusSchema.optional(),
  summary: z.string().optional(),
  /** Where to look at the same data in the backend's UI. */
  links: z.array(EvidenceLinkSchema).default([]),
});
export type EvidenceView = z.infer<typeof EvidenceViewSchema>;

/** What a person decided about one hypothesis: `pruned` when an ancestor was vetoed. */
export const HypothesisDecisionViewSchema = z.object({
  type: z.enum(['vetoed', 'confirmed', 'pruned']),
  /** Chat user id of the person who decided (from the chat platform, never from message text). */
  by: z.string().min(1),
  /** For `pruned`: the vetoed ancestor. */
  ancestor: z.string().optional(),
});
export type HypothesisDecisionView = z.infer<typeof HypothesisDecisionViewSchema>;

/** Where a hypothesis stands, folding its verdict and any human decision into one word. */
export const HypothesisStateSchema = z.enum(['proposed', 'testing', 'supported', 'refuted', 'inconclusive', 'confirmed', 'vetoed', 'pruned']);
export type HypothesisState = z.infer<typeof HypothesisStateSchema>;

/** The verdict on a hypothesis as a thread shows it. */
export const VerdictViewSchema = z.object({
  outcome: VerdictOutcomeSchema,
  confidence: z.number().min(0).max(1),
  finding: z.string(),
  /** Onset of the change, unix seconds, when a change point was found. */
  onset: z.number().optional(),
  location: CodeLocationSchema.optional(),
  /** The evidence the verdict cites, in its order. */
  evidence: z.array(EvidenceViewSchema),
});
export type VerdictView = z.infer<typeof VerdictViewSchema>;

/** One node of the hypothesis board. */
export const HypothesisViewSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int().nonnegative(),
  statement: z.string(),
  kind: HypothesisKindSchema,
  faultType: FaultTypeSchema,
  subject: HypothesisSubjectSchema,
  rationale: z.string(),
  priority: z.number(),
  state: HypothesisStateSchema,
  testing: z.boolean(),
  verdict: VerdictViewSchema.optional(),
  decision: HypothesisDecisionViewSchema.optional(),
});
export type HypothesisView = z.infer<typeof HypothesisViewSchema>;

/** A human decision taken in the thread, with who took it and what it changed. */
export const DecisionViewSchema = z.object({
  type: z.enum(['confirm', 'veto', 'note', 'stop', 'focus', 'add-hypothesis', 'change']),
  by: z.string().min(1),
  at: z.string(),
  hypothesisId: z.string().optional(),
  effect: z.string(),
  /** Whether the loop ignored it (unknown hypothesis, branch already vetoed). */
  ignored: z.boolean(),
});
export type DecisionView = z.infer<typeof DecisionViewSchema>;

/** Where the investigation stands. */
export const ThreadPhaseSchema = z.object({
  /** Words for people: `testing hypotheses`, `budget exhausted (queries)`, `finished`. */
  label: z.string(),
  /** True once the investigation ended (report published or failed). */
  done: z.boolean(),
  failed: z.boolean(),
});
export type ThreadPhase = z.infer<typeof ThreadPhaseSchema>;

/**
 * A surface-neutral view of one investigation's thread, built from its events: what every chat
 * surface shows, as plain data. Renderers (Slack Block Kit, Teams Adaptive Cards, the playground)
 * draw from it and escape untrusted text themselves.
 */
export const ThreadViewSchema = z.object({
  investigationId: z.string().min(1),
  /** The alert's title (untrusted text). */
  title: z.string(),
  /** When the alert fired (ISO 8601), once the investigation started. */
  alertFiredAt: z.string().optional(),
  /** The runbook, dashboard, silence… links the alert itself carried. */
  alertLinks: z.array(AlertLinkSchema).default([]),
  /** The alert's labels (untrusted: they scope telemetry reads, never shown as markup). */
  alertLabels: z.record(z.string(), z.string()).default({}),
  /** The investigation's window (ISO 8601), once it started. */
  window: z.object({ start: z.string(), end: z.string() }).optional(),
  phase: ThreadPhaseSchema,
  queries: z.number().int().nonnegative(),
  /** When the alert resolved, once its tool said so. */
  alertResolvedAt: z.string().optional(),
  /** Language-model use so far. */
  model: z.object({ calls: z.number(), tokens: z.number(), fallbacks: z.number(), droppedClaims: z.number() }),
  /** The hypothesis board, in the order hypotheses were proposed. */
  hypotheses: z.array(HypothesisViewSchema),
  /** The supported or confirmed hypothesis with the highest confidence, if any. */
  leadingId: z.string().optional(),
  /** Deepest depth reached. */
  depth: z.number().int().nonnegative(),
  decisions: z.array(DecisionViewSchema),
});
export type ThreadView = z.infer<typeof ThreadViewSchema>;
