import type { Budget, BudgetUsage } from './budget-schema';

/** Counts what an investigation spends and says when a bound is reached. */
export class BudgetTracker {
  private queries = 0;
  private tokens = 0;
  private hypotheses = 0;
  private depth = 0;
  private readonly startedAt: number;

  /** `startedAt` (default now) is when the work began: the deadline and the time used count from it. */
  constructor(
    readonly limits: Budget,
    private readonly clock: () => number,
    startedAt?: number,
  ) {
    this.startedAt = startedAt ?? clock();
  }

  /** Reserves one query; false when the query budget or the deadline is spent. */
  tryQuery(): boolean {
    if (this.queries >= this.limits.maxQueries || this.deadlinePassed()) return false;
    this.queries += 1;
    return true;
  }

  /** Counts what an interrupted run had already spent, when it resumes. */
  restore(spent: { queries: number; tokens: number }): void {
    this.queries += Math.max(0, spent.queries);
    this.tokens += Math.max(0, spent.tokens);
  }

  addTokens(count: number): void {
    this.tokens += Math.max(0, Math.round(count));
  }

  countHypothesis(depth: number): void {
    this.hypotheses += 1;
    this.depth = Math.max(this.depth, depth);
  }

  canAddHypothesis(): boolean {
    return this.hypotheses < this.limits.maxHypotheses;
  }

  deadlinePassed(): boolean {
    return this.clock() - this.startedAt >= this.limits.deadlineMs;
  }

  remainingMs(): number {
    return Math.max(0, this.limits.deadlineMs - (this.clock() - this.startedAt));
  }

  /** Tokens left in the budget; Infinity when tokens are not bounded (maxTokens 0). */
  remainingTokens(): number {
    return this.limits.maxTokens > 0 ? Math.max(0, this.limits.maxTokens - this.tokens) : Number.POSITIVE_INFINITY;
  }

  /** The reason work must stop now, or null. */
  exhaustedReason(): string | null {
    if (this.deadlinePassed()) return `deadline of ${this.limits.deadlineMs} ms reached`;
    if (this.queries >= this.limits.maxQueries) return `query budget of ${this.limits.maxQueries} spent`;
    if (this.limits.maxTokens > 0 && this.tokens >= this.limits.maxTokens) return `token budget of ${this.limits.maxTokens} spent`;
    return null;
  }

  usage(): BudgetUsage {
    return {
      depth: this.depth,
      hypotheses: this.hypotheses,
      queries: this.queries,
      elapsedMs: Math.max(0, this.clock() - this.startedAt),
      tokens: this.tokens,
    };
  }
}
