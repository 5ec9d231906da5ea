import type {
  ConsumeOptions,
  InvestigationJob,
  InvestigationQueue,
  JobConsumer,
  JobHandler,
  QueueDepth,
} from '../core/ports/investigation-queue';

const RANK = { human: 0, automatic: 1 } as const;

interface Entry {
  job: InvestigationJob;
  order: number;
  attempts: number;
  enqueuedAt: number;
}

/** Options of the in-process queue. */
export interface MemoryInvestigationQueueOptions {
  /** Starts of one job before it is given up (a handler that keeps rejecting). Default 3. */
  maxAttempts?: number;
  /** Told when a job is given up after its last attempt. */
  onGiveUp?: (job: InvestigationJob, error: unknown) => void;
}

/**
 * The job queue of one process (memory store, CLI, unit tests): the same priorities and bounded
 * concurrency as the Redis queue, without surviving the process.
 */
export class MemoryInvestigationQueue implements InvestigationQueue {
  private readonly waiting: Entry[] = [];
  private readonly known = new Set<string>();
  private readonly consumers = new Set<MemoryConsumer>();
  private order = 0;

  constructor(private readonly options: MemoryInvestigationQueueOptions = {}) {}

  async enqueue(job: InvestigationJob): Promise<{ ahead: number; waits: boolean }> {
    if (!this.known.has(job.investigationId)) {
      this.known.add(job.investigationId);
      this.insert({ job, order: (this.order += 1), attempts: 0, enqueuedAt: Date.now() });
      this.wake();
    }
    const index = this.waiting.findIndex((entry) => entry.job.investigationId === job.investigationId);
    return { ahead: Math.max(0, index), waits: index >= 0 };
  }

  async depth(): Promise<QueueDepth> {
    const runningIds = [...this.consumers].flatMap((consumer) => consumer.runningIds());
    const oldest = Math.min(...this.waiting.map((entry) => entry.enqueuedAt));
    return { waiting: this.waiting.length, running: runningIds.length, runningIds, ...(this.waiting.length > 0 ? { oldestWaitMs: Math.max(0, Date.now() - oldest) } : {}) };
  }

  consume(handler: JobHandler, options: ConsumeOptions): JobConsumer {
    const consumer = new MemoryConsumer(this, handler, Math.max(1, Math.floor(options.concurrency)), () => this.consumers.delete(consumer));
    this.consumers.add(consumer);
    this.wake();
    return consumer;
  }

  async close(): Promise<void> {
    this.consumers.clear();
  }

  /** The next job for a consumer, highest priority first. */
  take(): Entry | undefined {
    return this.waiting.shift();
  }

  hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /** A job whose handler rejected: back in line while attempts remain. */
  release(entry: Entry, error: unknown, closing: boolean): void {
    if (!closing && entry.attempts >= (this.options.maxAttempts ?? 3)) {
      this.options.onGiveUp?.(entry.job, error);
      return;
    }
    this.insert(entry);
    this.wake();
  }

  private insert(entry: Entry): void {
    const index = this.waiting.findIndex((other) => RANK[other.job.priority] > RANK[entry.job.priority] || (RANK[other.job.priority] === RANK[entry.job.priority] && other.order > entry.order));
    if (index < 0) this.waiting.push(entry);
    else this.waiting.splice(index, 0, entry);
  }

  private wake(): void {
    for (const consumer of this.consumers) consumer.fill();
  }
}

class MemoryConsumer implements JobConsumer {
  private readonly active = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private closing = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly queue: MemoryInvestigationQueue,
    private readonly handler: JobHandler,
    private readonly concurrency: number,
    private readonly detach: () => void,
  ) {}

  get running(): number {
    return this.active.size;
  }

  runningIds(): string[] {
    return [...this.active.keys()];
  }

  fill(): void {
    while (!this.closing && this.active.size < this.concurrency) {
      const entry = this.queue.take();
      if (!entry) break;
      entry.attempts += 1;
      const id = entry.job.investigationId;
      const run = this.handler(entry.job, { previousAttempts: entry.attempts - 1, signal: this.abort.signal, enqueuedAt: entry.enqueuedAt })
        .catch((error: unknown) => this.queue.release(entry, error, this.closing))
        .finally(() => {
          this.active.delete(id);
          this.fill();
          this.settle();
        });
      this.active.set(id, run);
    }
    this.settle();
  }

  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(options: { graceMs: number }): Promise<void> {
    this.closing = true;
    this.detach();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, options.graceMs));
    });
    await Promise.race([Promise.allSettled([...this.active.values()]), grace]);
    clearTimeout(timer);
    this.abort.abort();
    await Promise.allSettled([...this.active.values()]);
    this.settle();
  }

  private isIdle(): boolean {
    return this.active.size === 0 && (this.closing || !this.queue.hasWaiting());
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
