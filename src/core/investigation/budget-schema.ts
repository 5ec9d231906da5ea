import { z } from 'zod';

/** Bounds on one investigation's work. */
export const BudgetSchema = z.object({
  maxDepth: z.number().int().min(1).max(12).default(4),
  maxHypotheses: z.number().int().min(1).max(1000).default(60),
  maxQueries: z.number().int().min(1).max(100_000).default(1000),
  /** Wall-clock deadline for the whole investigation. */
  deadlineMs: z.number().int().min(100).default(120_000),
  /** LLM tokens (0 for the offline reasoner). */
  maxTokens: z.number().int().min(0).default(200_000),
  /** Siblings tested at the same time. */
  concurrency: z.number().int().min(1).max(64).default(4),
});
export type Budget = z.infer<typeof BudgetSchema>;

export const BudgetUsageSchema = z.object({
  depth: z.number().int().nonnegative(),
  hypotheses: z.number().int().nonnegative(),
  queries: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  tokens: z.number().int().nonnegative(),
});
export type BudgetUsage = z.infer<typeof BudgetUsageSchema>;

/** Thresholds that turn numbers into verdicts and verdicts into a conclusion. */
export const ThresholdsSchema = z.object({
  /** Below this confidence the report abstains and names its best lead. */
  abstainBelow: z.number().min(0).max(1).default(0.45),
  /** A verdict at or above this confidence counts as supported. */
  supportAt: z.number().min(0).max(1).default(0.55),
  /** A verdict below this confidence counts as refuted (in between: inconclusive). */
  refuteBelow: z.number().min(0).max(1).default(0.3),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;
