import { MemoryInvestigationQueue } from '../../src/queue/memory-investigation-queue';
import { queueContract } from './queue-contract';

queueContract('MemoryInvestigationQueue', async () => {
  const queue = new MemoryInvestigationQueue();
  return { queue, dispose: () => queue.close() };
});

describe('MemoryInvestigationQueue', () => {
  it('gives a job up after its last attempt and says so', async () => {
    const givenUp: string[] = [];
    const queue = new MemoryInvestigationQueue({ maxAttempts: 2, onGiveUp: (job) => givenUp.push(job.investigationId) });
    let calls = 0;
    const consumer = queue.consume(async () => {
      calls += 1;
      throw new Error('store unreachable');
    }, { concurrency: 1 });
    await queue.enqueue({ investigationId: 'f1', priority: 'automatic' });
    await consumer.idle();
    expect(calls).toBe(2);
    expect(givenUp).toEqual(['f1']);
  });
});
