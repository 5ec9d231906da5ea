import { Writable } from 'node:stream';
import { routeConsoleToLogger } from '../../src/observability/console-bridge';
import { createLogger } from '../../src/observability/logger';
import { createRedisClient } from '../../src/store/redis/redis-client';
import { REDIS_URL, describeWithRedis } from '../store/redis-test-support';

describeWithRedis('ioredis console output under serve', () => {
  it('arrives as one JSON log line, not as an unstructured [WARN] on the console', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger({ level: 'info', destination });
    // The test Redis has no password: ioredis warns that one was supplied.
    const url = new URL(REDIS_URL);
    url.password = 'not-needed-here';
    const restore = routeConsoleToLogger(logger);
    const client = createRedisClient(url.href);
    try {
      await client.ping();
      for (let i = 0; i < 50 && lines.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      restore();
      client.disconnect();
    }
    const entries = lines.map((line) => JSON.parse(line) as { level: number; component: string; msg: string });
    expect(entries).toEqual([expect.objectContaining({ level: 40, component: 'console', msg: expect.stringMatching(/does not require a password, but a password was supplied/) })]);
  });
});
