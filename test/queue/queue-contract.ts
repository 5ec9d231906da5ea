import type { InvestigationJob, InvestigationQueue, JobHandler } from '../../src/core/ports/investigation-queue';

/** A queue under test and how to release what it holds. */
export interface QueueHarness {
  queue: InvestigationQueue;
  dispose(): Promise<void>;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The behaviour every InvestigationQueue adapter shares: priorities, bounded concurrency, depth, drains. */
export function queueContract(name: string, makeHarness: () => Promise<QueueHarness>): void {
  describe(`${name} (InvestigationQueue contract)`, () => {
    let harness: QueueHarness;
    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it('runs no more jobs at once than its concurrency, a human request before queued alerts, and says how many are ahead', async () => {
      const { queue } = harness;
      const gate = deferred();
      const order: string[] = [];
      let running = 0;
      let peak = 0;
      const handler: JobHandler = async (job) => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(job.investigationId);
        await gate.promise;
        running -= 1;
      };
      const first = await queue.enqueue({ investigationId: 'a1', priority: 'automatic' });
      expect(first.ahead).toBe(0);
      const consumer = queue.consume(handler, { concurrency: 1 });
      await waitFor(() => order.length === 1);
      expect((await queue.enqueue({ investigationId: 'a2', priority: 'automatic' })).ahead).toBe(0);
      expect((await queue.enqueue({ investigationId: 'a3', priority: 'automatic' })).ahead).toBe(1);
      expect((await queue.enqueue({ investigationId: 'h1', priority: 'human' })).ahead).toBe(0);
      // Enqueued again (a retried request): one job per investigation.
      await queue.enqueue({ investigationId: 'a2', priority: 'automatic' });
      const depth = await queue.depth();
      expect(depth).toMatchObject({ waiting: 3, running: 1, runningIds: ['a1'] });
      gate.resolve();
      await waitFor(() => order.length === 4);
      expect(order).toEqual(['a1', 'h1', 'a2', 'a3']);
      expect(peak).toBe(1);
      await consumer.close({ graceMs: 1_000 });
    });

    it('says how long the longest-waiting job has waited, and when each job was enqueued', async () => {
      const { queue } = harness;
      expect((await queue.depth()).oldestWaitMs).toBeUndefined();
      const before = Date.now();
      await queue.enqueue({ investigationId: 'w1', priority: 'automatic' });
      await new Promise((r) => setTimeout(r, 120));
      await queue.enqueue({ investigationId: 'w2', priority: 'human' });
      const depth = await queue.depth();
      expect(depth.waiting).toBe(2);
      expect(depth.oldestWaitMs).toBeGreaterThanOrEqual(100);
      expect(depth.oldestWaitMs).toBeLessThan(Date.now() - before + 50);
      const enqueued: number[] = [];
      const consumer = queue.consume(async (_job, context) => {
        enqueued.push(context.enqueuedAt ?? NaN);
      }, { concurrency: 1 });
      await waitFor(() => enqueued.length === 2);
      for (const at of enqueued) expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect((await queue.depth()).oldestWaitMs).toBeUndefined();
      await consumer.close({ graceMs: 1_000 });
    });

    it('on close, lets a running job finish within the grace period and takes no new one', async () => {
      const { queue } = harness;
      const started: string[] = [];
      const finished: string[] = [];
      const consumer = queue.consume(async (job: InvestigationJob) => {
        started.push(job.investigationId);
        await new Promise((r) => setTimeout(r, 300));
        finished.push(job.investigationId);
      }, { concurrency: 1 });
      await queue.enqueue({ investigationId: 'x1', priority: 'automatic' });
      await queue.enqueue({ investigationId: 'x2', priority: 'automatic' });
      await waitFor(() => started.length === 1);
      await consumer.close({ graceMs: 5_000 });
      expect(finished).toEqual(['x1']);
      expect(started).toEqual(['x1']);
      expect((await queue.depth()).waiting).toBe(1);
    });

    it('after the grace period, aborts a running job and releases it to the next consumer', async () => {
      const { queue } = harness;
      const attempts: number[] = [];
      const first = queue.consume(async (_job, context) => {
        attempts.push(context.previousAttempts);
        await new Promise<void>((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('interrupted'))));
      }, { concurrency: 1 });
      await queue.enqueue({ investigationId: 'slow', priority: 'automatic' });
      await waitFor(() => attempts.length === 1);
      await first.close({ graceMs: 50 });
      const resumed: string[] = [];
      const second = queue.consume(async (job) => {
        resumed.push(job.investigationId);
      }, { concurrency: 1 });
      await waitFor(() => resumed.length === 1);
      expect(resumed).toEqual(['slow']);
      await second.close({ graceMs: 1_000 });
    });
  });
}
