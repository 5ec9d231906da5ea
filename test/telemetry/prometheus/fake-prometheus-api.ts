import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake saw: the API path (after /api/v1/) and its form or query parameters. */
export interface SeenPrometheusRequest {
  path: string;
  form: URLSearchParams;
}

/**
 * A stand-in for the Prometheus HTTP API answering in its envelope (`{status, data}`), with the
 * response shapes of its documentation: `series` (label sets), `metadata`, `query` (vector, or a
 * matrix of raw samples for a range selector) and `query_range` (matrix). `answer` decides each
 * response; every request is recorded.
 */
export async function fakePrometheusApi(answer: (request: SeenPrometheusRequest) => unknown) {
  const requests: SeenPrometheusRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request = { path: url.pathname.replace(/^\/api\/v1\//, ''), form: raw ? new URLSearchParams(raw) : url.searchParams };
      requests.push(request);
      const data = answer(request);
      const body = data === undefined ? { status: 'error', errorType: 'bad_data', error: 'unexpected request' } : { status: 'success', data };
      res.writeHead(data === undefined ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
