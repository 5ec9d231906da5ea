import type { Series } from '../../../src/core/telemetry/query-results';
import { findIncidentOnset } from '../../../src/reasoning/offline/incident-onset';
import { compareSeries, onsetPersistence } from '../../../src/reasoning/offline/series-comparison';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const T0 = Date.parse('2024-01-01T10:00:00.000Z') / 1000;
const STEP = 300;
const iso = (sec: number): string => new Date(sec * 1000).toISOString();

/** Samples every 5 minutes from T0, `site` (the alerting service) calling `search`; no fault-free period. */
function coarse(values: Record<string, number[]>, firedAtSec: number) {
  const n = Math.max(...Object.values(values).map((v) => v.length));
  return fakeContext({
    window: { start: iso(T0), end: iso(T0 + n * STEP) },
    firedAt: iso(firedAtSec),
    symptom: { service: 'site', signal: 'latency' },
    catalog: { services: Object.keys(values), metrics: Object.fromEntries(Object.keys(values).map((s) => [s, ['latency_avg_seconds']])), hasTopology: true },
    answer: (query) => {
      if (query.name !== 'metric_range') return undefined;
      const wanted = (query.params as { service?: string }).service;
      const series: Series[] = Object.entries(values)
        .filter(([s]) => !wanted || s === wanted)
        .map(([service, v]) => ({ service, metric: 'latency_avg_seconds', timestamps: v.map((_, i) => T0 + i * STEP), values: v }));
      return { kind: 'metric_range', series };
    },
  });
}

describe('onsets on coarse (5-minute) samples', () => {
  it('takes a single coarse sample as lasting, but wants two at a 1-minute cadence', () => {
    expect(onsetPersistence(300_000)).toBe(1);
    expect(onsetPersistence(120_000)).toBe(1);
    expect(onsetPersistence(60_000)).toBe(2);
    expect(onsetPersistence(undefined)).toBe(2);
  });

  it('dates a change seen in only the latest 5-minute sample', () => {
    const { context } = coarse({ site: [0.1, 0.1, 0.1, 0.5] }, T0 + 3 * STEP + 10);
    const windows = triageWindows(context, STEP * 1000);
    const timestamps = [0, 1, 2, 3].map((i) => T0 + i * STEP);
    const comparison = compareSeries(timestamps, [0.1, 0.1, 0.1, 0.5], windows, [0.1, 0.11, 0.09, 0.1], 'up');
    expect(comparison?.onset).toBe(T0 + 3 * STEP);
    // The same change at a 1-minute cadence is one sample only: not yet an onset.
    const fine = triageWindows(context, 60_000);
    expect(compareSeries(timestamps, [0.1, 0.1, 0.1, 0.5], fine, [0.1, 0.11, 0.09, 0.1], 'up')?.onset).toBeUndefined();
  });

  it('finds the onset at the second of three samples, not hidden in its own reference', async () => {
    // The alert fires on the third sample; the fault began with the second.
    const { context } = coarse({ site: [0.084, 0.102, 0.11], search: [0.006, 0.016, 0.02] }, T0 + 2 * STEP + 8);
    const onset = await findIncidentOnset(context, 'site', STEP * 1000);
    expect(onset?.atMs).toBe((T0 + STEP) * 1000);
  });

  it('finds no onset when the samples only wobble', async () => {
    const { context } = coarse({ site: [0.1, 0.103, 0.098] }, T0 + 2 * STEP + 8);
    expect(await findIncidentOnset(context, 'site', STEP * 1000)).toBeUndefined();
  });

  it('does not date an incident on a departure seen in one sample only', async () => {
    // The alert fires well after the latest sample, which alone departs: not yet seen to last.
    const { context } = coarse({ site: [0.1, 0.1, 0.5] }, T0 + 2 * STEP + 200);
    expect(await findIncidentOnset(context, 'site', STEP * 1000)).toBeUndefined();
  });

  it('finds no onset in a change that did not last', async () => {
    const { context } = coarse({ site: [0.1, 0.3, 0.1, 0.1] }, T0 + 3 * STEP + 8);
    expect(await findIncidentOnset(context, 'site', STEP * 1000)).toBeUndefined();
  });

  it('keeps to the alert\'s own signal when it changed within the usual alert lead, not a neighbour\'s earlier wobble', async () => {
    // One-minute samples: the site slows two minutes before the alert; search, its callee, shifted
    // a little long before, for reasons of its own.
    const site = [...Array(20).fill(0.1), 0.5, 0.5, 0.5, 0.5].map((v, i) => v + 0.002 * (i % 3));
    const search = [...Array(13).fill(0.01), ...Array(11).fill(0.02)].map((v, i) => v + 0.0002 * (i % 3));
    const at = (values: number[]) => values.map((_, i) => T0 + i * 60);
    const { context } = fakeContext({
      window: { start: iso(T0), end: iso(T0 + 24 * 60) },
      firedAt: iso(T0 + 22 * 60 + 10),
      symptom: { service: 'site', signal: 'latency' },
      catalog: { services: ['site', 'search'], metrics: { site: ['latency_avg_seconds'], search: ['latency_avg_seconds'] }, hasTopology: true },
      answer: (query) => {
        if (query.name !== 'metric_range') return undefined;
        const wanted = (query.params as { service?: string }).service;
        const all: Series[] = [
          { service: 'site', metric: 'latency_avg_seconds', timestamps: at(site), values: site },
          { service: 'search', metric: 'latency_avg_seconds', timestamps: at(search), values: search },
        ];
        return { kind: 'metric_range', series: all.filter((s) => !wanted || s.service === wanted) };
      },
    });
    const withCallee = { ...context, topology: { services: ['site', 'search'], calls: [{ from: 'site', to: 'search' }] } } as typeof context;
    expect(await findIncidentOnset(withCallee, 'site', 60_000)).toBeUndefined();
    // Without the site's own change, the callee's is what dates the incident.
    site.fill(0.1);
    expect((await findIncidentOnset(withCallee, 'site', 60_000))?.service).toBe('search');
  });

  it('dates a success-rate alert by when the failures began, not by an earlier drift of its latencies', async () => {
    // One-minute samples over 30 minutes: the site's tail latencies drift up from minute 15 (load),
    // its success rate drops from minute 24; the alert fires at minute 27.
    const latencies = ['latency_p50_seconds', 'latency_p90_seconds', 'latency_p95_seconds', 'latency_p99_seconds', 'server_latency_p90_seconds', 'server_latency_p99_seconds'];
    const drifting = Array.from({ length: 30 }, (_, i) => (i < 15 ? 0.1 : 0.13) + 0.001 * (i % 3));
    const success = Array.from({ length: 30 }, (_, i) => (i < 24 ? 100 : 80) - 0.01 * (i % 2));
    const timestamps = drifting.map((_, i) => T0 + i * 60);
    const { context } = fakeContext({
      window: { start: iso(T0), end: iso(T0 + 30 * 60) },
      baseline: { start: iso(T0), end: iso(T0 + 10 * 60) },
      firedAt: iso(T0 + 27 * 60),
      symptom: { service: 'site', signal: 'availability' },
      catalog: { services: ['site'], metrics: { site: [...latencies, 'success_rate_percent'] } },
      answer: (query) => {
        if (query.name !== 'metric_range') return undefined;
        const { metric, range } = query.params as { metric: string; range: { start: string; end: string } };
        const [from, to] = [Date.parse(range.start) / 1000, Date.parse(range.end) / 1000];
        const values = metric === 'success_rate_percent' ? success : drifting;
        const kept = timestamps.map((t, i) => ({ t, v: values[i] })).filter((p) => p.t >= from && p.t <= to);
        return { kind: 'metric_range', series: [{ service: 'site', metric, timestamps: kept.map((p) => p.t), values: kept.map((p) => p.v) }] };
      },
    });
    const onset = await findIncidentOnset(context, 'site', 60_000);
    expect(onset === undefined || onset.atMs >= (T0 + 24 * 60) * 1000).toBe(true);
    // A latency alert on the same data is dated by the latencies.
    const latency = { ...context, alert: { ...context.alert, symptom: { service: 'site', signal: 'latency' as const } } };
    expect((await findIncidentOnset(latency, 'site', 60_000))?.atMs).toBe((T0 + 15 * 60) * 1000);
  });
});
