import { EvidenceSchema } from '../../../src/core/investigation/evidence-schema';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { Investigator } from '../../../src/core/investigation/investigator';
import { renderMarkdown } from '../../../src/core/report/markdown-report';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { ServiceNameMapping } from '../../../src/telemetry/router/service-name-mapping';
import { SourceRouter } from '../../../src/telemetry/router/source-router';
import { StubSource } from './stub-source';

const range = { start: '2024-05-14T09:00:00.000Z', end: '2024-05-14T09:30:00.000Z' };

describe('SourceRouter', () => {
  it('sends each query only to the sources that declare it', async () => {
    const metrics = new StubSource('prom', 'prometheus', { metric_range: () => ({ kind: 'metric_range', series: [{ service: 'api', metric: 'cpu', timestamps: [1], values: [2] }] }) });
    const logs = new StubSource('loki', 'loki', { log_search: () => ({ kind: 'log_search', lines: [], totalMatches: 0 }) });
    const router = new SourceRouter([{ source: metrics }, { source: logs }]);
    const outcome = await router.run({ name: 'metric_range', params: { metric: 'cpu', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } });
    expect(outcome.evidence).toMatchObject({ status: 'ok', sourceId: 'prom' });
    expect(outcome.evidence.links).toEqual([{ label: 'prom UI', url: 'http://prom.example/q' }]);
    expect(metrics.calls).toHaveLength(1);
    expect(logs.calls).toHaveLength(0);
    expect(router.capabilities().map((c) => c.name).sort()).toEqual(['log_search', 'metric_range']);
  });

  it('merges answers of several sources into one evidence record naming each of them', async () => {
    const eu = new StubSource('prom-eu', 'prometheus', { metric_range: () => ({ kind: 'metric_range', series: [{ service: 'api', metric: 'cpu', timestamps: [1], values: [2] }] }) });
    const us = new StubSource('prom-us', 'prometheus', { metric_range: () => ({ kind: 'metric_range', series: [{ service: 'web', metric: 'cpu', timestamps: [1], values: [3] }] }) });
    const down = new StubSource('prom-ap', 'prometheus', { metric_range: () => 'error' });
    const outcome = await new SourceRouter([{ source: eu }, { source: us }, { source: down }]).run({ name: 'metric_range', params: { metric: 'cpu', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } });
    const evidence = EvidenceSchema.parse(outcome.evidence);
    expect(evidence).toMatchObject({ status: 'ok', sourceId: 'prom-eu+prom-us+prom-ap' });
    expect(evidence.queryText).toBe('[prom-eu] prom-eu:metric_range\n[prom-us] prom-us:metric_range\n[prom-ap] prom-ap:metric_range');
    expect(evidence.summary).toContain('prom-ap (error)');
    expect(evidence.digest).toEqual({ 'prom-eu.n': 1, 'prom-us.n': 1, 'prom-ap.n': 1 });
    expect(evidence.links).toHaveLength(3);
    expect(outcome.data).toEqual({ kind: 'metric_range', series: [expect.objectContaining({ service: 'api' }), expect.objectContaining({ service: 'web' })] });
  });

  it('says which source type would answer a query nobody answers', async () => {
    const router = new SourceRouter([{ source: new StubSource('prom', 'prometheus', { metric_range: () => 'no_data' }) }]);
    const outcome = await router.run({ name: 'span_stats', params: { groupBy: 'service', range } });
    expect(outcome.evidence).toMatchObject({ status: 'error', sourceId: 'telemetry' });
    expect(outcome.evidence.summary).toMatch(/no configured source answers span_stats .*prom \(prometheus\).*tempo or jaeger/);
  });

  it('turns a source that throws into error evidence and keeps the others', async () => {
    const broken = new StubSource('loki-a', 'loki', { log_search: () => 'no_data' });
    broken.throwOnRun = true;
    const fine = new StubSource('loki-b', 'loki', { log_search: () => ({ kind: 'log_search', lines: [{ ts: '2024-05-14T09:01:00Z', service: 'api', level: 'ERROR', message: 'boom' }], totalMatches: 1 }) });
    const outcome = await new SourceRouter([{ source: broken }, { source: fine }]).run({ name: 'log_search', params: { range, limit: 10 } });
    expect(outcome.evidence.status).toBe('ok');
    expect(outcome.evidence.summary).toContain('source loki-a failed: socket hang up');
    expect(outcome.data).toMatchObject({ kind: 'log_search', totalMatches: 1 });
  });

  it('rejects a malformed query with error evidence, never a throw', async () => {
    const router = new SourceRouter([{ source: new StubSource('prom', 'prometheus', { metric_range: () => 'no_data' }) }]);
    const outcome = await router.run({ name: 'metric_range', params: { metric: '', range } } as never);
    expect(EvidenceSchema.parse(outcome.evidence)).toMatchObject({ status: 'error' });
    expect(outcome.evidence.summary).toMatch(/invalid metric_range query: params\.metric/);
  });

  it('maps service names both ways so sources agree on one identity', async () => {
    const tempo = new StubSource('tempo', 'tempo', {
      span_stats: (q) => ({ kind: 'span_stats', groups: [{ service: (q.params as { service?: string }).service ?? 'x', count: 2, errorCount: 0, p50Ms: 1, p90Ms: 2, p99Ms: 3, meanMs: 1, meanSelfMs: 1, totalSelfMs: 2 }] }),
    }, { services: ['shop-checkout-v2'] });
    const router = new SourceRouter([{ source: tempo, services: new ServiceNameMapping({ pattern: '^shop-(?<service>.+?)(?:-v\\d+)?$' }) }]);
    expect((await router.catalog({ around: range })).services).toEqual(['checkout']);
    const outcome = await router.run({ name: 'span_stats', params: { service: 'checkout', groupBy: 'service', range } });
    expect(tempo.calls[0].params).toMatchObject({ service: 'shop-checkout-v2' });
    expect(outcome.data).toMatchObject({ kind: 'span_stats', groups: [{ service: 'checkout', count: 2 }] });
  });

  it('merges operation shapes and per-minute call gaps of two trace sources, in the investigation\'s names', async () => {
    const shape = (service: string, count: number, calls: number, p50Ms: number) => ({
      kind: 'operation_shape' as const,
      operations: [{ service, operation: '/shop.Checkout/Place', count, errorCount: 0, p50Ms, calls: [{ service: 'shop-shipping-v1', operation: '/shop.Shipping/Quote', count: calls, errorCount: 0, p50Ms: 4, meanOffsetMs: 2 }] }],
    });
    const gaps = (count: number, gap: number) => ({
      kind: 'call_stats' as const,
      edges: [{ caller: 'shop-checkout-v2', callee: 'shop-shipping-v1', count, meanClientMs: gap + 4, meanServerMs: 4, meanGapMs: gap, p50GapMs: gap, p90GapMs: gap, buckets: [{ start: '2024-01-01T10:00:00.000Z', count, p50GapMs: gap, meanServerMs: 4 }] }],
    });
    const mapping = () => new ServiceNameMapping({ pattern: '^shop-(?<service>.+?)(?:-v\\d+)?$' });
    const a = new StubSource('tempo-a', 'tempo', { operation_shape: () => shape('shop-checkout-v2', 10, 10, 30), call_stats: () => gaps(10, 2) });
    const b = new StubSource('tempo-b', 'tempo', { operation_shape: () => shape('shop-checkout-v2', 30, 0, 10), call_stats: () => gaps(30, 6) });
    const router = new SourceRouter([{ source: a, services: mapping() }, { source: b, services: mapping() }]);
    const merged = await router.run({ name: 'operation_shape', params: { range } });
    expect(merged.data).toEqual({
      kind: 'operation_shape',
      operations: [{ service: 'checkout', operation: '/shop.Checkout/Place', count: 40, errorCount: 0, p50Ms: 15, calls: [{ service: 'shipping', operation: '/shop.Shipping/Quote', count: 10, errorCount: 0, p50Ms: 4, meanOffsetMs: 2 }] }],
    });
    const edges = await router.run({ name: 'call_stats', params: { range, stepSeconds: 60 } });
    expect(edges.data).toMatchObject({ kind: 'call_stats', edges: [{ caller: 'checkout', callee: 'shipping', count: 40, buckets: [{ start: '2024-01-01T10:00:00.000Z', count: 40, p50GapMs: 5 }] }] });
    // The executions that made a call add up where both sources count them, and are left out
    // where only one does (its count alone would understate the share).
    const counting = (count: number, calls: number, callers: number) => {
      const result = shape('shop-checkout-v2', count, calls, 10);
      return { ...result, operations: result.operations.map((op) => ({ ...op, calls: op.calls.map((c) => ({ ...c, callers })) })) };
    };
    const c = new StubSource('tempo-c', 'tempo', { operation_shape: () => counting(10, 10, 10) });
    const d = new StubSource('tempo-d', 'tempo', { operation_shape: () => counting(30, 6, 6) });
    const both = await new SourceRouter([{ source: c, services: mapping() }, { source: d, services: mapping() }]).run({ name: 'operation_shape', params: { range } });
    expect(both.data).toMatchObject({ operations: [{ count: 40, calls: [{ count: 16, callers: 16 }] }] });
    const one = await new SourceRouter([{ source: a, services: mapping() }, { source: d, services: mapping() }]).run({ name: 'operation_shape', params: { range } });
    expect((one.data as { operations: Array<{ calls: object[] }> }).operations[0].calls[0]).not.toHaveProperty('callers');
  });

  it('lists sources whose catalog cannot be read and fails only when none can', async () => {
    const down = new StubSource('loki', 'loki', {});
    down.failCatalog = 'Loki at http://loki:3100 is unreachable: connect ECONNREFUSED';
    const up = new StubSource('prom', 'prometheus', {}, { services: ['api'], metrics: { api: ['cpu'] } });
    const catalog = await new SourceRouter([{ source: down }, { source: up }]).catalog({ around: range });
    expect(catalog.services).toEqual(['api']);
    expect(catalog.unavailable).toEqual([{ sourceId: 'loki', message: 'Loki at http://loki:3100 is unreachable: connect ECONNREFUSED' }]);
    await expect(new SourceRouter([{ source: down }]).catalog({ around: range })).rejects.toThrow(/loki: Loki at .* unreachable/);
    const health = await new SourceRouter([{ source: down }, { source: up }]).memberHealth();
    expect(health.map((h) => [h.id, h.ok])).toEqual([['loki', false], ['prom', true]]);
  });

  it("keeps what each source noticed about its data, and hands every source the investigation's deadline", async () => {
    const bundle = new StubSource('bundle', 'bundle', {}, { services: ['api'], dataGaps: ['logs.jsonl: 1 line longer than 1 MiB skipped (line 7: 2000000 bytes)'] });
    const prom = new StubSource('prom', 'prometheus', {}, { services: ['api'] });
    const seen: Array<AbortSignal | undefined> = [];
    for (const source of [bundle, prom]) {
      const catalog = source.catalog.bind(source);
      source.catalog = async (options?: { signal?: AbortSignal }) => (seen.push(options?.signal), catalog());
    }
    const deadline = new AbortController().signal;
    const merged = await new SourceRouter([{ source: bundle }, { source: prom }]).catalog({ around: range, signal: deadline });
    expect(merged.dataGaps).toEqual(['logs.jsonl: 1 line longer than 1 MiB skipped (line 7: 2000000 bytes)']);
    expect(seen).toEqual([deadline, deadline]);
  });

  it('keeps only the sources an alert is about when it names a cluster', async () => {
    const eu = new StubSource('prom-eu', 'prometheus', { metric_range: () => 'no_data' });
    const us = new StubSource('prom-us', 'prometheus', { metric_range: () => 'no_data' });
    const logs = new StubSource('loki', 'loki', { log_search: () => 'no_data' });
    const router = new SourceRouter([{ source: eu, match: { cluster: 'eu-1' } }, { source: us, match: { cluster: 'us-1' } }, { source: logs }]);
    const scoped = router.scopedTo({ cluster: 'us-1', severity: 'page' }) as SourceRouter;
    expect(scoped.sources.map((s) => s.id)).toEqual(['prom-us', 'loki']);
    expect((router.scopedTo({ severity: 'page' }) as SourceRouter).sources).toHaveLength(3);
  });
});

describe('an investigation over a router with an unreadable source', () => {
  it('says so up front in the report and its Markdown', async () => {
    const down = new StubSource('loki', 'loki', { log_search: () => 'error' });
    down.failCatalog = 'Loki at http://loki:3100 is unreachable: connect ECONNREFUSED 10.0.0.1:3100';
    const up = new StubSource('prom', 'prometheus', { metric_range: () => 'no_data' }, { services: ['api'], metrics: { api: ['cpu'] } });
    const alert = { source: 'generic' as const, status: 'firing' as const, title: 'api latency high', text: 'api latency high', firedAt: '2024-05-14T09:20:00Z', labels: {}, symptom: { service: 'api', signal: 'latency' as const }, fingerprint: 'generic:abc' };
    const report = await new Investigator({ reasoner: new OfflineReasoner(), source: new SourceRouter([{ source: down }, { source: up }]), budget: BudgetSchema.parse({ maxQueries: 20 }), thresholds: ThresholdsSchema.parse({}) }).run({ investigationId: 'inv-1', alert, window: range, record: async () => undefined });
    expect(report.telemetryProblems).toEqual(['loki: Loki at http://loki:3100 is unreachable: connect ECONNREFUSED 10.0.0.1:3100']);
    const header = renderMarkdown(report).split('## Summary')[0];
    expect(header).toContain('- **Telemetry problem:** loki: Loki at http://loki:3100 is unreachable');
  });
});
