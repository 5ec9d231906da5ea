import { TokenBucket } from './token-bucket';

/**
 * One limit a chat call must be within before it is made (a channel's pace, the workspace's rate,
 * the workspace's update rate): a token bucket, and a pause for a rate-limit answer's Retry-After.
 */
export class PacingLimit {
  private readonly bucket: TokenBucket;
  private pausedUntil = 0;

  /**
   * `capacity` calls back to back, then one every `refillMs`. `marginMs` is added to a wait for a
   * token: calls spaced exactly by the limit can arrive a little closer than they were sent.
   */
  constructor(capacity: number, refillMs: number, now: number, private readonly marginMs = 0) {
    this.bucket = new TokenBucket(capacity, refillMs, now);
  }

  /** Milliseconds until a call may be made within this limit (0 when one may be made now). */
  waitMs(now: number): number {
    const spacing = this.bucket.waitMs(now);
    return Math.max(this.pausedUntil - now, spacing > 0 ? spacing + this.marginMs : 0);
  }

  /** Counts a call made now; call only when `waitMs` is 0. */
  take(now: number): void {
    this.bucket.take(now);
  }

  /** A rate-limit answer: no call for `ms`, and the calls after it start from the refill rate. */
  pause(now: number, ms: number): void {
    this.pausedUntil = now + Math.max(ms, 1);
    this.bucket.drain(now);
  }

  /** Neither paused nor short of tokens: starting again from a fresh limit would grant no call this one would not. */
  rested(now: number): boolean {
    return this.pausedUntil <= now && this.bucket.full(now);
  }
}
