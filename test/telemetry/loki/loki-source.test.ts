import { EvidenceSchema } from '../../../src/core/investigation/evidence-schema';
import { templateOf } from '../../../src/core/analysis/log-template';
import { SpanIndexBuilder } from '../../../src/telemetry/bundle/span-index';
import { parseIsoInstant } from '../../../src/core/telemetry/iso-instant';
import { LokiSource } from '../../../src/telemetry/loki/loki-source';
import { closedPortUrl } from '../../fakes/fake-http-backend';
import { FakeLokiServer } from './fake-loki-server';
import { scenarioLoki } from './scenario-loki';

interface Line { ts: string; service: string; level: string; message: string; traceId: string | null; spanId: string | null }
const linesOf = (files: Record<string, string>): Line[] => files['logs.jsonl'].trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

describe('LokiSource over a scenario served by a fake Loki', () => {
  let fixture: Awaited<ReturnType<typeof scenarioLoki>>;
  beforeAll(async () => {
    fixture = await scenarioLoki('silenced-code-path');
  });
  afterAll(async () => fixture.loki.stop());

  it('lists the services that logged around the period and reports itself ready', async () => {
    const source = new LokiSource({ url: fixture.loki.url });
    const expected = [...new Set(linesOf(fixture.files).map((l) => l.service))].sort();
    expect((await source.catalog({ around: fixture.window })).services).toEqual(expected);
    expect(await source.health()).toEqual({ ok: true, message: `Loki 3.1.1 at ${fixture.loki.url} is ready` });
  });

  it('counts templates per service exactly as the lines say, reading page after page', async () => {
    fixture.loki.maxEntriesLimit = 100;
    const source = new LokiSource({ url: fixture.loki.url, pageSize: 100 });
    const outcome = await source.run({ name: 'log_template_counts', params: { service: 'trip-service', groupBy: 'service', range: fixture.window, limit: 500 } });
    fixture.loki.maxEntriesLimit = 5000;
    expect(EvidenceSchema.parse(outcome.evidence)).toMatchObject({ status: 'ok', sourceId: 'loki', queryText: '{service_name="trip-service"}' });
    expect(outcome.evidence.digest.requests).toBeGreaterThan(1);
    const lines = linesOf(fixture.files).filter((l) => l.service === 'trip-service');
    const expected = new Map<string, number>();
    for (const l of lines) expected.set(`${l.level} ${templateOf(l.message)}`, (expected.get(`${l.level} ${templateOf(l.message)}`) ?? 0) + 1);
    if (outcome.data?.kind !== 'log_template_counts') throw new Error('no counts');
    expect(new Map(outcome.data.templates.map((t) => [`${t.level} ${t.template}`, t.count]))).toEqual(expected);
    expect(outcome.data.linesPerService).toEqual({ 'trip-service': lines.length });
  });

  it('joins lines to the operations of their spans when a trace source is given', async () => {
    const builder = new SpanIndexBuilder();
    for (const text of fixture.files['spans.jsonl'].trimEnd().split('\n')) {
      const s = JSON.parse(text) as { traceId: string; spanId: string; parentSpanId: string | null; service: string; operation: string; start: string; durationMs: number };
      builder.add({ ...s, startMs: parseIsoInstant(s.start) });
    }
    const index = builder.build();
    const source = new LokiSource({ url: fixture.loki.url, spans: { spanIndex: async () => index } });
    const outcome = await source.run({ name: 'log_template_counts', params: { service: 'trip-service', groupBy: 'operation', range: fixture.window, limit: 500 } });
    if (outcome.data?.kind !== 'log_template_counts') throw new Error(outcome.evidence.summary);
    const withSpan = linesOf(fixture.files).filter((l) => l.service === 'trip-service' && l.spanId !== null).length;
    expect(outcome.evidence.digest.joinedLines).toBe(withSpan);
    expect(outcome.data.templates.some((t) => t.operation === 'TripController.queryInfo')).toBe(true);
    expect(outcome.data.spansPerOperation?.find((s) => s.service === 'trip-service' && s.operation === 'TripController.queryInfo')?.count).toBeGreaterThan(0);
  });

  it('searches lines by text, case-insensitively, with the total and a Grafana Explore link', async () => {
    const source = new LokiSource({ url: fixture.loki.url, grafana: { url: 'https://grafana.example.com/', datasource: 'loki-uid' } });
    const outcome = await source.run({ name: 'log_search', params: { text: 'CALCULATE distance', range: fixture.window, limit: 3 } });
    const expected = linesOf(fixture.files).filter((l) => /calculate distance/i.test(l.message)).length;
    expect(outcome.data).toMatchObject({ kind: 'log_search', totalMatches: expected });
    expect(outcome.evidence.queryText).toBe('{service_name=~".+"} |~ "(?i)CALCULATE distance"');
    const link = new URL(outcome.evidence.links![0].url);
    expect(link.origin + link.pathname).toBe('https://grafana.example.com/explore');
    expect(JSON.parse(link.searchParams.get('panes')!).causa.queries[0]).toMatchObject({ expr: outcome.evidence.queryText, datasource: { type: 'loki', uid: 'loki-uid' } });
  });

  it('says its counts are partial when a query reaches maxLines', async () => {
    const source = new LokiSource({ url: fixture.loki.url, pageSize: 50, maxLines: 120 });
    const outcome = await source.run({ name: 'log_template_counts', params: { groupBy: 'service', range: fixture.window, limit: 500 } });
    expect(outcome.evidence.summary).toMatch(/partial: stopped at the first 120 lines/);
    expect(outcome.evidence.digest).toMatchObject({ lines: 120, truncated: 1 });
  });

  it('answers a service that never logged with no_data', async () => {
    const outcome = await new LokiSource({ url: fixture.loki.url }).run({ name: 'log_template_counts', params: { service: 'no-such-service', groupBy: 'service', range: fixture.window, limit: 10 } });
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.data).toBeUndefined();
  });
});

describe('LokiSource reads structured lines', () => {
  let loki: FakeLokiServer;
  beforeAll(async () => {
    const ns = (s: number) => `${1_717_000_000 + s}000000000`;
    loki = await new FakeLokiServer({
      streams: [
        { stream: { app: 'cart', pod: 'cart-1' }, values: [
          [ns(1), '{"level":"error","logger":"CartHandler","msg":"payment 42 declined","trace_id":"abc","route":"/checkout"}'],
          [ns(2), '{"level":"error","logger":"CartHandler","msg":"payment 43 declined","route":"/checkout"}'],
          [ns(3), 'level=info msg="cart 7 saved" operation=save'],
        ] },
      ],
    }).start();
  });
  afterAll(async () => loki.stop());

  it('takes level, message, trace id and operation from JSON and logfmt fields', async () => {
    const source = new LokiSource({ url: loki.url, serviceLabel: 'app' });
    const range = { start: '2024-05-29T16:26:40Z', end: '2024-05-29T16:26:50Z' };
    const search = await source.run({ name: 'log_search', params: { service: 'cart', level: 'error', range, limit: 10 } });
    expect(search.data).toMatchObject({ kind: 'log_search', totalMatches: 2, lines: [{ level: 'ERROR', message: 'ERROR CartHandler - payment 42 declined', traceId: 'abc' }, { traceId: null }] });
    const counts = await source.run({ name: 'log_template_counts', params: { groupBy: 'operation', range, limit: 10 } });
    expect(counts.data).toMatchObject({ kind: 'log_template_counts', templates: [{ operation: '/checkout', template: 'ERROR CartHandler - payment <num> declined', count: 2 }, { operation: 'save', level: 'INFO', count: 1 }] });
    expect(counts.data).not.toHaveProperty('spansPerOperation');
  });
});

describe('LokiSource failures say what is wrong', () => {
  let loki: FakeLokiServer;
  const range = { start: '2024-05-29T16:26:40Z', end: '2024-05-29T16:36:40Z' };
  const query = { name: 'log_search' as const, params: { range, limit: 10 } };
  beforeAll(async () => {
    loki = await new FakeLokiServer().start();
  });
  afterEach(() => {
    loki.mode = 'ok';
    loki.notReady = undefined;
  });
  afterAll(async () => loki.stop());

  it.each([
    ['html', /answered \/loki\/api\/v1\/query_range with an HTML page \("Sign in - SSO"\) instead of JSON .*e\.g\. http:\/\/loki:3100/],
    ['unauthorized', /refused the request \(401 Unauthorized\)/],
    ['forbidden', /refused the request \(403 Forbidden: access denied\)/],
    ['server-error', /Loki answered 503 to \/loki\/api\/v1\/query_range: too many outstanding requests/],
  ] as const)('%s becomes error evidence', async (mode, message) => {
    loki.mode = mode;
    const outcome = await new LokiSource({ url: loki.url }).run(query);
    expect(EvidenceSchema.parse(outcome.evidence)).toMatchObject({ status: 'error' });
    expect(outcome.evidence.summary).toMatch(message);
  });

  it('a hanging Loki times out', async () => {
    loki.mode = 'hang';
    const outcome = await new LokiSource({ url: loki.url, timeoutMs: 200 }).run(query);
    expect(outcome.evidence.summary).toBe(`Loki at ${loki.url} did not answer within 200 ms (timeoutMs)`);
    await expect(new LokiSource({ url: loki.url, timeoutMs: 200 }).catalog({ around: range })).rejects.toThrow(/did not answer/);
  });

  it('an unreachable Loki, and one that is not ready, are unhealthy', async () => {
    const url = await closedPortUrl();
    expect(await new LokiSource({ url }).health()).toEqual({ ok: false, message: expect.stringMatching(new RegExp(`^Loki at ${url} is unreachable: .*ECONNREFUSED`)) });
    loki.notReady = 'Ingester not ready: waiting for 15s after being ready';
    expect(await new LokiSource({ url: loki.url }).health()).toMatchObject({ ok: false, message: expect.stringContaining('is not ready (503): Ingester not ready') });
  });

  it('a regex Loki cannot parse comes back with its own message; quotes in it stay inside the LogQL string', async () => {
    const bad = await new LokiSource({ url: loki.url }).run({ name: 'log_search', params: { range, limit: 10, regex: 'timeout (' } });
    expect(bad.evidence).toMatchObject({ status: 'error', summary: expect.stringMatching(/^Loki answered 400 to \/loki\/api\/v1\/query_range: parse error : error parsing regexp/) });
    const quoted = await new LokiSource({ url: loki.url }).run({ name: 'log_search', params: { range, limit: 10, regex: 'a"} |= "b' } });
    expect(quoted.evidence).toMatchObject({ status: 'no_data', queryText: '{service_name=~".+"} |~ "(?i)a\\"} |= \\"b"' });
  });
});
