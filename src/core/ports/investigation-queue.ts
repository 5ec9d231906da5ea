import { z } from 'zod';

/** `human`: someone asked (an @mention, `/causa investigate`); `automatic`: an alert post. */
export const JobPrioritySchema = z.enum(['human', 'automatic']);
export type JobPriority = z.infer<typeof JobPrioritySchema>;

/** One investigation to run; the record, alert and thread are in the store under its id. */
export const InvestigationJobSchema = z.object({
  investigationId: z.string().min(1),
  priority: JobPrioritySchema,
});
export type InvestigationJob = z.infer<typeof InvestigationJobSchema>;

/** How much work the queue holds, across every worker sharing it. */
export interface QueueDepth {
  /** Jobs no worker has taken yet. */
  waiting: number;
  /** Jobs a worker is running. */
  running: number;
  /** Investigation ids being run, oldest first (bounded; for `/causa status`). */
  runningIds: string[];
  /** How long the longest-waiting job has waited (ms); absent when none waits. */
  oldestWaitMs?: number;
}

/** What a handler learns about the job it runs. */
export interface JobContext {
  /** How many times this job was started before (after a crash, a stall or a drain). */
  previousAttempts: number;
  /** Aborted when the worker shuts down and the grace period is over: stop, the job is released. */
  signal: AbortSignal;
  /** When the job was enqueued (unix ms), for the queue-wait metric. */
  enqueuedAt?: number;
}

/** Runs one job; a rejection releases the job for another attempt (when attempts remain). */
export type JobHandler = (job: InvestigationJob, context: JobContext) => Promise<void>;

/** Options of `InvestigationQueue.consume`. */
export interface ConsumeOptions {
  /** Jobs run at once by this consumer. */
  concurrency: number;
}

/** A running consumer of the queue (one per worker process). */
export interface JobConsumer {
  /** Jobs this consumer is running now. */
  readonly running: number;
  /** Resolves when this consumer has no job running and none is waiting for it (memory queue). */
  idle(): Promise<void>;
  /**
   * Stops taking jobs, lets running ones finish for `graceMs`, then aborts them (their signal) so
   * they are released to another worker. Resolves when nothing runs any more.
   */
  close(options: { graceMs: number }): Promise<void>;
}

/**
 * The job queue between the surfaces (which enqueue) and the workers (which investigate). BullMQ
 * on Redis when several processes share the work; memory for one process and tests. A job whose
 * worker dies is taken again by another worker (stalled-job detection); higher priority first,
 * then first come, first served.
 */
export interface InvestigationQueue {
  /**
   * Adds a job (once per investigation id). Resolves with how many waiting jobs are ahead of it
   * and whether it waits (no worker could take it at once, as far as the queue can tell).
   */
  enqueue(job: InvestigationJob): Promise<{ ahead: number; waits: boolean }>;
  depth(): Promise<QueueDepth>;
  consume(handler: JobHandler, options: ConsumeOptions): JobConsumer;
  /** Releases connections (consumers must be closed first). */
  close(): Promise<void>;
}
