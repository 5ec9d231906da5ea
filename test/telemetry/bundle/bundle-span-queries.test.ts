import type { CallStatsResult, OperationShapeResult, SpanSearchResult, SpanStatsResult, TopologyResult } from '../../../src/core/telemetry/query-results';
import type { TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, spanRecord, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const span = spanRecord;

// Trace t1: frontend → frontend → orders → db ×2 (the second db call outlives its parent).
// Trace t2 reuses span ids "a"/"b" and lists the child before its parent.
const SPANS = [
  span('t1', 'a1', null, 'frontend', 'GET /checkout', 0, 100),
  span('t1', 'b1', 'a1', 'frontend', 'HTTP POST', 10, 80),
  span('t1', 'c1', 'b1', 'orders', 'POST /orders', 20, 60),
  span('t1', 'd1', 'c1', 'db', 'SELECT', 30, 20),
  span('t1', 'e1', 'c1', 'db', 'SELECT', 70, 20),
  span('t2', 'b', 'a', 'orders', 'POST /orders', 1005, 30),
  span('t2', 'a', null, 'frontend', 'GET /checkout', 1000, 50, { error: true }),
];
const RANGE = { start: '2024-03-01T10:00:00Z', end: '2024-03-01T10:01:00Z' };

let bundle: BundleSource;
beforeAll(() => {
  bundle = new BundleSource({ dir: writeBundle({ spans: SPANS, gzip: ['spans.jsonl'] }) });
});

async function data<T>(query: unknown): Promise<T> {
  const outcome = await bundle.run(query as TelemetryQuery);
  expect(outcome.evidence.status).toBe('ok');
  return outcome.data as T;
}

describe('span_stats', () => {
  it('computes latency percentiles, errors and self time per service', async () => {
    const result = await data<SpanStatsResult>({ name: 'span_stats', params: { range: RANGE } });
    expect(result.groups).toEqual([
      { service: 'frontend', count: 3, errorCount: 1, p50Ms: 80, p90Ms: 96, p99Ms: 99.6, meanMs: 76.667, meanSelfMs: 20, totalSelfMs: 60 },
      { service: 'orders', count: 2, errorCount: 0, p50Ms: 45, p90Ms: 57, p99Ms: 59.7, meanMs: 45, meanSelfMs: 30, totalSelfMs: 60 },
      { service: 'db', count: 2, errorCount: 0, p50Ms: 20, p90Ms: 20, p99Ms: 20, meanMs: 20, meanSelfMs: 20, totalSelfMs: 40 },
    ]);
  });

  it('groups by operation within one service', async () => {
    const result = await data<SpanStatsResult>({ name: 'span_stats', params: { service: 'frontend', groupBy: 'operation', range: RANGE } });
    expect(result.groups.map((group) => [group.operation, group.count, group.totalSelfMs])).toEqual([
      ['GET /checkout', 2, 40],
      ['HTTP POST', 1, 20],
    ]);
  });

  it('counts only spans starting in the range', async () => {
    const result = await data<SpanStatsResult>({ name: 'span_stats', params: { range: { start: RANGE.start, end: '2024-03-01T10:00:00.500Z' } } });
    // Sorted by total self time: db 40, frontend 40 (a1 + b1), orders 30 (c1).
    expect(result.groups.map((group) => [group.service, group.count, group.totalSelfMs])).toEqual([
      ['db', 2, 40],
      ['frontend', 2, 40],
      ['orders', 1, 30],
    ]);
  });

  it('answers no_data outside the traced period', async () => {
    const outcome = await bundle.run({ name: 'span_stats', params: { groupBy: 'service', range: { start: '2024-03-01T09:00:00Z', end: '2024-03-01T09:59:59Z' } } });
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.summary).toContain("outside the bundle's span data");
  });
});

describe('call_stats', () => {
  it('compares client (parent) and server (child) durations per service edge', async () => {
    const result = await data<CallStatsResult>({ name: 'call_stats', params: { range: RANGE } });
    expect(result.edges).toEqual([
      { caller: 'frontend', callee: 'orders', count: 2, meanClientMs: 65, meanServerMs: 45, meanGapMs: 20, p50GapMs: 20, p90GapMs: 20 },
      { caller: 'orders', callee: 'db', count: 2, meanClientMs: 60, meanServerMs: 20, meanGapMs: 40, p50GapMs: 40, p90GapMs: 40 },
    ]);
    const toDb = await data<CallStatsResult>({ name: 'call_stats', params: { callee: 'db', range: RANGE } });
    expect(toDb.edges.map((edge) => edge.caller)).toEqual(['orders']);
  });

  it('splits each edge into time buckets on request, listing only buckets with calls', async () => {
    const result = await data<CallStatsResult>({ name: 'call_stats', params: { caller: 'frontend', range: RANGE, stepSeconds: 1 } });
    expect(result.edges[0].buckets).toEqual([
      { start: '2024-03-01T10:00:00.000Z', count: 1, p50GapMs: 20, meanServerMs: 60 },
      { start: '2024-03-01T10:00:01.000Z', count: 1, p50GapMs: 20, meanServerMs: 30 },
    ]);
    const plain = await data<CallStatsResult>({ name: 'call_stats', params: { range: RANGE } });
    expect(plain.edges[0]).not.toHaveProperty('buckets');
  });

  it('reports the median gap, which one slow call does not drag up like the mean', async () => {
    // Gaps 10, 12 and 50 ms: mean 24, median 12, p90 42.4 (linear interpolation).
    const calls = [
      [100, 90],
      [200, 188],
      [300, 250],
    ].flatMap(([client, server], i) => [
      span(`g${i}`, 'p', null, 'gateway', 'GET /', i * 1000, client),
      span(`g${i}`, 'c', 'p', 'search', 'query', i * 1000 + 1, server),
    ]);
    const skewed = new BundleSource({ dir: writeBundle({ spans: calls }) });
    const outcome = await skewed.run({ name: 'call_stats', params: { range: RANGE } });
    expect((outcome.data as CallStatsResult).edges).toEqual([
      { caller: 'gateway', callee: 'search', count: 3, meanClientMs: 200, meanServerMs: 176, meanGapMs: 24, p50GapMs: 12, p90GapMs: 42.4 },
    ]);
  });
});

describe('operation_shape', () => {
  it('lists each operation with its direct calls in the order they start', async () => {
    const result = await data<OperationShapeResult>({ name: 'operation_shape', params: { range: RANGE } });
    const checkout = result.operations.find((o) => o.operation === 'GET /checkout');
    expect(checkout).toEqual({
      service: 'frontend',
      operation: 'GET /checkout',
      count: 2,
      errorCount: 1,
      p50Ms: 75,
      p25Ms: 62.5,
      calls: [
        { service: 'orders', operation: 'POST /orders', count: 1, errorCount: 0, p50Ms: 30, meanOffsetMs: 5, callers: 1 },
        { service: 'frontend', operation: 'HTTP POST', count: 1, errorCount: 0, p50Ms: 80, meanOffsetMs: 10, callers: 1 },
      ],
    });
    const orders = result.operations.find((o) => o.operation === 'POST /orders');
    // One execution made both queries: two calls, one execution that made them.
    expect(orders?.calls).toEqual([{ service: 'db', operation: 'SELECT', count: 2, errorCount: 0, p50Ms: 20, meanOffsetMs: 30, callers: 1 }]);
    expect(result.operations.find((o) => o.service === 'db')?.calls).toEqual([]);
  });

  it('keeps to one service, and says when it recorded no spans', async () => {
    const result = await data<OperationShapeResult>({ name: 'operation_shape', params: { service: 'orders', range: RANGE } });
    expect(result.operations.map((o) => [o.service, o.operation, o.calls.length])).toEqual([['orders', 'POST /orders', 1]]);
    const unknown = await bundle.run({ name: 'operation_shape', params: { service: 'nope', range: RANGE } });
    expect(unknown.evidence.status).toBe('no_data');
  });
});

describe('span_search', () => {
  it('filters by duration, operation, service and trace, in file order', async () => {
    const slow = await data<SpanSearchResult>({ name: 'span_search', params: { minDurationMs: 55, range: RANGE } });
    expect(slow.spans.map((item) => item.spanId)).toEqual(['a1', 'b1', 'c1']);
    const posts = await data<SpanSearchResult>({ name: 'span_search', params: { operation: 'post', limit: 2, range: RANGE } });
    expect(posts.totalMatches).toBe(3);
    expect(posts.spans.map((item) => item.spanId)).toEqual(['b1', 'c1']);
    const trace = await data<SpanSearchResult>({ name: 'span_search', params: { traceId: 't2', service: 'frontend', range: RANGE } });
    expect(trace.spans).toEqual([{ ...SPANS[6] }]);
  });
});

describe('topology', () => {
  it('derives caller→callee pairs from spans when no topology.json exists', async () => {
    const result = await data<TopologyResult>({ name: 'topology', params: {} });
    expect(result).toEqual({
      kind: 'topology',
      services: ['db', 'frontend', 'orders'],
      calls: [
        { from: 'frontend', to: 'orders' },
        { from: 'orders', to: 'db' },
      ],
      origin: 'derived',
    });
  });

  it('returns the recorded topology with its placement', async () => {
    const topology = { services: ['a', 'b'], calls: [{ from: 'a', to: 'b' }], placement: { 'a-0': 'node-1', 'b-0': 'node-1' } };
    const given = new BundleSource({ dir: writeBundle({ topology, spans: SPANS }) });
    const outcome = await given.run({ name: 'topology', params: {} });
    expect(outcome.data).toEqual({ kind: 'topology', ...topology, origin: 'given' });
    expect(outcome.evidence.digest).toEqual({ services: 2, calls: 1, placedInstances: 2 });
  });

  it('answers no_data without topology.json and spans', async () => {
    const bare = new BundleSource({ dir: writeBundle({ metrics: 'timestamp,service,instance,metric,value\n' }) });
    const outcome = await bare.run({ name: 'topology', params: {} });
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.queryText).toMatch(/^topology bundle=\//);
  });
});
