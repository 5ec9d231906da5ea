import { z } from 'zod';

/**
 * One call to a language model, as the audit log keeps it: what it was for and what it cost
 * (from the response's usage fields). The prompt itself is not kept; what may be sent is
 * documented, redacted and bounded by the reasoner.
 */
export const ModelCallSchema = z.object({
  /** What the call was for: `propose`, `decompose`, `steer`, `narrate`, `answer`, `read-alert`… */
  purpose: z.string().min(1),
  model: z.string().min(1),
  /** `ok`, or why the answer could not be used (the reasoner then falls back). */
  outcome: z.enum(['ok', 'failed']),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** HTTP attempts, retries included. */
  attempts: z.number().int().positive(),
  elapsedMs: z.number().nonnegative(),
});
export type ModelCall = z.infer<typeof ModelCallSchema>;

/** The model failed or answered unusably; the offline reasoner did that step instead. */
export const ReasonerFallbackSchema = z.object({
  /** The step that fell back: `propose`, `decompose`, `steer`, `narrate`… */
  stage: z.string().min(1),
  /** Why, without any of the model's text (e.g. "HTTP 500 after 3 attempts", "output is not valid JSON"). */
  reason: z.string().min(1),
});
export type ReasonerFallback = z.infer<typeof ReasonerFallbackSchema>;

/** A claim of the model that was not used because no evidence that passed the analyzers backs it. */
export const DroppedClaimSchema = z.object({
  stage: z.string().min(1),
  /** The claim in one line (redacted text as the model wrote it, shortened). */
  claim: z.string(),
  reason: z.string().min(1),
});
export type DroppedClaim = z.infer<typeof DroppedClaimSchema>;

/**
 * What the reasoner's language model did in one investigation, for the report: calls and tokens
 * (from usage metadata), fallbacks to the offline reasoner, and claims dropped for lack of evidence.
 */
export const ReasoningSummarySchema = z.object({
  models: z.array(z.string()),
  calls: z.number().int().nonnegative(),
  failedCalls: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  fallbacks: z.array(ReasonerFallbackSchema),
  droppedClaims: z.array(DroppedClaimSchema),
});
export type ReasoningSummary = z.infer<typeof ReasoningSummarySchema>;

/** Folds reasoner events into a summary; null when the reasoner never called a model. */
export class ReasoningLedger {
  private readonly summary: ReasoningSummary = { models: [], calls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, fallbacks: [], droppedClaims: [] };
  private touched = false;

  callMade(call: ModelCall): void {
    this.touched = true;
    this.summary.calls += 1;
    if (call.outcome === 'failed') this.summary.failedCalls += 1;
    this.summary.inputTokens += call.inputTokens;
    this.summary.outputTokens += call.outputTokens;
    if (!this.summary.models.includes(call.model)) this.summary.models.push(call.model);
  }

  fellBack(fallback: ReasonerFallback): void {
    this.touched = true;
    this.summary.fallbacks.push(fallback);
  }

  dropped(claim: DroppedClaim): void {
    this.touched = true;
    this.summary.droppedClaims.push(claim);
  }

  result(): ReasoningSummary | null {
    return this.touched ? structuredClone(this.summary) : null;
  }
}
