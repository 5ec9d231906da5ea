import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrometheusSource } from '../../../src/telemetry/prometheus';
import { prometheusInstalled, startPrometheus, type RunningPrometheus, type Sample } from './prometheus-server';

/**
 * Gauges sampled once a minute, each sample a second or two late now and then (as exporters and
 * recordings are), read at native resolution from a real Prometheus. A range query would stamp
 * every sample at the next step of its grid (a spike a minute late), let a sample from before the
 * period in, fill a missed scrape with the previous value, and drop or double samples whose jitter
 * crosses a step; the source must instead return the samples as stored, as a replayed recording does.
 */
const available = prometheusInstalled();
if (!available && process.env.CAUSA_REQUIRE_PROMETHEUS === '1') {
  throw new Error('prometheus and promtool are required (CAUSA_REQUIRE_PROMETHEUS=1) but not on the PATH; run .ci/ensure-prometheus.sh');
}
if (!available) console.warn('skipping the stored-samples Prometheus tests: prometheus/promtool not on the PATH (install with apt-get install prometheus)');
const describeWithPrometheus = available ? describe : describe.skip;

const T0 = Date.parse('2024-05-02T09:00:00Z') / 1000;
const JITTER = [0, 1, 2, 1, 0, 2, 2, 0];
/** The minute (from T0) whose scrape of api-1 was missed. */
const MISSED = 12;

/** One sample a minute from ten minutes before T0 to half an hour after; api-1 spikes in minutes 20–22. */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (let k = -10; k <= 30; k++) {
    const at = (instance: number) => T0 + 60 * k + JITTER[(k + 10 + instance * 3) % JITTER.length];
    if (k !== MISSED) out.push({ timestamp: at(0), service: 'api', instance: 'api-1', metric: 'cpu_usage_percent', value: k >= 20 && k <= 22 ? 95 + k : 10 + (k & 3) });
    out.push({ timestamp: at(1), service: 'db', instance: 'db-1', metric: 'cpu_usage_percent', value: 30 + (k & 1) });
    out.push({ timestamp: at(2), service: 'db', instance: 'db-2', metric: 'cpu_usage_percent', value: 50 + (k & 1) });
  }
  return out;
}

describeWithPrometheus('PrometheusSource reads gauges at native resolution as stored', () => {
  let workdir: string;
  let prometheus: RunningPrometheus;
  const recorded = samples();
  // The period starts at api-1's first sample in it, as a recorded incident window does.
  const first = recorded.find((s) => s.instance === 'api-1' && s.timestamp >= T0)!.timestamp;
  const range = { start: new Date(first * 1000).toISOString(), end: new Date((T0 + 30 * 60 + 5) * 1000).toISOString() };

  beforeAll(async () => {
    workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-prometheus-stored-'));
    prometheus = await startPrometheus(path.join(workdir, 'prometheus'), recorded);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await fs.rm(workdir, { recursive: true, force: true });
  });

  it('returns each sample of a series at its own time: none from before the period, a missed scrape left out, the spike when it happened', async () => {
    const source = new PrometheusSource({ url: prometheus.url });
    await source.catalog({ around: range });
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'cpu_usage_percent', service: 'api', groupBy: 'instance', aggregation: 'avg', stepSeconds: 0, range } });
    expect(outcome.evidence).toMatchObject({ status: 'ok', queryText: expect.stringMatching(/^cpu_usage_percent\{service="api"\}\[\d+s\]$/) });
    if (outcome.data?.kind !== 'metric_range') throw new Error('expected series');
    const stored = recorded.filter((s) => s.instance === 'api-1' && s.timestamp >= first && s.timestamp <= T0 + 30 * 60 + 5);
    expect(outcome.data.series).toEqual([{ service: 'api', instance: 'api-1', metric: 'cpu_usage_percent', timestamps: stored.map((s) => s.timestamp), values: stored.map((s) => s.value) }]);
    const spike = outcome.data.series[0].timestamps.filter((_, i) => outcome.data!.kind === 'metric_range' && (outcome.data.series[0].values[i] ?? 0) > 90);
    expect(spike.map((t) => Math.floor((t - T0) / 60))).toEqual([20, 21, 22]);
  });

  it("combines a service's instances minute by minute, each minute once, whatever second each sampled at", async () => {
    const source = new PrometheusSource({ url: prometheus.url });
    await source.catalog({ around: range });
    const fromT0 = { ...range, start: new Date(T0 * 1000).toISOString() };
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'cpu_usage_percent', service: 'db', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: fromT0 } });
    if (outcome.data?.kind !== 'metric_range') throw new Error('expected series');
    const minutes = Array.from({ length: 31 }, (_, k) => k);
    expect(outcome.data.series).toEqual([{ service: 'db', metric: 'cpu_usage_percent', timestamps: minutes.map((k) => T0 + 60 * k), values: minutes.map((k) => 40 + (k & 1)) }]);
  });

  it('keeps range queries for an explicit step', async () => {
    const source = new PrometheusSource({ url: prometheus.url });
    await source.catalog({ around: range });
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'cpu_usage_percent', service: 'api', groupBy: 'service', aggregation: 'avg', stepSeconds: 120, range } });
    expect(outcome.evidence).toMatchObject({ status: 'ok', queryText: 'avg by (service) (cpu_usage_percent{service="api"})', parameters: expect.objectContaining({ step: 120 }) });
  });
});
