import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * `npm test` on a machine without Redis: the Redis suites skip with one message (or, with
 * CAUSA_REQUIRE_REDIS=1 as in CI, the run stops at once with that message) instead of hanging on
 * clients that reconnect forever. Runs jest on one Redis suite, pointed at a closed port.
 */
const ROOT = path.join(__dirname, '..', '..');
const SUITE = 'test/store/redis-change-event-store.int.test.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function runJest(env: Record<string, string>) {
  const child = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', SUITE], {
    cwd: ROOT,
    env: { ...process.env, CAUSA_REQUIRE_REDIS: '', ...env },
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { status: child.status, signal: child.signal, output: `${child.stdout}${child.stderr}` };
}

describe('the Redis suites without a Redis', () => {
  it('skip with one message outside CI', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const run = runJest({ CAUSA_TEST_REDIS_URL: url });
    expect(run.signal).toBeNull();
    expect(run.output).toContain(`skipping the Redis suites: the test Redis at ${url} is not reachable (ECONNREFUSED)`);
    expect(run.output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
    expect(run.status).toBe(0);
  }, 160_000);

  it('stop the run at once with that message when CAUSA_REQUIRE_REDIS=1', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const run = runJest({ CAUSA_TEST_REDIS_URL: url, CAUSA_REQUIRE_REDIS: '1' });
    expect(run.signal).toBeNull();
    expect(run.output).toContain(`the test Redis at ${url} is not reachable (ECONNREFUSED)`);
    expect(run.output).toContain('CAUSA_REQUIRE_REDIS=1');
    expect(run.status).not.toBe(0);
  }, 160_000);
});
