import type { QueueConfig, StoreConfig } from '../config';
import type { FollowUpScheduler } from '../core/ports/follow-up-scheduler';
import type { Logger } from '../observability/logger';
import { BullmqFollowUpScheduler } from '../queue/bullmq-follow-up-scheduler';
import { TimerFollowUpScheduler } from './timer-follow-up-scheduler';

/** The follow-up scheduler of a process, and how to run and release it. */
export interface OpenedFollowUps {
  scheduler: FollowUpScheduler;
  /** Starts running due follow-ups in this process (worker processes; call once the service set the handler). */
  consume(): void;
  description: string;
  close(): Promise<void>;
}

/**
 * Follow-ups beside the job queue: delayed jobs on the store's Redis, run by any worker (they
 * survive the worker that scheduled them), or in-process timers with the memory store (one
 * process; a restart drops them).
 */
export function openFollowUpScheduler(store: StoreConfig, queue: QueueConfig, options: { maxFollowUps: number; concurrency: number; logger: Logger }): OpenedFollowUps {
  const { logger } = options;
  if (store.type === 'memory') {
    const scheduler = new TimerFollowUpScheduler({ onError: (error, job) => logger.error({ err: error, investigationId: job.investigationId, version: job.version }, 'a follow-up failed') });
    return { scheduler, consume: () => undefined, description: 'in-process timers (memory store)', close: () => scheduler.close() };
  }
  const scheduler = new BullmqFollowUpScheduler({
    url: store.url,
    prefix: queue.prefix,
    maxFollowUps: options.maxFollowUps,
    concurrency: options.concurrency,
    lockDurationMs: queue.lockDurationMs,
    onError: (error) => logger.warn({ err: error, component: 'follow-ups' }, 'follow-up queue connection error'),
  });
  return { scheduler, consume: () => scheduler.consume(), description: `delayed jobs on redis (prefix ${queue.prefix})`, close: () => scheduler.close() };
}
