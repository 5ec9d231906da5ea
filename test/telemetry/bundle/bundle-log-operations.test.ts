import { templateOf } from '../../../src/core/analysis/log-template';
import type { LogTemplateCountsResult } from '../../../src/core/telemetry/query-results';
import type { TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const T = (hms: string): string => `2024-03-01T${hms}Z`;
const span = (traceId: string, spanId: string, parentSpanId: string | null, service: string, operation: string, hms: string) => ({
  traceId,
  spanId,
  parentSpanId,
  service,
  operation,
  start: T(hms),
  durationMs: 5,
});
const log = (hms: string, service: string, message: string, traceId: string | null = null, spanId: string | null = null) => ({
  ts: T(hms),
  service,
  level: 'INFO',
  message,
  traceId,
  spanId,
});

// Span ids repeat across traces ("s1" is GET /cart in t1 but POST /checkout in t2).
const SPANS = [
  span('t1', 's1', null, 'frontend', 'GET /cart', '10:00:00.000'),
  span('t1', 's2', 's1', 'carts', 'getCart', '10:00:00.010'),
  span('t2', 's1', null, 'frontend', 'POST /checkout', '10:00:05.000'),
  span('t2', 's2', 's1', 'carts', 'getCart', '10:00:05.010'),
  span('t4', 's1', null, 'carts', 'getCart', '10:00:20.000'),
  span('t3', 's1', null, 'frontend', 'GET /cart', '10:00:40.000'),
];
const LOGS = [
  log('10:00:00.050', 'frontend', 'request 1 served in 12 ms', 't1', 's1'),
  log('10:00:00.060', 'carts', 'cart 17 loaded', 't1', 's2'),
  log('10:00:00.070', 'carts', 'cart 19 loaded', 't1', 's1'), // span of another service: no operation
  log('10:00:05.500', 'frontend', 'request 2 served in 30 ms', 't2', 's1'),
  log('10:00:05.600', 'carts', 'cart 18 loaded', 't2', 's2'),
  log('10:00:09.000', 'carts', 'cache warmed'),
  log('10:00:03.000', 'carts', 'cache warmed'), // out of time order
  log('10:00:12.000', 'carts', 'cart 20 loaded', 't9', 's9'), // unknown span
  log('10:00:40.100', 'frontend', 'request 3 served in 9 ms', 't3', 's1'),
];
const CART = templateOf('cart 17 loaded');
const REQUEST = templateOf('request 1 served in 12 ms');
const WARMED = templateOf('cache warmed');
const RANGE = { start: T('10:00:00'), end: T('10:00:30') };

type Outcome = { status: string; summary: string; digest: Record<string, number>; data: LogTemplateCountsResult };

async function run(source: BundleSource, params: Record<string, unknown>): Promise<Outcome> {
  const outcome = await source.run({ name: 'log_template_counts', params } as TelemetryQuery);
  return { ...outcome.evidence, data: outcome.data as LogTemplateCountsResult };
}

let bundle: BundleSource;
beforeAll(() => {
  bundle = new BundleSource({ dir: writeBundle({ logs: LOGS, spans: SPANS, gzip: ['spans.jsonl'] }) });
});

describe('log_template_counts grouped by operation', () => {
  it("attributes each line to its span's operation, keeping unjoinable lines as operation null", async () => {
    const result = await run(bundle, { groupBy: 'operation', range: RANGE });
    const rows = result.data.templates.map((item) => [item.service, item.operation, item.template, item.count, item.firstSeen, item.lastSeen]);
    expect(rows).toEqual([
      ['carts', 'getCart', CART, 2, T('10:00:00.060'), T('10:00:05.600')],
      ['carts', null, WARMED, 2, T('10:00:03.000'), T('10:00:09.000')],
      ['carts', null, CART, 2, T('10:00:00.070'), T('10:00:12.000')],
      ['frontend', 'GET /cart', REQUEST, 1, T('10:00:00.050'), T('10:00:00.050')],
      ['frontend', 'POST /checkout', REQUEST, 1, T('10:00:05.500'), T('10:00:05.500')],
    ]);
    expect(result.data.linesPerService).toEqual({ carts: 6, frontend: 2 });
    expect(result.digest).toMatchObject({ lines: 8, templates: 5, operations: 3, unattributedLines: 4, spans: 5, spanOperations: 3 });
    expect(result.summary).toMatch(/^8 log lines in 5 templates across 2 services and 3 operations \(4 lines without a span\)/);
    expect(result.summary).toContain('top: carts getCart "');
  });

  it('counts spans per operation in the same bucket-aligned window as the log counts', async () => {
    const result = await run(bundle, { groupBy: 'operation', range: RANGE });
    expect(result.data.spansPerOperation).toEqual([
      { service: 'carts', operation: 'getCart', count: 3 },
      { service: 'frontend', operation: 'GET /cart', count: 1 },
      { service: 'frontend', operation: 'POST /checkout', count: 1 },
    ]);
    const later = await run(bundle, { service: 'frontend', groupBy: 'operation', range: { start: T('10:00:35'), end: T('10:00:45') } });
    expect(later.data.spansPerOperation).toEqual([{ service: 'frontend', operation: 'GET /cart', count: 1 }]);
    expect(later.data.templates.map((item) => [item.operation, item.count])).toEqual([['GET /cart', 1]]);
  });

  it('merges operations back together when grouping by service, widening first/last seen', async () => {
    const result = await run(bundle, { range: RANGE });
    expect(result.data.templates).toEqual([
      { service: 'carts', template: CART, level: 'INFO', count: 4, example: 'cart 17 loaded', firstSeen: T('10:00:00.060'), lastSeen: T('10:00:12.000') },
      { service: 'carts', template: WARMED, level: 'INFO', count: 2, example: 'cache warmed', firstSeen: T('10:00:03.000'), lastSeen: T('10:00:09.000') },
      {
        service: 'frontend',
        template: REQUEST,
        level: 'INFO',
        count: 2,
        example: 'request 1 served in 12 ms',
        firstSeen: T('10:00:00.050'),
        lastSeen: T('10:00:05.500'),
      },
    ]);
    expect(result.digest).not.toHaveProperty('operations');
    expect(result.data.spansPerOperation).toHaveLength(3);
  });

  it('shows groupBy in the query text', async () => {
    const outcome = await bundle.run({ name: 'log_template_counts', params: { groupBy: 'operation', range: RANGE } } as TelemetryQuery);
    expect(outcome.evidence.queryText).toMatch(/^log_template_counts groupBy=operation limit=200 \[2024-03-01T10:00:00Z, 2024-03-01T10:00:30Z\] bundle=/);
  });

  it('gives every line operation null when the bundle has no spans', async () => {
    const logsOnly = new BundleSource({ dir: writeBundle({ logs: LOGS }) });
    const result = await run(logsOnly, { service: 'frontend', groupBy: 'operation', range: RANGE });
    expect(result.status).toBe('ok');
    expect(result.data.templates.map((item) => [item.operation, item.count])).toEqual([[null, 2]]);
    expect(result.data.spansPerOperation).toBeUndefined();
    expect(result.summary).toContain('the bundle has no readable spans to join');
  });

  it('keeps service grouping working when spans.jsonl is corrupt, but reports it when operations are asked for', async () => {
    const corrupt = new BundleSource({ dir: writeBundle({ logs: LOGS, spans: '{"traceId": "t1"\n' }) });
    const byService = await run(corrupt, { range: RANGE });
    expect(byService.status).toBe('ok');
    expect(byService.digest.lines).toBe(8);
    expect(byService.data.spansPerOperation).toBeUndefined();
    const byOperation = await run(corrupt, { groupBy: 'operation', range: RANGE });
    expect(byOperation.status).toBe('error');
    expect(byOperation.summary).toMatch(/cannot read the bundle: .*spans\.jsonl/);
  });
});
