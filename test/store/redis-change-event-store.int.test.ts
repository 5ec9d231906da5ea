import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CausaError } from '../../src/core/errors';
import type { ChangeEvent } from '../../src/core/ports/change-event-store';
import { RedisChangeEventStore } from '../../src/store/redis/redis-change-event-store';
import { createRedisClient } from '../../src/store/redis/redis-client';
import { cleanUp, connect, describeWithRedis, requireRedis, uniquePrefix } from './redis-test-support';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2024-06-03T15:00:00Z');

const change = (at: string, extra: Partial<ChangeEvent> = {}): ChangeEvent => ({ id: randomUUID(), service: 'checkout', kind: 'deploy', version: 'v2', at, receivedAt: at, ...extra });

describeWithRedis('RedisChangeEventStore against a real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisChangeEventStore;
  beforeAll(async () => {
    await requireRedis();
  });
  beforeEach(() => {
    redis = connect();
    prefix = uniquePrefix();
    store = new RedisChangeEventStore(redis, { keyPrefix: prefix, retentionMs: 14 * DAY_MS, now: () => NOW });
  });
  afterEach(async () => {
    await cleanUp(prefix, [redis]);
  });

  it('returns the events of a period oldest first, two at the same instant included, under its key prefix with a TTL', async () => {
    await store.add(change('2024-06-03T14:20:00Z', { version: 'v3' }));
    await store.add(change('2024-06-03T14:05:00Z', { version: 'v1' }));
    await store.add(change('2024-06-03T14:05:00Z', { version: 'v2', service: 'cart' }));
    await store.add(change('2024-06-01T09:00:00Z', { version: 'old' }));
    const found = await store.between(Date.parse('2024-06-03T14:00:00Z'), Date.parse('2024-06-03T14:30:00Z'));
    expect(found.map((e) => `${e.service}@${e.version}`).sort()).toEqual(['cart@v2', 'checkout@v1', 'checkout@v3']);
    expect(found.map((e) => e.at)).toEqual(['2024-06-03T14:05:00Z', '2024-06-03T14:05:00Z', '2024-06-03T14:20:00Z']);
    expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}changes`]);
    const ttl = await redis.pttl(`${prefix}changes`);
    expect(ttl).toBeGreaterThan(13 * DAY_MS);
    expect(ttl).toBeLessThanOrEqual(14 * DAY_MS);
    expect(await store.between(Date.parse('2024-06-03T14:30:00Z'), Date.parse('2024-06-03T14:00:00Z'))).toEqual([]);
  });

  it('drops events past the retention on write and never returns them on read, as the memory store does', async () => {
    await store.add(change('2024-05-10T00:00:00Z', { version: 'expired-at-write' }));
    expect(await redis.zcard(`${prefix}changes`)).toBe(0);
    await store.add(change('2024-05-25T00:00:00Z', { version: 'kept' }));
    const later = new RedisChangeEventStore(redis, { keyPrefix: prefix, retentionMs: 14 * DAY_MS, now: () => NOW + 10 * DAY_MS });
    expect((await store.between(0, NOW)).map((e) => e.version)).toEqual(['kept']);
    // Ten days later nothing was written, so nothing trimmed: the read must still honour the retention.
    expect(await later.between(0, NOW + 10 * DAY_MS)).toEqual([]);
  });

  it('fails with a retryable store error when a write is refused, instead of losing the event silently', async () => {
    await redis.set(`${prefix}changes`, 'not a sorted set');
    const error = await store.add(change('2024-06-03T14:05:00Z')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CausaError);
    expect(error).toMatchObject({ code: 'store_unavailable', isRetryable: true });
    expect((error as Error).message).toMatch(/WRONGTYPE/);
    await expect(store.between(0, NOW)).rejects.toThrow(/WRONGTYPE/);
  });

  it('says Redis cannot be reached when it is down', async () => {
    const down = createRedisClient('redis://127.0.0.1:1', { connectTimeoutMs: 200, maxRetriesPerRequest: 0 });
    try {
      const unreachable = new RedisChangeEventStore(down, { keyPrefix: prefix, retentionMs: DAY_MS, now: () => NOW });
      await expect(unreachable.add(change('2024-06-03T14:05:00Z'))).rejects.toThrow(/Redis could not be (read|written) for change events/);
    } finally {
      down.disconnect();
    }
  });
});
