import { TokenBucket } from './token-bucket';
import { systemPostingClock, type PostingClock } from './posting-clock';
import { defaultPostingPolicy, type PostingPolicy } from '../../config/posting-policy-schema';

/**
 * `essential`: must reach the chat (a thread's first status message, the final report, a failure
 * note, an answer to a person). `progress`: intermediate news the thread can do without in a storm.
 */
export type PostingKind = 'essential' | 'progress';

/** One chat call to make in a channel (`lane`). */
export interface PostingTask<T> {
  lane: string;
  kind: PostingKind;
  /**
   * Calls with the same key replace each other while waiting (e.g. `update:<channel>:<ts>`: only
   * the latest content of a message matters). The replaced call's promise resolves `superseded`.
   */
  coalesceKey?: string;
  run(): Promise<T>;
}

/** What became of a scheduled call. A call that failed rejects instead. */
export type PostingOutcome<T> = { sent: true; value: T } | { sent: false; reason: 'superseded' | 'shed' };

/** What the scheduler tells its owner (metrics, logs). */
export interface PostingObserver {
  rateLimited?(lane: string, retryAfterMs: number, attempt: number): void;
  /** A call still rate-limited after `maxRateLimitRetries` retries; it fails. */
  gaveUp?(lane: string, error: unknown): void;
  skipped?(lane: string, reason: 'superseded' | 'shed'): void;
}

/** Options of a scheduler (one per workspace, bot token or tenant). */
export interface PostingSchedulerOptions {
  policy?: PostingPolicy;
  clock?: PostingClock;
  /**
   * The wait (ms) a failed call's error asks for when it is a rate-limit answer (429 with
   * Retry-After), else undefined: any other error fails the call at once.
   */
  retryAfterMs(error: unknown): number | undefined;
  observer?: PostingObserver;
}

interface Entry {
  task: PostingTask<unknown>;
  waiters: Array<{ resolve(outcome: PostingOutcome<unknown>): void; reject(error: unknown): void }>;
  attempts: number;
  /** Being made right now: a new call with its key queues behind it instead of replacing it. */
  inFlight: boolean;
}

interface Lane {
  queue: Entry[];
  bucket: TokenBucket;
  pausedUntil: number;
  draining: boolean;
}

/**
 * Paces a workspace's chat calls: per channel one call at a time, within a token bucket (about
 * one per second after a short burst), and within the workspace's rate. A rate-limit answer
 * pauses the channel for its Retry-After and the call is retried, in place. Updates of the same
 * message coalesce; in a storm (a long backlog in a channel or the workspace) intermediate
 * progress posts and updates are skipped, never essential ones. Callers await the outcome; nothing here knows a chat SDK.
 */
export class PostingScheduler {
  private readonly policy: PostingPolicy;
  private readonly clock: PostingClock;
  private readonly lanes = new Map<string, Lane>();
  private readonly workspace: TokenBucket;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PostingSchedulerOptions) {
    this.policy = options.policy ?? defaultPostingPolicy();
    this.clock = options.clock ?? systemPostingClock;
    const perMinute = this.policy.workspacePerMinute;
    this.workspace = new TokenBucket(Math.max(1, Math.ceil(perMinute / 6)), 60_000 / perMinute, this.clock.now());
  }

  /** Schedules one call; resolves with its result, or says why it was not made. */
  schedule<T>(task: PostingTask<T>): Promise<PostingOutcome<T>> {
    const lane = this.lane(task.lane);
    return new Promise<PostingOutcome<T>>((resolve, reject) => {
      const waiter = { resolve: resolve as (outcome: PostingOutcome<unknown>) => void, reject };
      const pending = task.coalesceKey === undefined ? undefined : lane.queue.find((entry) => !entry.inFlight && entry.task.coalesceKey === task.coalesceKey);
      if (pending) {
        for (const old of pending.waiters.splice(0)) old.resolve({ sent: false, reason: 'superseded' });
        this.options.observer?.skipped?.(task.lane, 'superseded');
        const kind: PostingKind = pending.task.kind === 'essential' || task.kind === 'essential' ? 'essential' : 'progress';
        pending.task = { ...(task as PostingTask<unknown>), kind };
        pending.waiters.push(waiter);
        return;
      }
      // In a storm intermediate news is skipped: a progress post, and a progress update with no
      // waiting update of the same message to replace (the message keeps its last content until
      // an essential update, such as the final one, brings it up to date).
      if (task.kind === 'progress' && this.inStorm(lane)) {
        this.options.observer?.skipped?.(task.lane, 'shed');
        resolve({ sent: false, reason: 'shed' });
        return;
      }
      lane.queue.push({ task: task as PostingTask<unknown>, waiters: [waiter], attempts: 0, inFlight: false });
      void this.drain(task.lane, lane);
    });
  }

  /** True while the channel's backlog, or the workspace's, is long enough that progress calls are skipped. */
  inStorm(laneOrId: Lane | string): boolean {
    const lane = typeof laneOrId === 'string' ? this.lanes.get(laneOrId) : laneOrId;
    if (lane !== undefined && lane.queue.length >= this.policy.stormBacklog) return true;
    return this.backlog() >= this.policy.workspaceStormBacklog;
  }

  /** Calls waiting (not yet made), over every channel. */
  backlog(): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += lane.queue.length;
    return total;
  }

  /** Resolves once every scheduled call was made, skipped or failed (graceful shutdown, tests). */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private idle(): boolean {
    for (const lane of this.lanes.values()) if (lane.draining || lane.queue.length > 0) return false;
    return true;
  }

  private lane(id: string): Lane {
    let lane = this.lanes.get(id);
    if (!lane) {
      this.forgetRestedLanes();
      lane = { queue: [], bucket: new TokenBucket(this.policy.channelBurst, this.policy.channelIntervalMs, this.clock.now()), pausedUntil: 0, draining: false };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  /**
   * Forgets channels with nothing to send whose bucket is full and pause over: a channel's pace
   * must outlive its queue (the next message of a thread usually comes after the queue emptied),
   * and only a rested channel can start again from a fresh bucket.
   */
  private forgetRestedLanes(): void {
    const now = this.clock.now();
    for (const [id, lane] of this.lanes) {
      if (!lane.draining && lane.queue.length === 0 && lane.pausedUntil <= now && lane.bucket.full(now)) this.lanes.delete(id);
    }
  }

  private async drain(id: string, lane: Lane): Promise<void> {
    if (lane.draining) return;
    lane.draining = true;
    try {
      while (lane.queue.length > 0) {
        await this.waitForSlot(lane);
        const entry = lane.queue[0]!;
        await this.attempt(id, lane, entry);
      }
    } finally {
      lane.draining = false;
      if (this.idle()) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async waitForSlot(lane: Lane): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const spacing = lane.bucket.waitMs(now);
      const wait = Math.max(lane.pausedUntil - now, spacing > 0 ? spacing + this.policy.channelMarginMs : 0, this.workspace.waitMs(now));
      if (wait <= 0) {
        lane.bucket.take(now);
        this.workspace.take(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private async attempt(id: string, lane: Lane, entry: Entry): Promise<void> {
    const task = entry.task;
    entry.inFlight = true;
    try {
      const value = await task.run();
      lane.queue.shift();
      for (const waiter of entry.waiters) waiter.resolve({ sent: true, value });
    } catch (error) {
      entry.inFlight = false;
      const retryAfter = this.options.retryAfterMs(error);
      if (retryAfter !== undefined && entry.attempts < this.policy.maxRateLimitRetries) {
        entry.attempts += 1;
        // The entry stays at the head of its channel: retried in order, after the pause.
        const now = this.clock.now();
        lane.pausedUntil = now + Math.max(retryAfter, 1);
        lane.bucket.drain(now);
        this.options.observer?.rateLimited?.(id, retryAfter, entry.attempts);
        return;
      }
      if (retryAfter !== undefined) this.options.observer?.gaveUp?.(id, error);
      lane.queue.shift();
      for (const waiter of entry.waiters) waiter.reject(error);
    }
  }
}
