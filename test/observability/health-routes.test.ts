import { createLogger } from '../../src/observability/logger';
import { healthzRoute, readyzRoute, type ReadinessCheck } from '../../src/observability/health-routes';
import { HttpServer } from '../../src/server/http-server';

async function serve(checks: ReadinessCheck[], options: Parameters<typeof readyzRoute>[1] = {}) {
  const server = new HttpServer(createLogger({ level: 'silent' })).add(healthzRoute(), readyzRoute(checks, options));
  const port = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('/healthz and /readyz', () => {
  it('/healthz answers 200 whatever the dependencies say', async () => {
    const { url, close } = await serve([{ name: 'store', check: async () => ({ ok: false, message: 'down' }) }]);
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('/readyz answers 200 when every check passes and 503 with every reason otherwise', async () => {
    let redisUp = true;
    const checks: ReadinessCheck[] = [
      { name: 'store', check: async () => (redisUp ? { ok: true, message: 'PONG' } : { ok: false, message: 'Redis at redis://127.0.0.1:6390 is not reachable: ECONNREFUSED' }) },
      { name: 'telemetry', check: async () => { throw new Error('prometheus: 401 Unauthorized'); } },
    ];
    const { url, close } = await serve(checks, { cacheMs: 0 });
    try {
      const failing = await fetch(`${url}/readyz`);
      expect(failing.status).toBe(503);
      expect(await failing.json()).toEqual({
        ready: false,
        checks: [
          { name: 'store', ok: true, message: 'PONG' },
          { name: 'telemetry', ok: false, message: 'prometheus: 401 Unauthorized' },
        ],
      });
      checks[1] = { name: 'telemetry', check: async () => ({ ok: true, message: 'ok' }) };
      redisUp = false;
      const storeDown = await fetch(`${url}/readyz`);
      expect(storeDown.status).toBe(503);
      expect(JSON.stringify(await storeDown.json())).toContain('ECONNREFUSED');
    } finally {
      await close();
    }
  });

  it('/readyz counts a check that hangs as failed after its timeout', async () => {
    const { url, close } = await serve([{ name: 'telemetry', check: () => new Promise(() => undefined) }], { timeoutMs: 100 });
    try {
      const answer = await fetch(`${url}/readyz`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ ready: false, checks: [{ name: 'telemetry', ok: false, message: 'no answer within 100 ms' }] });
    } finally {
      await close();
    }
  });

  it('/readyz reuses a recent answer instead of probing the backends on every request', async () => {
    let calls = 0;
    let time = 0;
    const { url, close } = await serve([{ name: 'store', check: async () => ({ ok: ++calls > 0, message: `call ${calls}` }) }], { cacheMs: 5000, now: () => time });
    try {
      await fetch(`${url}/readyz`);
      await fetch(`${url}/readyz`);
      expect(calls).toBe(1);
      time = 5000;
      await fetch(`${url}/readyz`);
      expect(calls).toBe(2);
    } finally {
      await close();
    }
  });
});
