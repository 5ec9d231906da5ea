import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullmqConnection, closeConnection } from './bullmq-connection';
import {
  InvestigationJobSchema,
  type ConsumeOptions,
  type InvestigationJob,
  type InvestigationQueue,
  type JobConsumer,
  type JobHandler,
  type QueueDepth,
} from '../core/ports/investigation-queue';

/** BullMQ priorities: a lower number runs first. */
const PRIORITY = { human: 1, automatic: 2 } as const;
const QUEUE_NAME = 'investigations';
const MAX_RUNNING_IDS = 50;

/** Options of the BullMQ queue. */
export interface BullmqInvestigationQueueOptions {
  /** `redis://` or `rediss://` URL of the Redis the store also uses. */
  url: string;
  /** BullMQ key prefix, so several deployments (or test runs) share one Redis. */
  prefix: string;
  /** A worker holds a job's lock this long and renews it at half; a dead worker's job is taken again after it. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (a killed worker's). */
  stalledIntervalMs: number;
  /** Starts of a job before it is failed (crashes, stalls and handler rejections count; drains do not). */
  maxAttempts: number;
  /** Connection and worker errors (Redis down, …); the clients keep reconnecting. */
  onError?: (error: Error) => void;
}

/**
 * The job queue on Redis (BullMQ): every surface process enqueues, every worker process consumes
 * with bounded concurrency. A worker killed mid-job stops renewing its lock; another worker's
 * stalled-job check puts the job back in line and it is started again (the investigation resumes
 * from its journal). Jobs are deduplicated by investigation id.
 */
export class BullmqInvestigationQueue implements InvestigationQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(private readonly options: BullmqInvestigationQueueOptions) {
    this.connection = this.client();
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.connection,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: options.maxAttempts,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.queue.on('error', (error) => options.onError?.(error));
  }

  async enqueue(job: InvestigationJob): Promise<{ ahead: number; waits: boolean }> {
    const valid = InvestigationJobSchema.parse(job);
    await this.queue.add('investigate', valid, { jobId: valid.investigationId, priority: PRIORITY[valid.priority] });
    const counts = await this.queue.getCountsPerPriority([PRIORITY.human, PRIORITY.automatic]);
    const human = counts[String(PRIORITY.human)] ?? 0;
    const automatic = counts[String(PRIORITY.automatic)] ?? 0;
    const includingSelf = valid.priority === 'human' ? human : human + automatic;
    const ahead = Math.max(0, includingSelf - 1);
    // Workers take jobs within milliseconds: only a job behind others is known to wait.
    return { ahead, waits: ahead > 0 };
  }

  async depth(): Promise<QueueDepth> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    const active = await this.queue.getActive(0, MAX_RUNNING_IDS - 1);
    const runningIds = active.map((job) => (job.data as InvestigationJob).investigationId).filter(Boolean);
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    // The head of each waiting list: the longest waiter is among the first of them.
    const heads = waiting > 0 ? await this.queue.getJobs(['waiting', 'prioritized'], 0, MAX_RUNNING_IDS - 1, true) : [];
    const oldest = Math.min(...heads.map((job) => job.timestamp));
    return { waiting, running: counts.active ?? 0, runningIds, ...(heads.length > 0 ? { oldestWaitMs: Math.max(0, Date.now() - oldest) } : {}) };
  }

  consume(handler: JobHandler, options: ConsumeOptions): JobConsumer {
    return new BullmqConsumer(handler, options, this.options, this.client());
  }

  async close(): Promise<void> {
    await this.queue.close();
    await closeConnection(this.connection);
  }

  private client(): Redis {
    return bullmqConnection(this.options.url, this.options.onError);
  }
}

class BullmqConsumer implements JobConsumer {
  private readonly worker: Worker;
  private readonly abort = new AbortController();
  private active = 0;

  constructor(handler: JobHandler, consume: ConsumeOptions, options: BullmqInvestigationQueueOptions, private readonly connection: Redis) {
    this.worker = new Worker(QUEUE_NAME, (job: Job, token?: string) => this.process(handler, job, token), {
      connection,
      prefix: options.prefix,
      concurrency: Math.max(1, Math.floor(consume.concurrency)),
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: options.maxAttempts,
    });
    this.worker.on('error', (error) => options.onError?.(error));
  }

  get running(): number {
    return this.active;
  }

  async idle(): Promise<void> {
    // Other processes may enqueue at any time: a Redis consumer is never idle for good.
  }

  async close(options: { graceMs: number }): Promise<void> {
    const closing = this.worker.close();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, options.graceMs));
    });
    if ((await Promise.race([closing.then(() => 'done' as const), grace])) === 'late') this.abort.abort();
    clearTimeout(timer);
    await closing;
    await closeConnection(this.connection);
  }

  private async process(handler: JobHandler, job: Job, token: string | undefined): Promise<void> {
    const parsed = InvestigationJobSchema.parse(job.data);
    this.active += 1;
    try {
      await handler(parsed, { previousAttempts: Math.max(0, (job.attemptsStarted ?? 1) - 1), signal: this.abort.signal, enqueuedAt: job.timestamp });
    } catch (error) {
      if (!this.abort.signal.aborted) throw error;
      // Released by a drain: back in line at once, without spending an attempt.
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    } finally {
      this.active -= 1;
    }
  }
}
