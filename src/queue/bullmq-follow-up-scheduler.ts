import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullmqConnection, closeConnection } from './bullmq-connection';
import { z } from 'zod';
import type { FollowUpJob, FollowUpScheduler } from '../core/ports/follow-up-scheduler';

const QUEUE_NAME = 'follow-ups';

const FollowUpJobSchema = z.object({ investigationId: z.string().min(1), version: z.number().int().min(2), dueAt: z.number() });

/** Options of the shared follow-up scheduler. */
export interface BullmqFollowUpSchedulerOptions {
  /** `redis://` or `rediss://` URL of the Redis the store and the job queue use. */
  url: string;
  /** BullMQ key prefix (the job queue's), so deployments sharing one Redis stay apart. */
  prefix: string;
  /** Most follow-ups of one investigation (the configured delays): `cancel` looks for that many. */
  maxFollowUps: number;
  /** Follow-ups one process runs at once. */
  concurrency: number;
  /** A runner holds a job's lock this long; a dead runner's follow-up is taken again after it. */
  lockDurationMs: number;
  onError?: (error: Error) => void;
  clock?: () => number;
}

/**
 * Follow-ups as delayed jobs on the shared Redis queue (BullMQ): scheduled by whichever worker
 * finished the investigation, run by any worker process when due — a follow-up survives the
 * worker that scheduled it dying or restarting. One job per (investigation, version): scheduling
 * it again is a no-op, so it runs at most once. Surfaces only schedule and cancel (`stop`);
 * workers also `consume`.
 */
export class BullmqFollowUpScheduler implements FollowUpScheduler {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: Redis;
  private handler?: (job: FollowUpJob) => Promise<void>;
  private readonly mine = new Set<string>();

  constructor(private readonly options: BullmqFollowUpSchedulerOptions) {
    this.connection = this.client();
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.connection,
      prefix: options.prefix,
      defaultJobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 5_000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
    });
    this.queue.on('error', (error) => options.onError?.(error));
  }

  onDue(handler: (job: FollowUpJob) => Promise<void>): void {
    this.handler = handler;
  }

  /** Starts running the due follow-ups of every process in this one (worker processes). */
  consume(): void {
    if (this.worker) return;
    if (!this.handler) throw new Error('the follow-up scheduler has no handler: call onDue first');
    const handler = this.handler;
    this.workerConnection = this.client();
    this.worker = new Worker(
      QUEUE_NAME,
      async (job: Job) => {
        const parsed = FollowUpJobSchema.parse(job.data);
        this.mine.delete(jobId(parsed.investigationId, parsed.version));
        await handler(parsed);
      },
      { connection: this.workerConnection, prefix: this.options.prefix, concurrency: Math.max(1, this.options.concurrency), lockDuration: this.options.lockDurationMs },
    );
    this.worker.on('error', (error) => this.options.onError?.(error));
  }

  async schedule(job: FollowUpJob): Promise<void> {
    const valid = FollowUpJobSchema.parse(job);
    const id = jobId(valid.investigationId, valid.version);
    const delay = Math.max(0, valid.dueAt - (this.options.clock ?? Date.now)());
    await this.queue.add('follow-up', valid, { jobId: id, delay });
    this.mine.add(id);
  }

  async cancel(investigationId: string): Promise<number> {
    let dropped = 0;
    for (let version = 2; version <= this.options.maxFollowUps + 1; version += 1) {
      const id = jobId(investigationId, version);
      const job = await this.queue.getJob(id);
      this.mine.delete(id);
      if (job && ((await job.isDelayed()) || (await job.isWaiting()))) {
        await job.remove();
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Follow-ups this process scheduled that have not run here or been cancelled (others' are in Redis). */
  pending(): number {
    return this.mine.size;
  }

  /** Stops running follow-ups and disconnects; the scheduled ones stay in Redis for the next worker. */
  async close(): Promise<void> {
    await this.worker?.close();
    await closeConnection(this.workerConnection);
    await this.queue.close();
    await closeConnection(this.connection);
  }

  private client(): Redis {
    return bullmqConnection(this.options.url, this.options.onError);
  }
}

/** BullMQ job ids may not contain `:`. */
function jobId(investigationId: string, version: number): string {
  return `${investigationId.replaceAll(':', '_')}__v${version}`;
}
