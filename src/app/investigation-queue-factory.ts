import * as os from 'node:os';
import type { QueueConfig, StoreConfig } from '../config';
import type { InvestigationFeed } from '../core/ports/investigation-feed';
import type { InvestigationQueue } from '../core/ports/investigation-queue';
import type { Logger } from '../observability/logger';
import { BullmqInvestigationQueue } from '../queue/bullmq-investigation-queue';
import { MemoryInvestigationQueue } from '../queue/memory-investigation-queue';
import { RedisInvestigationFeed } from '../queue/redis-investigation-feed';

/** The job queue and feed of a process, and how to release them. */
export interface OpenedInvestigationQueue {
  queue: InvestigationQueue;
  /** Absent with the memory store: one process renders what it runs. */
  feed?: InvestigationFeed;
  /** Whether other processes can share the queue (Redis). */
  shared: boolean;
  description: string;
  close(): Promise<void>;
}

/** Investigations one worker runs at once: configured, else one per CPU (at least 2). */
export function workerConcurrency(config: QueueConfig): number {
  return config.concurrency ?? Math.max(2, os.availableParallelism());
}

/**
 * Opens the queue beside the store: BullMQ and a pub/sub feed on the store's Redis, or an
 * in-process queue with the memory store.
 */
export function openInvestigationQueue(store: StoreConfig, config: QueueConfig, logger: Logger): OpenedInvestigationQueue {
  if (store.type === 'memory') {
    const queue = new MemoryInvestigationQueue({ maxAttempts: config.maxAttempts });
    return { queue, shared: false, description: 'in-process (memory store)', close: () => queue.close() };
  }
  const onError = (error: Error) => logger.warn({ err: error, component: 'queue' }, 'queue connection error');
  const queue = new BullmqInvestigationQueue({
    url: store.url,
    prefix: config.prefix,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    maxAttempts: config.maxAttempts,
    onError,
  });
  const feed = new RedisInvestigationFeed({ url: store.url, prefix: config.prefix, onError });
  return {
    queue,
    feed,
    shared: true,
    description: `BullMQ on redis (prefix ${config.prefix})`,
    close: async () => {
      await queue.close();
      await feed.close();
    },
  };
}
