import { BundleError } from '../../../src/core/errors';
import type { EventSearchResult } from '../../../src/core/telemetry/query-results';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { caseJson, removeBundles, sec, WINDOW, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const METRICS = [
  'timestamp,service,instance,metric,value',
  `${sec('2024-03-01T10:00:00Z')},carts,,cpu_usage_percent,1`,
  `${sec('2024-03-01T10:00:00Z')},"orders",orders-0,memory_mb,2`,
].join('\n');
const LOGS = [{ ts: '2024-03-01T10:00:01.000Z', service: 'checkout', level: 'INFO', message: 'hello', traceId: null, spanId: null }];
const SPANS = [{ traceId: 't', spanId: 's', parentSpanId: null, service: 'gateway', operation: 'GET /', start: '2024-03-01T10:00:02Z', durationMs: 3 }];
const EVENTS = [
  { ts: '2024-03-01T10:03:00Z', service: 'orders', instance: 'orders-0', reason: 'oom-killed', message: 'container orders was OOM-killed', attributes: { limitMb: 512 } },
  { ts: '2024-03-01T10:04:00Z', service: 'orders', reason: 'deploy', message: 'orders v2 rolled out' },
];
const RANGE = { start: WINDOW.start, end: WINDOW.end };

describe('BundleSource', () => {
  it('catalogs services from every signal, the window and the baseline', async () => {
    const source = new BundleSource({
      dir: writeBundle({ metrics: METRICS, logs: LOGS, spans: SPANS, events: EVENTS, topology: { services: ['frontend'], calls: [] } }),
    });
    expect(await source.catalog()).toEqual({
      services: ['carts', 'checkout', 'frontend', 'gateway', 'orders'],
      metrics: { carts: ['cpu_usage_percent'], orders: ['memory_mb'] },
      window: WINDOW,
      alertAt: '2024-03-01T10:05:00Z',
      baseline: { start: '2024-03-01T09:00:00Z', end: '2024-03-01T09:05:00Z' },
      hasLogs: true,
      hasSpans: true,
      hasEvents: true,
      hasTopology: true,
    });
    expect(source.capabilities().map((query) => query.name)).toHaveLength(10);
    expect(source.case.id).toBe('case-1');
  });

  it('offers only the queries its files can answer and omits a null baseline', async () => {
    const source = new BundleSource({ dir: writeBundle({ case: caseJson({ baseline: null }), metrics: METRICS }) });
    expect(source.capabilities().map((query) => query.name)).toEqual(['metric_range', 'metric_catalog']);
    const catalog = await source.catalog();
    expect(catalog.baseline).toBeUndefined();
    expect(catalog).toMatchObject({ hasLogs: false, hasSpans: false, hasEvents: false, hasTopology: false });
    expect(await source.health()).toEqual({ ok: true, message: expect.stringContaining('bundle case-1 (simulated-shop)') });
  });

  it('searches events by text in reason or message', async () => {
    const source = new BundleSource({ dir: writeBundle({ events: EVENTS, gzip: ['events.jsonl'] }) });
    const outcome = await source.run({ name: 'event_search', params: { text: 'OOM', range: RANGE, limit: 10 } });
    expect((outcome.data as EventSearchResult).events).toEqual([
      { ts: '2024-03-01T10:03:00Z', service: 'orders', instance: 'orders-0', reason: 'oom-killed', message: 'container orders was OOM-killed', attributes: { limitMb: 512 } },
    ]);
    expect(outcome.evidence.summary).toBe('1 events in [2024-03-01T10:00:00Z, 2024-03-01T10:10:00Z]; reasons: oom-killed');
    const early = await source.run({ name: 'event_search', params: { range: { start: WINDOW.start, end: '2024-03-01T10:01:00Z' }, limit: 10 } });
    expect(early.evidence.status).toBe('no_data');
  });

  it('numbers evidence E1, E2, … by default and uses its source id', async () => {
    const source = new BundleSource({ dir: writeBundle({ metrics: METRICS }), id: 'recorded' });
    const first = await source.run({ name: 'metric_catalog', params: {} });
    const second = await source.run({ name: 'topology', params: {} });
    expect([first.evidence.id, second.evidence.id]).toEqual(['E1', 'E2']);
    expect(first.evidence.sourceId).toBe('recorded');
    expect(first.evidence.timeRange).toEqual(WINDOW);
  });

  it('turns a corrupt file into error evidence naming file and line, and validate() into a BundleError', async () => {
    const dir = writeBundle({ metrics: `${METRICS}\n1709287260,carts\n` });
    const source = new BundleSource({ dir });
    const outcome = await source.run({ name: 'metric_catalog', params: {} });
    expect(outcome.evidence.status).toBe('error');
    expect(outcome.evidence.summary).toBe(`cannot read the bundle: ${dir}/metrics.csv:4: expected 5 columns, found 2`);
    await expect(source.validate()).rejects.toThrow(BundleError);
    await expect(source.validate()).rejects.toMatchObject({ file: `${dir}/metrics.csv`, line: 4 });
  });

  it('answers an already aborted query with error evidence', async () => {
    const source = new BundleSource({ dir: writeBundle({ logs: LOGS }) });
    const controller = new AbortController();
    controller.abort();
    const outcome = await source.run({ name: 'log_search', params: { range: RANGE, limit: 5 } }, { signal: controller.signal });
    expect(outcome.evidence.status).toBe('error');
    expect(outcome.evidence.summary).toContain('aborted');
  });

  it('throws a BundleError from the constructor when case.json is missing', () => {
    expect(() => new BundleSource({ dir: writeBundle({ case: null }) })).toThrow(/case\.json: missing/);
  });
});
