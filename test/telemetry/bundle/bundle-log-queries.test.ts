import { templateOf } from '../../../src/core/analysis/log-template';
import type { LogSearchResult, LogTemplateCountsResult } from '../../../src/core/telemetry/query-results';
import type { TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const T = (hms: string): string => `2024-03-01T${hms}Z`;
const log = (hms: string, service: string, level: string | null, message: string) => ({
  ts: T(`${hms}.250`),
  service,
  instance: `${service}-0`,
  level,
  message,
  traceId: null,
  spanId: null,
});

const LOGS = [
  log('10:00:01', 'checkout', 'ERROR', 'payment failed for order 123 after 3 retries'),
  log('10:00:02', 'checkout', 'ERROR', 'payment failed for order 456 after 2 retries'),
  log('10:00:03', 'checkout', 'INFO', 'order 789 created'),
  log('10:00:15', 'carts', 'WARN', 'cache miss for key 42'),
  log('10:00:25', 'checkout', 'ERROR', 'payment failed for order 999 after 1 retries'),
  log('10:01:30', 'checkout', 'ERROR', 'payment failed for order 1000 after 5 retries'),
];
const PAYMENT = templateOf(LOGS[0].message);

let bundle: BundleSource;
beforeAll(() => {
  bundle = new BundleSource({ dir: writeBundle({ logs: LOGS, gzip: ['logs.jsonl'] }) });
});

async function run<T>(query: unknown): Promise<{ status: string; summary: string; data: T; digest: Record<string, number> }> {
  const outcome = await bundle.run(query as TelemetryQuery);
  return { ...outcome.evidence, data: outcome.data as T };
}

describe('log_template_counts', () => {
  it('counts templates per service and level, largest first, with an example line', async () => {
    const result = await run<LogTemplateCountsResult>({ name: 'log_template_counts', params: { range: { start: T('10:00:00'), end: T('10:00:30') } } });
    expect(result.data.templates).toEqual([
      { service: 'checkout', template: PAYMENT, level: 'ERROR', count: 3, example: LOGS[0].message, firstSeen: T('10:00:01.250'), lastSeen: T('10:00:25.250') },
      {
        service: 'carts',
        template: templateOf('cache miss for key 42'),
        level: 'WARN',
        count: 1,
        example: 'cache miss for key 42',
        firstSeen: T('10:00:15.250'),
        lastSeen: T('10:00:15.250'),
      },
      {
        service: 'checkout',
        template: templateOf('order 789 created'),
        level: 'INFO',
        count: 1,
        example: 'order 789 created',
        firstSeen: T('10:00:03.250'),
        lastSeen: T('10:00:03.250'),
      },
    ]);
    expect(result.data.linesPerService).toEqual({ checkout: 4, carts: 1 });
    expect(result.digest).toMatchObject({ lines: 5, templates: 3, distinctTemplates: 3, services: 2 });
  });

  it('filters by level (any case) while still counting all lines per service', async () => {
    const result = await run<LogTemplateCountsResult>({
      name: 'log_template_counts',
      params: { level: 'error', range: { start: T('10:00:00'), end: T('10:05:00') } },
    });
    expect(result.data.templates.map((item) => [item.template, item.count])).toEqual([[PAYMENT, 4]]);
    expect(result.data.linesPerService).toEqual({ checkout: 5, carts: 1 });
    expect(result.summary).toMatch(/^4 error log lines in 1 templates across 1 services/);
  });

  it('excludes the bucket that starts where the range ends and honours the per-service limit', async () => {
    const result = await run<LogTemplateCountsResult>({
      name: 'log_template_counts',
      params: { service: 'checkout', limit: 1, range: { start: T('10:00:00'), end: T('10:00:20') } },
    });
    expect(result.data.templates.map((item) => [item.template, item.count, item.lastSeen])).toEqual([[PAYMENT, 2, T('10:00:02.250')]]);
    expect(result.data.linesPerService).toEqual({ checkout: 3 });
  });

  it('answers no_data outside the logged period and for a service without logs', async () => {
    const outside = await run({ name: 'log_template_counts', params: { range: { start: T('11:00:00'), end: T('11:05:00') } } });
    expect(outside.status).toBe('no_data');
    expect(outside.summary).toContain("outside the bundle's log data [2024-03-01T10:00:01.250Z, 2024-03-01T10:01:30.250Z]");
    const silent = await run({ name: 'log_template_counts', params: { service: 'payments', range: { start: T('10:00:00'), end: T('10:05:00') } } });
    expect(silent.status).toBe('no_data');
    expect(silent.summary).toContain('services with logs: carts, checkout');
  });
});

describe('log_search', () => {
  const RANGE = { start: T('10:00:00'), end: T('10:05:00') };

  it('returns the first `limit` matches and counts them all', async () => {
    const result = await run<LogSearchResult>({ name: 'log_search', params: { text: 'PAYMENT failed', limit: 2, range: RANGE } });
    expect(result.data.totalMatches).toBe(4);
    expect(result.data.lines).toEqual([
      { ts: LOGS[0].ts, service: 'checkout', instance: 'checkout-0', level: 'ERROR', message: LOGS[0].message, traceId: null, spanId: null },
      { ts: LOGS[1].ts, service: 'checkout', instance: 'checkout-0', level: 'ERROR', message: LOGS[1].message, traceId: null, spanId: null },
    ]);
    expect(result.summary).toBe('4 matching log lines in [2024-03-01T10:00:00Z, 2024-03-01T10:05:00Z] (first 2 returned); most from checkout (4)');
  });

  it('filters by regex, level, service and range', async () => {
    const byRegex = await run<LogSearchResult>({ name: 'log_search', params: { regex: 'order \\d{4} ', range: RANGE } });
    expect(byRegex.data.lines.map((line) => line.message)).toEqual([LOGS[5].message]);
    const byLevel = await run<LogSearchResult>({ name: 'log_search', params: { level: 'warn', service: 'carts', range: RANGE } });
    expect(byLevel.data.totalMatches).toBe(1);
    const early = await run<LogSearchResult>({ name: 'log_search', params: { range: { start: T('10:00:02'), end: T('10:00:03.250') } } });
    expect(early.data.lines.map((line) => line.message)).toEqual([LOGS[1].message, LOGS[2].message]);
  });

  it('reports an invalid regex as an error', async () => {
    const result = await run({ name: 'log_search', params: { regex: '(unclosed', range: RANGE } });
    expect(result.status).toBe('error');
    expect(result.summary).toContain('invalid regex');
  });

  it('matches on RE2, which has no backtracking, so a pattern cannot take exponential time on a line', async () => {
    // (a+)+ and backreferences make JavaScript's engine backtrack exponentially; RE2 runs the first
    // in linear time and has no backreferences or lookaround at all.
    const nested = await run<LogSearchResult>({ name: 'log_search', params: { regex: '(o+)+rder', range: RANGE } });
    expect(nested.status).toBe('ok');
    for (const regex of ['(a)\\1', '(?=order)order']) {
      const refused = await run({ name: 'log_search', params: { regex, range: RANGE } });
      expect([regex, refused.status]).toEqual([regex, 'error']);
      expect(refused.summary).toMatch(/^invalid regex \(.*\); use RE2 syntax: no backreferences or lookaround$/);
    }
  });

  it('answers no_data on a bundle without logs', async () => {
    const noLogs = new BundleSource({ dir: writeBundle({ metrics: 'timestamp,service,instance,metric,value\n' }) });
    const outcome = await noLogs.run({ name: 'log_search', params: { range: RANGE, limit: 10 } });
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.summary).toMatch(/has no logs: neither logs\.jsonl nor logs\.jsonl\.gz exists/);
  });
});
