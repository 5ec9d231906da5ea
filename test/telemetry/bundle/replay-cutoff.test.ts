import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../../src/telemetry/bundle';

describe('BundleSource replayed as if live (asOf)', () => {
  let dir: string;
  let present: number;
  let source: BundleSource;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-replay-cutoff-'));
    await writeScenario('silenced-code-path', dir);
    const recorded = new BundleSource({ dir });
    present = Date.parse(recorded.case.alert.firedAt) + 60_000;
    source = new BundleSource({ dir, asOf: () => present });
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('answers metric queries with samples dated up to now only', async () => {
    const window = source.case.window;
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'latency_p90_seconds', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: window } });
    expect(outcome.data?.kind).toBe('metric_range');
    const latest = Math.max(...(outcome.data?.kind === 'metric_range' ? outcome.data.series.flatMap((s) => s.timestamps) : []));
    expect(latest * 1000).toBeLessThanOrEqual(present);
    expect(latest * 1000).toBeGreaterThan(present - 5 * 60_000);
    expect(outcome.evidence.timeRange.end).toBe(window.end); // the evidence records the query as asked
  });

  it('says there is no data yet for a range after now, and sees it once the clock moves on', async () => {
    const later = { start: new Date(present + 60_000).toISOString(), end: new Date(present + 120_000).toISOString() };
    const before = await source.run({ name: 'log_search', params: { range: later, limit: 5 } });
    expect(before.evidence.status).toBe('no_data');
    expect(before.evidence.summary).toMatch(/^no data yet/);
    present += 5 * 60_000;
    const after = await source.run({ name: 'log_search', params: { range: later, limit: 5 } });
    expect(after.evidence.status).toBe('ok');
    present -= 5 * 60_000;
  });

  it('cuts the catalog window at now and forgets a baseline recorded later', async () => {
    const catalog = await source.catalog();
    expect(Date.parse(catalog.window!.end)).toBe(present);
    const early = new BundleSource({ dir, asOf: () => Date.parse(source.case.window.start) - 60_000 });
    const empty = await early.catalog();
    expect(empty.window).toBeUndefined();
    expect(empty.metrics).toEqual({});
    expect(empty.hasLogs).toBe(false);
  });
});
