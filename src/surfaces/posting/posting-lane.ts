import type { PacingLimit } from './pacing-limit';
import type { PostingOutcome, PostingTask } from './posting-task';

/** A scheduled call, with the callers awaiting its outcome (several once updates coalesced). */
export interface PostingEntry {
  task: PostingTask<unknown>;
  waiters: Array<{ resolve(outcome: PostingOutcome<unknown>): void; reject(error: unknown): void }>;
  attempts: number;
  /** Being made right now: a new call with its key queues behind it instead of replacing it. */
  inFlight: boolean;
}

/** A queue of calls made one at a time, in order, by one drain loop of the scheduler. */
export class PostingLane {
  readonly queue: PostingEntry[] = [];
  draining = false;
  private emptyWaiters: Array<() => void> = [];

  /** The waiting (not in flight) call with `coalesceKey`, which a newer call with that key replaces. */
  waiting(coalesceKey: string): PostingEntry | undefined {
    return this.queue.find((entry) => !entry.inFlight && entry.task.coalesceKey === coalesceKey);
  }

  /** Something to make, or a drain loop still running. */
  busy(): boolean {
    return this.draining || this.queue.length > 0;
  }

  /** Resolves once the lane has nothing left to make. */
  whenEmpty(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /** The drain loop stopped: its queue is empty. */
  drained(): void {
    for (const wake of this.emptyWaiters.splice(0)) wake();
  }
}

/**
 * A channel's calls: its posts, and its updates of messages already posted, in queues of their
 * own within the channel's one pace (`limit`), so an update held back by the workspace's update
 * limit never holds up a post. A rate-limited post pauses the whole channel.
 */
export class PostingChannel {
  readonly posts = new PostingLane();
  readonly updates = new PostingLane();

  constructor(readonly limit: PacingLimit) {}

  laneOf(task: PostingTask<unknown>): PostingLane {
    return task.update === true ? this.updates : this.posts;
  }

  /** Calls waiting (not yet made) in the channel. */
  backlog(): number {
    return this.posts.queue.length + this.updates.queue.length;
  }

  busy(): boolean {
    return this.posts.busy() || this.updates.busy();
  }
}
