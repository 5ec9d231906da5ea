/**
 * A worker process for the queue integration tests: `node -r typescript-require-hook.js
 * worker-process.ts` with its settings in CAUSA_TEST_WORKER (JSON). It runs investigations of a
 * recorded bundle from the Redis queue, each query slowed by `queryDelayMs` so a test can kill it
 * mid-investigation, and drains on SIGTERM like `causa worker`.
 */
import { InvestigationService } from '../../src/app/investigation-service';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import type { TelemetrySource } from '../../src/core/ports/telemetry-source';
import { createLogger } from '../../src/observability/logger';
import { BullmqInvestigationQueue } from '../../src/queue/bullmq-investigation-queue';
import { RedisInvestigationFeed } from '../../src/queue/redis-investigation-feed';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { createRedisClient } from '../../src/store/redis/redis-client';
import { RedisInvestigationStore } from '../../src/store/redis/redis-investigation-store';
import { BundleSource } from '../../src/telemetry/bundle';

interface WorkerSettings {
  redisUrl: string;
  keyPrefix: string;
  queuePrefix: string;
  bundleDir: string;
  concurrency: number;
  queryDelayMs: number;
  maxQueries?: number;
}

function slowed(source: TelemetrySource, delayMs: number): TelemetrySource {
  if (delayMs <= 0) return source;
  return Object.assign(Object.create(source) as TelemetrySource, {
    run: async (...args: Parameters<TelemetrySource['run']>) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return source.run(...args);
    },
  });
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.CAUSA_TEST_WORKER ?? '{}') as WorkerSettings;
  const logger = createLogger({ level: 'info' });
  const redis = createRedisClient(settings.redisUrl, { maxRetriesPerRequest: 20 });
  const store = new RedisInvestigationStore({ redis, keyPrefix: settings.keyPrefix });
  const onError = () => undefined;
  const queue = new BullmqInvestigationQueue({ url: settings.redisUrl, prefix: settings.queuePrefix, lockDurationMs: 2_000, stalledIntervalMs: 1_000, maxAttempts: 10, onError });
  const feed = new RedisInvestigationFeed({ url: settings.redisUrl, prefix: settings.queuePrefix, onError });
  const service = new InvestigationService({
    store,
    source: slowed(new BundleSource({ dir: settings.bundleDir }), settings.queryDelayMs),
    reasoner: new OfflineReasoner(),
    budget: BudgetSchema.parse({ maxQueries: settings.maxQueries ?? 1000 }),
    thresholds: ThresholdsSchema.parse({}),
    logger,
    refireWindowMs: 0,
    queue,
    feed,
  });
  const consumer = service.work({ concurrency: settings.concurrency });
  process.stdout.write(`${JSON.stringify({ msg: 'worker ready', pid: process.pid })}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await consumer.close({ graceMs: 5_000 });
  await queue.close();
  await feed.close();
  await redis.quit();
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${String(error)}\n`);
  process.exit(1);
});
