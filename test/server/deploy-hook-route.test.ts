import { createHmac } from 'node:crypto';
import { MemoryChangeEventStore } from '../../src/store/memory/memory-change-event-store';
import { DeployEventsSource } from '../../src/telemetry/deploys/deploy-events-source';
import { deployHookRoute } from '../../src/server/deploy-hook-route';
import { HttpServer } from '../../src/server/http-server';
import { createLogger } from '../../src/observability/logger';

const SECRET = 'a-shared-secret-of-32-characters!';

describe('POST /hooks/deploy', () => {
  const store = new MemoryChangeEventStore(14 * 86_400_000, () => Date.parse('2024-06-18T11:00:00Z'));
  const server = new HttpServer(createLogger({ level: 'silent' })).add(deployHookRoute({ store, secret: SECRET, logger: createLogger({ level: 'silent' }), maxBodyBytes: 2048 }));
  let url = '';
  beforeAll(async () => {
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/hooks/deploy`;
  });
  afterAll(async () => server.close());
  const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('stores an authenticated deploy that the deploys source then answers', async () => {
    const event = JSON.stringify({ service: 'checkout', version: 'v1.4.2', at: '2024-06-18T10:45:00Z', description: 'raise pool size' });
    const response = await post(event, { authorization: `Bearer ${SECRET}` });
    expect(response.status).toBe(202);
    const signed = JSON.stringify({ service: 'cart', kind: 'config-change', at: '2024-06-18T10:46:00Z' });
    expect((await post(signed, { 'x-causa-signature': `sha256=${createHmac('sha256', SECRET).update(signed).digest('hex')}` })).status).toBe(202);
    const source = new DeployEventsSource(store, 'deploys', () => new Date('2024-06-18T11:00:00Z'));
    const outcome = await source.run({ name: 'event_search', params: { range: { start: '2024-06-18T10:30:00Z', end: '2024-06-18T11:00:00Z' }, limit: 10 } });
    expect(outcome.data).toMatchObject({ kind: 'event_search', totalMatches: 2, events: [{ service: 'checkout', reason: 'deploy', message: 'deployed v1.4.2 : raise pool size' }, { service: 'cart', reason: 'config-change' }] });
  });

  it('answers 401 without the secret, 400 for a bad event, 415 for non-JSON and 413 past the limit', async () => {
    expect((await post('{"service":"x"}', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('{"service":"x"}', { 'x-causa-signature': 'sha256=00' })).status).toBe(401);
    expect((await post('{"service":"x"}', {})).status).toBe(401);
    const bad = await post('{"version":"v2"}', { authorization: `Bearer ${SECRET}` });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [expect.stringMatching(/^service: /)] });
    expect((await post('{nope', { authorization: `Bearer ${SECRET}` })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', body: 'service=x', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post(JSON.stringify({ service: 'x', description: 'y'.repeat(4000) }), { authorization: `Bearer ${SECRET}` })).status).toBe(413);
  });

  it('answers 503 with Retry-After when the store cannot keep the event, so CI/CD retries', async () => {
    const failing = { add: async () => Promise.reject(new Error('Redis could not be written for change events: WRONGTYPE')), between: async () => [] };
    const broken = new HttpServer(createLogger({ level: 'silent' })).add(deployHookRoute({ store: failing, secret: SECRET, logger: createLogger({ level: 'silent' }) }));
    const port = await broken.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/hooks/deploy`, { method: 'POST', body: '{"service":"checkout"}', headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` } });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toEqual({ error: 'the change event could not be stored (Redis could not be written for change events: WRONGTYPE); retry later' });
    } finally {
      await broken.close();
    }
  });
});
