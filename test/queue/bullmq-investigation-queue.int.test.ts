import { randomUUID } from 'node:crypto';
import { BullmqInvestigationQueue } from '../../src/queue/bullmq-investigation-queue';
import { cleanUp, connect, REDIS_URL, requireRedis } from '../store/redis-test-support';
import { queueContract } from './queue-contract';

beforeAll(requireRedis);

queueContract('BullmqInvestigationQueue', async () => {
  const prefix = `causa-test-queue-${randomUUID()}`;
  const queue = new BullmqInvestigationQueue({ url: REDIS_URL, prefix, lockDurationMs: 5_000, stalledIntervalMs: 1_000, maxAttempts: 3 });
  return {
    queue,
    dispose: async () => {
      await queue.close();
      await cleanUp(`${prefix}:`, [connect()]);
    },
  };
});
