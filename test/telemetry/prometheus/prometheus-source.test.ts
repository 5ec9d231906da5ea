import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusSource } from '../../../src/telemetry/prometheus';

/**
 * A stand-in for the Prometheus HTTP API: form-encoded POSTs to /api/v1/*, JSON answers in the
 * API's envelope. `handle` decides each answer; every request is recorded.
 */
async function fakePrometheus(handle: (path: string, form: URLSearchParams) => { status?: number; body: unknown; delayMs?: number }) {
  const requests: Array<{ path: string; form: URLSearchParams; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/^\/api\/v1\//, '').split('?')[0];
      const form = new URLSearchParams(raw);
      requests.push({ path, form, headers: req.headers });
      const answer = handle(path, form);
      setTimeout(() => {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const success = (data: unknown) => ({ body: { status: 'success', data } });
const range = { start: '2024-01-01T10:00:00Z', end: '2024-01-01T10:10:00Z' };

describe('PrometheusSource', () => {
  let server: Awaited<ReturnType<typeof fakePrometheus>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists services and their metrics from the series around the investigated period', async () => {
    server = await fakePrometheus((path) => {
      if (path === 'series') {
        return success([
          { __name__: 'cpu_usage_percent', service: 'checkout', instance: 'checkout-1' },
          { __name__: 'http_requests_total', service: 'checkout', instance: 'checkout-1' },
          { __name__: 'http_request_duration_seconds_bucket', service: 'checkout', le: '0.5' },
          { __name__: 'http_request_duration_seconds_count', service: 'checkout' },
          { __name__: 'memory_usage_bytes', service: 'cart' },
        ]);
      }
      if (path === 'metadata') return success({ http_requests_total: [{ type: 'counter' }] });
      return { status: 404, body: { status: 'error', errorType: 'not_found', error: 'unknown path' } };
    });
    const source = new PrometheusSource({ url: server.url, headers: { 'X-Scope-OrgID': 'shop' } });
    const catalog = await source.catalog({ around: range });
    expect(catalog).toMatchObject({ services: ['cart', 'checkout'], hasLogs: false, hasSpans: false });
    expect(catalog.metrics.checkout).toEqual(['cpu_usage_percent', 'http_request_duration_seconds_p90', 'http_request_duration_seconds_p99', 'http_requests_total']);
    const series = server.requests.find((r) => r.path === 'series');
    // `auto` looks for every known layout at once; none is present here, so the service label names services.
    expect(series?.form.getAll('match[]')).toContain('{service!=""}');
    expect(series?.form.get('start')).toBe(String(Date.parse(range.start) / 1000) + '.000');
    expect(series?.headers['x-scope-orgid']).toBe('shop');
  });

  it('offers the same period a day (or week) earlier as the fault-free baseline when configured', async () => {
    server = await fakePrometheus((path) => (path === 'series' ? success([{ __name__: 'up', service: 'cart' }]) : success({})));
    const daily = await new PrometheusSource({ url: server.url, baselineOffset: '1d' }).catalog({ around: range });
    expect(daily.baseline).toEqual({ start: '2023-12-31T10:00:00.000Z', end: '2023-12-31T10:10:00.000Z' });
    const weekly = await new PrometheusSource({ url: server.url, baselineOffset: '7d' }).catalog({ around: range });
    expect(weekly.baseline?.start).toBe('2023-12-25T10:00:00.000Z');
    expect((await new PrometheusSource({ url: server.url, baselineOffset: 'none' }).catalog({ around: range })).baseline).toBeUndefined();
    expect((await new PrometheusSource({ url: server.url }).catalog({ around: range })).baseline).toBeUndefined();
  });

  it('runs metric_range as PromQL and records the exact query, step and range in the evidence', async () => {
    server = await fakePrometheus(() =>
      success({
        resultType: 'matrix',
        result: [
          { metric: { service: 'checkout', instance: 'checkout-1' }, values: [[1704103200, '41.5'], [1704103215, '97.25']] },
          { metric: { service: 'cart', instance: 'cart-1' }, values: [[1704103200, 'NaN']] },
        ],
      }),
    );
    const source = new PrometheusSource({ url: server.url, id: 'prom' });
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'cpu_usage_percent', groupBy: 'instance', aggregation: 'avg', stepSeconds: 0, range } });
    expect(outcome.evidence).toMatchObject({
      sourceId: 'prom',
      queryName: 'metric_range',
      queryText: 'avg by (service, instance) (cpu_usage_percent{})',
      status: 'ok',
      timeRange: range,
      parameters: expect.objectContaining({ step: 15, metric: 'cpu_usage_percent' }),
      digest: { series: 2, points: 3, stepSeconds: 15 },
    });
    expect(outcome.data).toEqual({
      kind: 'metric_range',
      series: [
        { service: 'checkout', instance: 'checkout-1', metric: 'cpu_usage_percent', timestamps: [1704103200, 1704103215], values: [41.5, 97.25] },
        { service: 'cart', instance: 'cart-1', metric: 'cpu_usage_percent', timestamps: [1704103200], values: [NaN] },
      ],
    });
    const request = server.requests[0];
    expect([request.path, request.form.get('query'), request.form.get('step')]).toEqual(['query_range', 'avg by (service, instance) (cpu_usage_percent{})', '15']);
  });

  it('reports an empty answer as no_data, naming the PromQL', async () => {
    server = await fakePrometheus(() => success({ resultType: 'matrix', result: [] }));
    const outcome = await new PrometheusSource({ url: server.url }).run({ name: 'metric_range', params: { metric: 'queue_lag', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } });
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.summary).toMatch(/no samples of queue_lag .*avg by \(service\) \(queue_lag\{\}\)/);
    expect(outcome.data).toBeUndefined();
  });

  it('turns a rejected query into error evidence carrying Prometheus’ own message', async () => {
    server = await fakePrometheus(() => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": parse error' } }));
    const outcome = await new PrometheusSource({ url: server.url }).run({ name: 'metric_range', params: { metric: 'x', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } });
    expect(outcome.evidence.status).toBe('error');
    expect(outcome.evidence.summary).toBe('Prometheus answered 400 to query_range: bad_data: invalid parameter "query": parse error');
  });

  it('gives up on a backend that does not answer in time, and on one that is not there', async () => {
    server = await fakePrometheus(() => ({ ...success({ resultType: 'matrix', result: [] }), delayMs: 1000 }));
    const slow = await new PrometheusSource({ url: server.url, timeoutMs: 100 }).run({ name: 'metric_range', params: { metric: 'x', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } });
    expect(slow.evidence.status).toBe('error');
    expect(slow.evidence.summary).toMatch(/did not answer within 100 ms/);

    const gone = await new PrometheusSource({ url: 'http://127.0.0.1:9', timeoutMs: 2000 }).run({ name: 'metric_catalog', params: {} });
    expect(gone.evidence.status).toBe('error');
    expect(gone.evidence.summary).toMatch(/unreachable/);
    expect(await new PrometheusSource({ url: 'http://127.0.0.1:9', timeoutMs: 2000 }).health()).toMatchObject({ ok: false });
  });

  it('derives the call graph from a service-mesh request metric when configured', async () => {
    server = await fakePrometheus(() =>
      success({
        resultType: 'vector',
        result: [
          { metric: { source_workload: 'frontend', destination_workload: 'checkout' }, value: [1704103800, '1'] },
          { metric: { source_workload: 'checkout', destination_workload: 'payments' }, value: [1704103800, '1'] },
          { metric: { source_workload: 'unknown', destination_workload: 'frontend' }, value: [1704103800, '1'] },
          { metric: { source_workload: 'checkout', destination_workload: 'checkout' }, value: [1704103800, '1'] },
        ],
      }),
    );
    const callGraph = { metric: 'istio_requests_total', callerLabel: 'source_workload', calleeLabel: 'destination_workload' };
    const source = new PrometheusSource({ url: server.url, callGraph });
    expect(source.capabilities().map((c) => c.name)).toContain('topology');
    const outcome = await source.run({ name: 'topology', params: { range } });
    expect(outcome.evidence).toMatchObject({ status: 'ok', queryText: 'group by (source_workload, destination_workload) (last_over_time(istio_requests_total[600s]))' });
    expect(outcome.data).toEqual({
      kind: 'topology',
      services: ['checkout', 'frontend', 'payments'],
      calls: [{ from: 'checkout', to: 'payments' }, { from: 'frontend', to: 'checkout' }],
      origin: 'derived',
    });
    expect(server.requests[0].form.get('time')).toBe(String(Date.parse(range.end) / 1000) + '.000');
    expect(outcome.evidence.summary).toMatch(/^call graph from istio_requests_total \(configured\)/);
  });

  it('answers queries it cannot run, and malformed ones, with error evidence instead of throwing', async () => {
    const source = new PrometheusSource({ url: 'http://127.0.0.1:9' });
    const logs = await source.run({ name: 'log_search', params: { range, limit: 10 } });
    expect(logs.evidence).toMatchObject({ status: 'error', queryName: 'log_search' });
    expect(logs.evidence.summary).toMatch(/answers metric_range, metric_catalog and topology/);
    const bad = await source.run({ name: 'metric_range', params: { metric: '', range } } as never);
    expect(bad.evidence.status).toBe('error');
    expect(bad.evidence.summary).toMatch(/invalid metric_range query: params.metric/);
  });
});
