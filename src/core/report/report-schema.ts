import { z } from 'zod';
import { AlertSchema } from '../alerts/alert-schema';
import { BudgetSchema, BudgetUsageSchema } from '../investigation/budget-schema';
import { EvidenceLinkSchema, EvidenceStatusSchema } from '../investigation/evidence-schema';
import { CodeLocationSchema } from '../investigation/code-location-schema';
import { FaultTypeSchema } from '../investigation/fault-type-schema';
import { ReasoningSummarySchema } from '../investigation/reasoning-records';
import { VerdictFactorsSchema } from '../investigation/verdict-schema';
import {
  HypothesisKindSchema,
  HypothesisStatusSchema,
  HypothesisSubjectSchema,
} from '../investigation/hypothesis-schema';
import { TimeRangeSchema } from '../telemetry/time-range-schema';

/** The version tag every report carries; bump it on any incompatible change of the shape. */
export const REPORT_SCHEMA_VERSION = 'causa.report/v1';

const confidence = z.number().min(0).max(1);

/** One candidate root cause: a service, what went wrong with it, and how sure the report is. */
export const ReportCauseSchema = z.object({
  service: z.string().min(1),
  faultType: FaultTypeSchema,
  confidence,
  hypothesisId: z.string(),
  statement: z.string(),
  /** Where in the service's code the fault sits, for code-level findings (the operation and the log statements bounding it). */
  location: CodeLocationSchema.optional(),
});
export type ReportCause = z.infer<typeof ReportCauseSchema>;

/** One link of the causal chain; the first link is the alert's symptom (`hypothesisId: null`). */
export const CausalLinkSchema = z.object({
  hypothesisId: z.string().nullable(),
  service: z.string(),
  statement: z.string(),
  /** The hypothesis kind, or `symptom` for the first link. */
  kind: z.string(),
  /** The hypothesis status, or `observed` for the symptom. */
  status: z.union([HypothesisStatusSchema, z.literal('observed')]),
  confidence: confidence.nullable(),
  finding: z.string(),
});
export type CausalLink = z.infer<typeof CausalLinkSchema>;

/** A dated fact: an onset found by a verdict, the alert firing, a human decision. */
export const TimelineEntrySchema = z.object({
  /** ISO 8601, or the raw text when a decision carried an unparseable time. */
  at: z.string(),
  /** Empty when the entry is not about one service (a note, a stop). */
  service: z.string(),
  what: z.string(),
  hypothesisId: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** One executed query, with the exact text needed to reproduce it. */
export const ReportEvidenceSchema = z.object({
  id: z.string().min(1),
  sourceId: z.string(),
  queryName: z.string(),
  /** The exact query text as sent to the backend. */
  query: z.string(),
  window: TimeRangeSchema,
  status: EvidenceStatusSchema,
  /** The evidence's one-line summary (or the upstream error message). */
  finding: z.string(),
  /** The hypotheses this evidence was collected for or cited by. */
  hypothesisIds: z.array(z.string()),
  /** Deep links into the backend's UI where the query can be re-run. */
  links: z.array(EvidenceLinkSchema).optional(),
});
export type ReportEvidence = z.infer<typeof ReportEvidenceSchema>;

/** One node of the hypothesis tree as it stood when the report was built. */
export const ReportHypothesisSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  statement: z.string(),
  kind: HypothesisKindSchema,
  subject: HypothesisSubjectSchema,
  faultType: FaultTypeSchema,
  status: HypothesisStatusSchema,
  depth: z.number().int().nonnegative(),
  confidence: confidence.nullable(),
  finding: z.string().nullable(),
  /** Size of the strongest supporting change in robust-z units, when measured. */
  magnitude: z.number().nonnegative().nullable(),
  /** What the confidence was computed from (anomaly, timing, topology, specificity, coverage), when tested. */
  factors: VerdictFactorsSchema.nullable(),
  evidenceIds: z.array(z.string()),
  /** Where in the code the fault sits, when the test located it. */
  location: CodeLocationSchema.optional(),
});
export type ReportHypothesis = z.infer<typeof ReportHypothesisSchema>;

/** A hypothesis ruled out by the evidence or by a person, with the reason. */
export const RejectedHypothesisSchema = z.object({
  hypothesisId: z.string(),
  statement: z.string(),
  status: z.enum(['refuted', 'vetoed']),
  reason: z.string(),
});
export type RejectedHypothesis = z.infer<typeof RejectedHypothesisSchema>;

/** A human decision taken in chat and what it changed. */
export const ReportDecisionSchema = z.object({
  at: z.string(),
  by: z.string(),
  type: z.enum(['confirm', 'veto', 'note', 'stop', 'focus', 'add-hypothesis', 'change']),
  hypothesisId: z.string().nullable(),
  text: z.string().nullable(),
  effect: z.string(),
});
export type ReportDecision = z.infer<typeof ReportDecisionSchema>;

/**
 * One sentence of the narrative a language model wrote about a finished report. It is kept only
 * when its citations exist and its stance agrees with the computed verdicts: a `cause` sentence
 * cites supported or confirmed hypotheses, a `ruled-out` sentence refuted or vetoed ones, every
 * sentence names what it cites and cites successful evidence collected for those hypotheses.
 * Renderers show the stance and citations next to the wording.
 */
export const NarrativeSentenceSchema = z.object({
  text: z.string().min(1),
  stance: z.enum(['cause', 'ruled-out']),
  hypothesisIds: z.array(z.string()),
  evidenceIds: z.array(z.string()),
});
export type NarrativeSentence = z.infer<typeof NarrativeSentenceSchema>;

/**
 * The root-cause analysis of one investigation: what `causa investigate --format json` prints
 * and what the Markdown RCA is rendered from. `contentHash` seals the evidence, the hypothesis
 * tree and the human decisions (see `computeContentHash`).
 */
export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  investigationId: z.string().min(1),
  generatedAt: z.string().datetime({ offset: true }),
  /** Name of the reasoner that drove the investigation (`offline`, `llm`…). */
  reasoner: z.string().min(1),
  alert: AlertSchema,
  window: TimeRangeSchema,
  baseline: TimeRangeSchema.nullable(),
  /** 2–4 sentences of plain text: symptom, deepest supported cause or the abstention and lead. */
  summary: z.string().min(1),
  abstained: z.boolean(),
  /** Confidence of the top-ranked cause (0 when there is none). */
  confidence,
  /** The top candidate when the report abstains, else null. */
  bestLead: ReportCauseSchema.nullable(),
  /** From the symptom to the deepest supported cause. */
  causalChain: z.array(CausalLinkSchema),
  /** Distinct services, best first. */
  ranking: z.array(ReportCauseSchema),
  /** Sorted by time. */
  timeline: z.array(TimelineEntrySchema),
  evidence: z.array(ReportEvidenceSchema),
  hypotheses: z.array(ReportHypothesisSchema),
  rejected: z.array(RejectedHypothesisSchema),
  decisions: z.array(ReportDecisionSchema),
  budget: z.object({ limits: BudgetSchema, used: BudgetUsageSchema, stopReason: z.string() }),
  openQuestions: z.array(z.string()),
  dataGaps: z.array(z.string()),
  /** Telemetry sources that could not be read at all ("loki: Loki at … is unreachable: …"), shown first; empty when all could. */
  telemetryProblems: z.array(z.string()),
  /** Sentences a language model wrote about the result, each checked against the verdicts (empty offline). */
  narrative: z.array(NarrativeSentenceSchema),
  /** What the language model did: calls, tokens, fallbacks, dropped claims (null offline). */
  reasoning: ReasoningSummarySchema.nullable(),
  /** `sha256:<hex>` over the canonical JSON of evidence, hypotheses and decisions. */
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type Report = z.infer<typeof ReportSchema>;

/** A report before it is sealed with its content hash. */
export type UnsealedReport = Omit<Report, 'contentHash'>;

/**
 * The report's JSON Schema (draft 2020-12), so anyone can validate `--format json` output without
 * TypeScript. Built fresh on each call; callers may mutate the result.
 */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportSchema) as Record<string, unknown>;
}

export { computeContentHash, verifyContentHash } from './report-hash';
