import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { checkRedis, createRedisClient } from '../../src/store/redis/redis-client';

/** The Redis the integration tests use (CAUSA_TEST_REDIS_URL); CI starts it with .ci/ensure-redis.sh. */
export const REDIS_URL = process.env.CAUSA_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the test Redis answered the ping of test/jest/redis-global-setup.js (which stops the
 * run instead when CAUSA_REQUIRE_REDIS=1). Unknown (a run without that setup) counts as up.
 */
export const redisAvailable = (process.env.CAUSA_TEST_REDIS_STATE ?? 'up') === 'up';

/** `describe` for suites that need the test Redis; skipped, with the setup's one message, when it is down. */
export const describeWithRedis: jest.Describe = redisAvailable ? describe : describe.skip;

/** A key prefix no other test run uses. */
export function uniquePrefix(): string {
  return `causa-test:${randomUUID()}:`;
}

/** A client for the test Redis. */
export function connect(): Redis {
  return createRedisClient(REDIS_URL);
}

/** Fails (never skips) when the test Redis is down, saying how to start it. */
export async function requireRedis(): Promise<void> {
  if (!redisAvailable) return;
  const client = connect();
  try {
    const health = await checkRedis(client);
    if (!health.ok) {
      throw new Error(`${health.message}. Run .ci/ensure-redis.sh (or redis-server --daemonize yes) before the integration tests.`);
    }
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN + DEL). */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  // SCAN MATCH is a glob: escape the glob characters a prefix may contain.
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Deletes the test's keys, then closes every client, even when Redis went away mid-test. */
export async function cleanUp(prefix: string, clients: Redis[]): Promise<void> {
  const [first] = clients;
  try {
    if (first !== undefined) await deleteKeys(first, prefix);
  } finally {
    await Promise.all(clients.map((client) => (client.status === 'ready' ? client.quit() : client.disconnect())));
  }
}
