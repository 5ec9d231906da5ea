import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import type { HttpRoute } from '../../src/server/http-route';
import { HttpServer } from '../../src/server/http-server';
import { requireStore } from '../../src/server/store-guard';
import { StoreProbe } from '../../src/server/store-probe';

const BOUND_MS = 200;
const REUSE_MS = 300;

/**
 * A store as the guard sees it: whether its client says it is connected, and a PING that answers
 * after `delayMs`, fails, or never answers.
 */
class FakeStore {
  connected = true;
  mode: 'answers' | 'fails' | 'silent' = 'answers';
  delayMs = 0;
  pings = 0;

  readonly ping = (): Promise<void> => {
    this.pings++;
    if (this.mode === 'silent') return new Promise(() => undefined);
    if (this.mode === 'fails') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    return new Promise((resolve) => setTimeout(resolve, this.delayMs));
  };
}

describe('requireStore', () => {
  let store: FakeStore;
  let server: HttpServer;
  let logs: string[];
  let handled: number;
  let url: string;

  beforeEach(async () => {
    store = new FakeStore();
    logs = [];
    handled = 0;
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) }) });
    const probe = new StoreProbe({ ping: store.ping, timeoutMs: BOUND_MS, reuseMs: REUSE_MS });
    const route: HttpRoute = {
      methods: ['POST'],
      path: '/slack/',
      handler: (_request, response) => {
        handled++;
        response.writeHead(200).end('ok');
      },
    };
    server = new HttpServer(createLogger({ level: 'silent' })).add(requireStore(route, { available: () => store.connected, probe, logger }));
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/slack/events`;
  });
  afterEach(() => server.close());

  const post = async (body = '{"type":"event_callback"}') => {
    const started = Date.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text(), elapsedMs: Date.now() - started };
  };
  const refusals = () => logs.filter((line) => line.includes('a chat request is refused'));

  it('hands a request to the surface when the store answers', async () => {
    const answer = await post();
    expect(answer).toMatchObject({ status: 200, text: 'ok' });
    expect(handled).toBe(1);
    expect(store.pings).toBe(1);
    expect(refusals()).toHaveLength(0);
  });

  it('refuses a request with 503 + Retry-After within the bound when the store does not answer, and says so once in the log', async () => {
    store.mode = 'silent';
    const refused = await post('x'.repeat(256 * 1024));
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(refused.text).toMatch(/store \(Redis\) is unreachable/);
    expect(refused.elapsedMs).toBeGreaterThanOrEqual(BOUND_MS - 20);
    expect(refused.elapsedMs).toBeLessThan(BOUND_MS + 1_000);
    expect(handled).toBe(0);
    expect(refusals()).toHaveLength(1);
    const line = JSON.parse(refusals()[0]);
    // 40 is pino's warn.
    expect(line).toMatchObject({ level: 40, path: '/slack/events', reason: `no answer within ${BOUND_MS} ms` });
  });

  it('refuses a request when the PING fails, with the reason in the log', async () => {
    store.mode = 'fails';
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(handled).toBe(0);
    expect(JSON.parse(refusals()[0]).reason).toBe('connect ECONNREFUSED 127.0.0.1:6379');
  });

  it('refuses at once, without a PING or a log line, while the client says it is not connected', async () => {
    store.connected = false;
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(store.pings).toBe(0);
    expect(handled).toBe(0);
    expect(refusals()).toHaveLength(0);
  });

  it('lets concurrent requests share one PING', async () => {
    store.delayMs = 50;
    const answers = await Promise.all(Array.from({ length: 5 }, () => post()));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(store.pings).toBe(1);
    expect(handled).toBe(5);
  });

  it('reuses a recent answer, and asks again once it is older than the reuse window', async () => {
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect(store.pings).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, REUSE_MS + 50));
    store.mode = 'silent';
    expect((await post()).status).toBe(503);
    expect(store.pings).toBe(2);
  });
});
