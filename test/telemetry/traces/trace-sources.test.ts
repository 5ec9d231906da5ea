import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EvidenceSchema } from '../../../src/core/investigation/evidence-schema';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../../src/telemetry/bundle';
import { JaegerBackend } from '../../../src/telemetry/jaeger/jaeger-backend';
import { TempoBackend } from '../../../src/telemetry/tempo/tempo-backend';
import { TraceSource } from '../../../src/telemetry/traces/trace-source';
import type { FakeHttpBackend } from '../../fakes/fake-http-backend';
import { FakeJaegerServer, FakeTempoServer } from './fake-trace-servers';
import { scenarioTraces } from './scenario-traces';

const scenario = scenarioTraces('network-delay');
const calleeOf = (): string => (JSON.parse(scenario.files['spans.jsonl'].split('\n')[0]) as { service: string }).service;

describe.each([
  ['tempo', (body: typeof scenario.otlp) => new FakeTempoServer(body), (url: string) => new TempoBackend({ url, timeoutMs: 2000 })],
  ['jaeger', (body: typeof scenario.otlp) => new FakeJaegerServer(body), (url: string) => new JaegerBackend({ url, timeoutMs: 2000 })],
] as const)('%s source over a scenario\'s traces', (kind, makeServer, makeBackend) => {
  let server: FakeHttpBackend;
  let bundle: BundleSource;
  let dir: string;
  beforeAll(async () => {
    server = await makeServer(scenario.otlp).start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `causa-${kind}-`));
    await writeScenario('network-delay', dir);
    bundle = new BundleSource({ dir });
  });
  afterAll(async () => {
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  const source = () => new TraceSource({ id: kind, kind, backend: makeBackend(server.url) });

  it('computes the same span and call statistics as the bundle', async () => {
    const traces = source();
    for (const query of [
      { name: 'span_stats' as const, params: { groupBy: 'operation' as const, range: scenario.window } },
      { name: 'call_stats' as const, params: { range: scenario.window } },
      { name: 'operation_shape' as const, params: { range: scenario.window } },
    ]) {
      const [live, recorded] = await Promise.all([traces.run(query), bundle.run(query)]);
      expect(EvidenceSchema.parse(live.evidence)).toMatchObject({ status: 'ok', sourceId: kind });
      const rows = (data: typeof live.data) =>
        data?.kind === 'span_stats'
          ? data.groups.map((g) => [g.service, g.operation, g.count, g.errorCount, Math.round(g.p50Ms)])
          : data?.kind === 'call_stats'
            ? data.edges.map((e) => [e.caller, e.callee, e.count, Math.round(e.meanGapMs)])
            : data?.kind === 'operation_shape'
              ? data.operations.map((o) => [o.service, o.operation, o.count, o.calls.map((c) => `${c.service}/${c.operation}×${c.count}`).join(',')])
              : [];
      expect(rows(live.data).sort()).toEqual(rows(recorded.data).sort());
    }
  });

  it('derives the call graph from traces and says so', async () => {
    const outcome = await source().run({ name: 'topology', params: { range: scenario.window } });
    const recorded = await bundle.run({ name: 'call_stats', params: { range: scenario.window } });
    expect(outcome.evidence.summary).toMatch(new RegExp(`^call graph derived from \\d+ traces in ${kind === 'tempo' ? 'Tempo' : 'Jaeger'}`));
    if (outcome.data?.kind !== 'topology' || recorded.data?.kind !== 'call_stats') throw new Error('no topology');
    expect(outcome.data.origin).toBe('derived');
    expect(outcome.data.calls.map((c) => `${c.from}>${c.to}`).sort()).toEqual(recorded.data.edges.map((e) => `${e.caller}>${e.callee}`).sort());
  });

  it('finds one trace by id, with a link to it', async () => {
    const traceId = (JSON.parse(scenario.files['spans.jsonl'].split('\n')[0]) as { traceId: string }).traceId;
    const outcome = await source().run({ name: 'span_search', params: { traceId, range: scenario.window, limit: 100 } });
    expect(outcome.data).toMatchObject({ kind: 'span_search', spans: expect.arrayContaining([expect.objectContaining({ traceId, parentSpanId: null })]) });
    expect(outcome.evidence.links?.[0].url).toContain(kind === 'jaeger' ? `/trace/${traceId}` : `/api/traces/${traceId}`);
    const missing = await source().run({ name: 'span_search', params: { traceId: 'ffffffffffffffffffffffffffffffff', range: scenario.window, limit: 10 } });
    expect(missing.evidence.status).toBe('no_data');
  });

  it('says when statistics come from a sample of the traces', async () => {
    const capped = new TraceSource({ id: kind, kind, backend: makeBackend(server.url), maxTraces: 5 });
    const outcome = await capped.run({ name: 'span_stats', params: { groupBy: 'service', range: scenario.window } });
    expect(outcome.evidence.summary).toMatch(/a sample: the first 5 traces, maxTraces/);
    expect(outcome.evidence.digest).toMatchObject({ traces: 5, truncated: 1 });
  });

  it('lists its services and answers an unknown one with no_data', async () => {
    const first = (JSON.parse(scenario.files['spans.jsonl'].split('\n')[0]) as { service: string }).service;
    expect((await source().catalog({ around: scenario.window })).services).toContain(first);
    const outcome = await source().run({ name: 'span_stats', params: { service: 'nobody', groupBy: 'service', range: scenario.window } });
    expect(outcome.evidence.status).toBe('no_data');
  });

  it.each([['html', /HTML page/], ['unauthorized', /401 Unauthorized/], ['server-error', /answered 503/]] as const)('a %s answer becomes error evidence', async (mode, message) => {
    server.mode = mode;
    try {
      const outcome = await source().run({ name: 'span_stats', params: { groupBy: 'service', range: scenario.window } });
      expect(outcome.evidence).toMatchObject({ status: 'error', summary: expect.stringMatching(message) });
      expect((await source().health()).ok).toBe(false);
    } finally {
      server.mode = 'ok';
    }
  });
});

describe('Tempo specifics', () => {
  it('reads what it can when some traces fail, and says how many could not be read', async () => {
    const server = await new FakeTempoServer(scenario.otlp).start();
    try {
      const [first] = server.inRange(new URLSearchParams());
      server.failTraces.add(first[0].span.traceId);
      const outcome = await new TraceSource({ id: 'tempo', kind: 'tempo', backend: new TempoBackend({ url: server.url, timeoutMs: 2000 }) }).run({ name: 'span_stats', params: { groupBy: 'service', range: scenario.window } });
      expect(outcome.evidence.status).toBe('ok');
      expect(outcome.evidence.summary).toMatch(/1 traces could not be read \(.*Tempo answered 500/);
      expect(outcome.evidence.digest.failedTraces).toBe(1);
      const linked = new TraceSource({ id: 'tempo', kind: 'tempo', backend: new TempoBackend({ url: server.url, timeoutMs: 2000, grafana: { url: 'https://grafana.example.com', datasource: 'tempo-uid' } }) });
      const withLink = await linked.run({ name: 'call_stats', params: { callee: calleeOf(), range: scenario.window } });
      const panes = JSON.parse(new URL(withLink.evidence.links![0].url).searchParams.get('panes')!);
      expect(panes.causa.queries[0]).toMatchObject({ queryType: 'traceql', query: `{ resource.service.name = ${JSON.stringify(calleeOf())} }`, datasource: { type: 'tempo', uid: 'tempo-uid' } });
    } finally {
      await server.stop();
    }
  });
});
