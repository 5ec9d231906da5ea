import { createLogger } from '../../src/observability/logger';
import { HttpServer } from '../../src/server/http-server';

describe('HttpServer', () => {
  const server = new HttpServer(createLogger({ level: 'silent' }));
  let base = '';

  beforeAll(async () => {
    server
      .add({ methods: ['GET'], path: '/healthz', handler: (_request, response) => void response.writeHead(200).end('ok') })
      .add({ methods: ['POST'], path: '/hooks/', handler: (request, response) => void response.writeHead(202).end(request.url) })
      .add({ methods: ['POST'], path: '/hooks/fail', handler: () => Promise.reject(new Error('boom')) });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => server.close());

  it('routes exact paths and prefixes, the longest match first', async () => {
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    const hook = await fetch(`${base}/hooks/deploy?x=1`, { method: 'POST' });
    expect(hook.status).toBe(202);
    expect(await hook.text()).toBe('/hooks/deploy?x=1');
    expect((await fetch(`${base}/hooks/fail`, { method: 'POST' })).status).toBe(500);
  });

  it('answers 404 for unknown paths and 405 with Allow for a wrong method', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const wrong = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('refuses a path registered twice', () => {
    expect(() => server.add({ methods: ['GET'], path: '/healthz', handler: () => undefined })).toThrow(/twice/);
  });
});
