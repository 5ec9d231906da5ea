import { Writable } from 'node:stream';
import { InvestigationService } from '../../src/app/investigation-service';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { BotMetrics } from '../../src/observability/bot-metrics';
import { createLogger } from '../../src/observability/logger';
import { MemoryInvestigationQueue } from '../../src/queue/memory-investigation-queue';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { MemoryInvestigationStore } from '../../src/store/memory/memory-investigation-store';
import { FakeTelemetrySource } from '../fakes/fake-telemetry-source';

describe('queue figures on /metrics', () => {
  it('refreshes figures read on demand before each scrape, and keeps answering when one cannot be read', async () => {
    const metrics = new BotMetrics({ processMetrics: false });
    let waiting = 3;
    metrics.refreshOnScrape(async () => {
      metrics.queueDepth.set({ state: 'waiting' }, waiting);
      metrics.queueOldestWait.set(42);
    });
    metrics.refreshOnScrape(async () => {
      throw new Error('Redis is down');
    });
    expect((await metrics.exposition()).body).toMatch(/^causa_queue_depth\{state="waiting"\} 3$/m);
    waiting = 0;
    const body = (await metrics.exposition()).body;
    expect(body).toMatch(/^causa_queue_depth\{state="waiting"\} 0$/m);
    expect(body).toMatch(/^causa_queue_oldest_wait_seconds 42$/m);
  });

  it('a worker observes how long each job waited for it, once per job', async () => {
    const queue = new MemoryInvestigationQueue();
    const service = new InvestigationService({
      store: new MemoryInvestigationStore(),
      source: new FakeTelemetrySource({ window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' }, series: [], calls: [] }),
      reasoner: new OfflineReasoner(),
      budget: BudgetSchema.parse({}),
      thresholds: ThresholdsSchema.parse({}),
      logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) }),
      refireWindowMs: 0,
      queue,
    });
    for (const id of ['q1', 'q2']) await queue.enqueue({ investigationId: id, priority: 'automatic' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waits: number[] = [];
    const consumer = service.work({ concurrency: 1, onTaken: (ms) => waits.push(ms) });
    await consumer.idle();
    await consumer.close({ graceMs: 1_000 });
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(40);
  });
});
