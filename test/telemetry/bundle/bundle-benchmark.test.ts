import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EvidenceSchema } from '../../../src/core/investigation/evidence-schema';
import type { LogTemplateCountsResult, MetricRangeResult, SpanStatsResult, TopologyResult } from '../../../src/core/telemetry/query-results';
import type { TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';

const CASES = resolve(__dirname, '..', '..', '..', '..', 'shared', 'benchmark', 'cases');

/** The first case (by folder name) of each system found in the benchmark. */
function firstCasePerSystem(): Array<[string, string]> {
  const bySystem = new Map<string, string>();
  for (const name of readdirSync(CASES).sort()) {
    const file = join(CASES, name, 'case.json');
    if (!existsSync(file)) continue;
    const system = (JSON.parse(readFileSync(file, 'utf8')) as { system: string }).system;
    if (!bySystem.has(system)) bySystem.set(system, join(CASES, name));
  }
  return [...bySystem.entries()];
}

const present = existsSync(CASES);
if (!present) console.log(`skipping bundle benchmark smoke test: ${CASES} does not exist`);
const describeIfPresent = present ? describe : describe.skip;

describeIfPresent('BundleSource on the shared benchmark', () => {
  const cases = present ? firstCasePerSystem() : [];

  it.each(cases)('answers sane queries for a %s case', async (_system, dir) => {
    const source = await BundleSource.open(dir);
    const catalog = await source.catalog();
    const window = source.case.window;
    expect(catalog.services.length).toBeGreaterThan(1);
    expect(catalog.window).toEqual({ start: window.start, end: window.end });
    const run = async (query: unknown) => {
      const outcome = await source.run(query as TelemetryQuery);
      EvidenceSchema.parse(outcome.evidence);
      return outcome;
    };

    const service = Object.keys(catalog.metrics).includes(source.case.alert.labels.service ?? '')
      ? source.case.alert.labels.service
      : Object.keys(catalog.metrics)[0];
    const metric = catalog.metrics[service][0];
    const range = await run({ name: 'metric_range', params: { metric, service, range: window } });
    expect(range.evidence.status).toBe('ok');
    const series = (range.data as MetricRangeResult).series;
    for (const item of series) {
      expect(item.timestamps.length).toBe(item.values.length);
      expect(item.values.every(Number.isFinite)).toBe(true);
      expect([...item.timestamps].sort((a, b) => a - b)).toEqual(item.timestamps);
    }
    expect(range.evidence.digest.points).toBeGreaterThan(0);
    expect(range.evidence.digest.min).toBeLessThanOrEqual(range.evidence.digest.max);

    const outside = await run({ name: 'metric_range', params: { metric, range: { start: '2000-01-01T00:00:00Z', end: '2000-01-01T01:00:00Z' } } });
    expect(outside.evidence.status).toBe('no_data');

    if (catalog.hasSpans) {
      const stats = await run({ name: 'span_stats', params: { range: window } });
      const groups = (stats.data as SpanStatsResult).groups;
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) {
        expect(group.p50Ms).toBeLessThanOrEqual(group.p90Ms);
        expect(group.p90Ms).toBeLessThanOrEqual(group.p99Ms);
        expect(group.meanSelfMs).toBeLessThanOrEqual(group.meanMs + 1e-6);
      }
      expect((await run({ name: 'call_stats', params: { range: window } })).evidence.digest.edges).toBeGreaterThan(0);
    }
    if (catalog.hasLogs) {
      const counts = await run({ name: 'log_template_counts', params: { range: window } });
      const data = counts.data as LogTemplateCountsResult;
      const lines = Object.values(data.linesPerService).reduce((sum, n) => sum + n, 0);
      expect(lines).toBeGreaterThan(0);
      expect(data.templates.reduce((sum, item) => sum + item.count, 0)).toBeLessThanOrEqual(lines);
      const byOperation = await run({ name: 'log_template_counts', params: { groupBy: 'operation', range: window, limit: 10_000 } });
      const split = byOperation.data as LogTemplateCountsResult;
      expect(split.linesPerService).toEqual(data.linesPerService);
      expect(split.templates.reduce((sum, item) => sum + item.count, 0)).toBe(lines);
      for (const item of split.templates) expect(item.firstSeen! <= item.lastSeen!).toBe(true);
      if (catalog.hasSpans) expect(split.spansPerOperation?.length).toBeGreaterThan(0);
    }
    const topology = await run({ name: 'topology', params: {} });
    if (catalog.hasTopology) {
      const data = topology.data as TopologyResult;
      for (const name of Object.keys(catalog.metrics)) expect(data.services).toContain(name);
    } else {
      expect(topology.evidence.status).toBe('no_data');
    }
  });
});
