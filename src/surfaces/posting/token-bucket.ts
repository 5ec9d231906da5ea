/**
 * A token bucket: `capacity` calls back to back, then one more every `refillMs`. Pure arithmetic on
 * the times it is given, so it runs on any clock.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Milliseconds until a token is available (0 when one is). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1 || this.refillMs === 0) return 0;
    return Math.ceil((1 - this.tokens) * this.refillMs);
  }

  /** Takes a token; call only when `waitMs` is 0. */
  take(now: number): void {
    this.refill(now);
    this.tokens = Math.max(0, this.tokens - 1);
  }

  /** Whether the bucket is full again: forgetting it now would grant no call it would not. */
  full(now: number): boolean {
    this.refill(now);
    return this.refillMs === 0 || this.tokens >= this.capacity;
  }

  /** Empties the bucket: after a rate-limit answer, the next calls start from the refill rate. */
  drain(now: number): void {
    this.refill(now);
    this.tokens = 0;
  }

  private refill(now: number): void {
    if (this.refillMs === 0) {
      this.tokens = this.capacity;
    } else if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) / this.refillMs);
    }
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}
