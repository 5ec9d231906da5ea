import { EvidenceSchema } from '../../src/core/investigation/evidence-schema';
import type { TelemetrySource } from '../../src/core/ports/telemetry-source';
import type { TelemetryQuery } from '../../src/core/telemetry/query-schemas';
import type { TimeRange } from '../../src/core/telemetry/time-range-schema';

/** What a contract run needs from a TelemetrySource adapter under test. */
export interface TelemetrySourceHarness {
  source: TelemetrySource;
  /** A period the source has data for. */
  range: TimeRange;
  /** A metric name the source holds in that period (sources of metrics). */
  metric?: string;
  /**
   * For sources of other signals (logs, traces, events): a query the source answers with data in
   * `range`, and one it answers with no data (a service it never saw).
   */
  probe?: { answered: TelemetryQuery; empty: TelemetryQuery };
  /** The source ids evidence may name (a router names the source that answered); default the source's own id. */
  evidenceSourceIds?: string[];
  cleanup?: () => Promise<void>;
}

/**
 * The TelemetrySource port's contract, run against every adapter: catalog and capabilities agree,
 * every query — good, malformed, unsupported, empty — comes back as schema-valid evidence with
 * the exact query text (never a throw), and only `ok` evidence carries data.
 */
export function runTelemetrySourceContract(name: string, open: () => Promise<TelemetrySourceHarness>): void {
  describe(`TelemetrySource contract: ${name}`, () => {
    let harness: TelemetrySourceHarness;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.cleanup?.();
      await harness?.source.close?.();
    });

    it('reports its health and lists what it can answer', async () => {
      const health = await harness.source.health();
      expect(health).toEqual({ ok: expect.any(Boolean), message: expect.any(String) });
      expect(health.message.length).toBeGreaterThan(0);
      const names = harness.source.capabilities().map((c) => c.name);
      if (harness.metric !== undefined) expect(names).toEqual(expect.arrayContaining(['metric_range', 'metric_catalog']));
      if (harness.probe) expect(names).toContain(harness.probe.answered.name);
    });

    it('answers its probe query with schema-valid ok evidence and data, and an unknown subject with no_data', async () => {
      if (!harness.probe) return;
      const answered = await harness.source.run(harness.probe.answered);
      expect(EvidenceSchema.parse(answered.evidence)).toMatchObject({ status: 'ok', queryName: harness.probe.answered.name, sourceId: harness.source.id });
      expect(answered.data?.kind).toBe(harness.probe.answered.name);
      const empty = await harness.source.run(harness.probe.empty);
      expect(EvidenceSchema.parse(empty.evidence).status).toBe('no_data');
      expect(empty.data).toBeUndefined();
      const catalog = await harness.source.catalog({ around: harness.range });
      expect(catalog.services.length).toBeGreaterThan(0);
    });

    it('turns a query it does not answer, or a malformed one, into error evidence, never a throw', async () => {
      const names = new Set(harness.source.capabilities().map((c) => c.name));
      const unsupported = (['metric_range', 'log_search', 'span_stats', 'event_search'] as const).find((name) => !names.has(name));
      if (unsupported) {
        const params = unsupported === 'metric_range' ? { metric: 'x', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: harness.range } : unsupported === 'span_stats' ? { groupBy: 'service', range: harness.range } : { range: harness.range, limit: 10 };
        const outcome = await harness.source.run({ name: unsupported, params } as TelemetryQuery);
        expect(['error', 'no_data']).toContain(EvidenceSchema.parse(outcome.evidence).status);
        expect(outcome.data).toBeUndefined();
      }
      const malformed = await harness.source.run({ name: 'log_search', params: { range: { start: 'yesterday', end: harness.range.end }, limit: -1 } } as never);
      expect(EvidenceSchema.parse(malformed.evidence).status).toBe('error');
      expect(malformed.data).toBeUndefined();
    });

    it('catalogs the services whose metrics it holds around a period', async () => {
      if (harness.metric === undefined) return;
      const catalog = await harness.source.catalog({ around: harness.range });
      const withMetric = Object.entries(catalog.metrics).filter(([, metrics]) => metrics.includes(harness.metric!)).map(([service]) => service);
      expect(withMetric.length).toBeGreaterThan(0);
      for (const service of Object.keys(catalog.metrics)) expect(catalog.services).toContain(service);
    });

    it('answers a metric range with schema-valid evidence, the exact query text and series', async () => {
      if (harness.metric === undefined) return;
      const outcome = await harness.source.run({ name: 'metric_range', params: { metric: harness.metric!, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: harness.range } });
      expect(EvidenceSchema.parse(outcome.evidence)).toMatchObject({ status: 'ok', queryName: 'metric_range' });
      expect(harness.evidenceSourceIds ?? [harness.source.id]).toContain(outcome.evidence.sourceId);
      expect(outcome.evidence.queryText).toContain(harness.metric!);
      expect(outcome.data?.kind).toBe('metric_range');
      if (outcome.data?.kind === 'metric_range') expect(outcome.data.series.every((s) => s.timestamps.length === s.values.length)).toBe(true);
    });

    it('turns a metric it does not hold into no_data evidence without data', async () => {
      if (harness.metric === undefined) return;
      const outcome = await harness.source.run({ name: 'metric_range', params: { metric: 'no_such_metric_anywhere', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: harness.range } });
      expect(EvidenceSchema.parse(outcome.evidence).status).toBe('no_data');
      expect(outcome.data).toBeUndefined();
    });

    it('turns a malformed query into error evidence that says what to fix, never a throw', async () => {
      if (harness.metric === undefined) return;
      const outcome = await harness.source.run({ name: 'metric_range', params: { metric: '', range: harness.range } } as never);
      expect(EvidenceSchema.parse(outcome.evidence).status).toBe('error');
      expect(outcome.evidence.summary).toMatch(/metric/);
      expect(outcome.data).toBeUndefined();
    });
  });
}
