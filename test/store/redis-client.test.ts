import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ConfigError } from '../../src/core/errors';
import { checkRedis, createRedisClient } from '../../src/store/redis/redis-client';

describe('createRedisClient / checkRedis without a server', () => {
  it('says quickly, and how to fix it, when nothing listens at the address', async () => {
    const client = createRedisClient('redis://127.0.0.1:1', { connectTimeoutMs: 1_000 });
    const started = Date.now();
    try {
      const health = await checkRedis(client);
      expect(health.ok).toBe(false);
      expect(health.message).toBe(
        'Redis at redis://127.0.0.1:1 is not reachable: ECONNREFUSED — start redis-server or set REDIS_URL',
      );
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      client.disconnect();
    }
  });

  it('bounds the check by its timeout when the server accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const client = createRedisClient(`redis://127.0.0.1:${port}`);
    const started = Date.now();
    try {
      const health = await checkRedis(client, 300);
      expect(health).toEqual({
        ok: false,
        message: `Redis at redis://127.0.0.1:${port} is not reachable: no answer within 300 ms — start redis-server or set REDIS_URL`,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      client.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('rejects a URL that is not a Redis URL, without echoing a password', () => {
    expect(() => createRedisClient('localhost:6379')).toThrow(ConfigError);
    expect(() => createRedisClient('http://user:hunter2@cache:6379')).toThrow(/must start with redis:\/\//);
    expect(() => createRedisClient('http://user:hunter2@cache:6379')).not.toThrow(/hunter2/);
  });
});
