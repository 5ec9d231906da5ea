import { PacingLimit } from './pacing-limit';
import { PostingChannel, type PostingEntry, type PostingLane } from './posting-lane';
import type { PostingKind, PostingOutcome, PostingTask } from './posting-task';
import { systemPostingClock, type PostingClock } from './posting-clock';
import { defaultPostingPolicy, type PostingPolicy } from '../../config/posting-policy-schema';

export type { PostingKind, PostingOutcome, PostingTask } from './posting-task';

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

/**
 * Paces a workspace's chat calls: per channel one post at a time, within a token bucket (about
 * one per second after a short burst), and within the workspace's rate. Updates of posted
 * messages wait in a queue of their own per channel, within the workspace's update limit as
 * well: they take the channel's slots its posts leave free, so a storm of status updates never
 * holds up an RCA. A rate-limit answer pauses the channel (a post) or every update (an update)
 * for its Retry-After, and the call is retried, in place. Updates of the same message coalesce;
 * in a storm (a long backlog in a channel, the workspace, or the workspace's updates)
 * intermediate progress posts and updates are skipped, never essential ones. Callers await the
 * outcome; nothing here knows a chat SDK.
 */
export class PostingScheduler {
  private readonly policy: PostingPolicy;
  private readonly clock: PostingClock;
  private readonly channels = new Map<string, PostingChannel>();
  private readonly workspace: PacingLimit;
  private readonly updates: PacingLimit;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PostingSchedulerOptions) {
    this.policy = options.policy ?? defaultPostingPolicy();
    this.clock = options.clock ?? systemPostingClock;
    const now = this.clock.now();
    const perMinute = this.policy.workspacePerMinute;
    this.workspace = new PacingLimit(Math.max(1, Math.ceil(perMinute / 6)), 60_000 / perMinute, now);
    this.updates = new PacingLimit(this.policy.updates.burst, 60_000 / this.policy.updates.perMinute, now);
  }

  /** Schedules one call; resolves with its result, or says why it was not made. */
  schedule<T>(task: PostingTask<T>): Promise<PostingOutcome<T>> {
    const channel = this.channel(task.lane);
    const lane = channel.laneOf(task as PostingTask<unknown>);
    return new Promise<PostingOutcome<T>>((resolve, reject) => {
      const waiter = { resolve: resolve as (outcome: PostingOutcome<unknown>) => void, reject };
      const pending = task.coalesceKey === undefined ? undefined : lane.waiting(task.coalesceKey);
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
      if (task.kind === 'progress' && this.sheds(channel, task as PostingTask<unknown>)) {
        this.options.observer?.skipped?.(task.lane, 'shed');
        resolve({ sent: false, reason: 'shed' });
        return;
      }
      lane.queue.push({ task: task as PostingTask<unknown>, waiters: [waiter], attempts: 0, inFlight: false });
      void this.drain(task.lane, channel, lane);
    });
  }

  /** True while the channel's backlog, or the workspace's, is long enough that progress calls are skipped. */
  inStorm(channelId: string): boolean {
    return this.stormIn(this.channels.get(channelId));
  }

  /** Calls waiting (not yet made), over every channel. */
  backlog(): number {
    let total = 0;
    for (const channel of this.channels.values()) total += channel.backlog();
    return total;
  }

  /** Resolves once every scheduled call was made, skipped or failed (graceful shutdown, tests). */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A progress call skipped now: its channel or the workspace is in a storm, or (an update) too many updates wait. */
  private sheds(channel: PostingChannel, task: PostingTask<unknown>): boolean {
    return this.stormIn(channel) || (task.update === true && this.updateBacklog() >= this.policy.updates.stormBacklog);
  }

  private stormIn(channel: PostingChannel | undefined): boolean {
    if (channel !== undefined && channel.backlog() >= this.policy.stormBacklog) return true;
    return this.backlog() >= this.policy.workspaceStormBacklog;
  }

  /** Updates waiting (not yet made), over every channel. */
  private updateBacklog(): number {
    let total = 0;
    for (const channel of this.channels.values()) total += channel.updates.queue.length;
    return total;
  }

  private idle(): boolean {
    for (const channel of this.channels.values()) if (channel.busy()) return false;
    return true;
  }

  private channel(id: string): PostingChannel {
    let channel = this.channels.get(id);
    if (!channel) {
      this.forgetRestedChannels();
      channel = new PostingChannel(new PacingLimit(this.policy.channelBurst, this.policy.channelIntervalMs, this.clock.now(), this.policy.channelMarginMs));
      this.channels.set(id, channel);
    }
    return channel;
  }

  /**
   * Forgets channels with nothing to send whose bucket is full and pause over: a channel's pace
   * must outlive its queues (the next message of a thread usually comes after they emptied), and
   * only a rested channel can start again from a fresh bucket.
   */
  private forgetRestedChannels(): void {
    const now = this.clock.now();
    for (const [id, channel] of this.channels) {
      if (!channel.busy() && channel.limit.rested(now)) this.channels.delete(id);
    }
  }

  private async drain(id: string, channel: PostingChannel, lane: PostingLane): Promise<void> {
    if (lane.draining) return;
    lane.draining = true;
    try {
      while (lane.queue.length > 0) {
        await this.waitForSlot(channel, lane);
        await this.attempt(id, channel, lane, lane.queue[0]!);
      }
    } finally {
      lane.draining = false;
      lane.drained();
      if (this.idle()) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async waitForSlot(channel: PostingChannel, lane: PostingLane): Promise<void> {
    const update = lane === channel.updates;
    const limits = update ? [channel.limit, this.updates, this.workspace] : [channel.limit, this.workspace];
    for (;;) {
      // The channel's posts go first: an update takes only the slots they leave free.
      if (update && channel.posts.queue.length > 0) {
        await channel.posts.whenEmpty();
        continue;
      }
      const now = this.clock.now();
      const wait = Math.max(...limits.map((limit) => limit.waitMs(now)));
      if (wait <= 0) {
        for (const limit of limits) limit.take(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private async attempt(id: string, channel: PostingChannel, lane: PostingLane, entry: PostingEntry): Promise<void> {
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
        // The entry stays at the head of its lane: retried in order, after the pause. Slack
        // limits updates per workspace, apart from posts: a refused update pauses every update,
        // not the channel's posts; a refused post pauses the channel.
        (lane === channel.updates ? this.updates : channel.limit).pause(this.clock.now(), retryAfter);
        this.options.observer?.rateLimited?.(id, retryAfter, entry.attempts);
        return;
      }
      if (retryAfter !== undefined) this.options.observer?.gaveUp?.(id, error);
      lane.queue.shift();
      for (const waiter of entry.waiters) waiter.reject(error);
    }
  }
}
