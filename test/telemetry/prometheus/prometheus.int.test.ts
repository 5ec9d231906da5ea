import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../../src/app/alert-from-case';
import { ReportSchema } from '../../../src/core/report/report-schema';
import { runCli } from '../../cli/cli-harness';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { Investigator } from '../../../src/core/investigation/investigator';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { answerOf, writeScenario } from '../../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../../src/telemetry/bundle';
import { PrometheusSource } from '../../../src/telemetry/prometheus';
import { prometheusInstalled, readMetricsCsv, startPrometheus, type RunningPrometheus, type Sample } from './prometheus-server';

/**
 * The Prometheus source against a real Prometheus: two built-in scenarios' metrics are backfilled
 * into its TSDB, and each incident is investigated after the fact through PromQL, as if the alert
 * had just been posted (no recorded window, no fault-free baseline: the minutes before the alert
 * are the reference). CI installs Prometheus (.ci/ensure-prometheus.sh) and requires it; elsewhere
 * the suite skips with a message when the binaries are missing.
 */
const SCENARIOS = ['kafka-consumer-lag', 'oom-crashloop-large-payloads'] as const;
const available = prometheusInstalled();
if (!available && process.env.CAUSA_REQUIRE_PROMETHEUS === '1') {
  throw new Error('prometheus and promtool are required (CAUSA_REQUIRE_PROMETHEUS=1) but not on the PATH; run .ci/ensure-prometheus.sh');
}
if (!available) console.warn('skipping the Prometheus integration tests: prometheus/promtool not on the PATH (install with apt-get install prometheus)');
const describeWithPrometheus = available ? describe : describe.skip;
const CALL_GRAPH = { metric: 'istio_requests_total', callerLabel: 'source_workload', calleeLabel: 'destination_workload' };

/** A service mesh's request counter for every call of the scenario's topology, every 15 s of its window. */
async function meshRequests(dir: string): Promise<Sample[]> {
  const topology = JSON.parse(await fs.readFile(path.join(dir, 'topology.json'), 'utf8')) as { calls: Array<{ from: string; to: string }> };
  const bundle = new BundleSource({ dir });
  const start = Date.parse(bundle.case.window.start) / 1000;
  const end = Date.parse(bundle.case.window.end) / 1000;
  const samples: Sample[] = [];
  for (const call of topology.calls) {
    for (let t = start, n = 0; t <= end; t += 15, n += 10) {
      samples.push({ timestamp: t, service: '', instance: '', metric: CALL_GRAPH.metric, value: n, labels: { source_workload: call.from, destination_workload: call.to } });
    }
  }
  return samples;
}

describeWithPrometheus('PrometheusSource against a real Prometheus', () => {
  let workdir: string;
  let prometheus: RunningPrometheus;
  const bundles = new Map<string, string>();

  beforeAll(async () => {
    workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-prometheus-'));
    const samples = [];
    for (const id of SCENARIOS) {
      const dir = path.join(workdir, id);
      await writeScenario(id, dir);
      bundles.set(id, dir);
      samples.push(...(await readMetricsCsv(path.join(dir, 'metrics.csv'))));
      samples.push(...(await meshRequests(dir)));
    }
    prometheus = await startPrometheus(path.join(workdir, 'prometheus'), samples);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await fs.rm(workdir, { recursive: true, force: true });
  });

  it('is healthy and lists the services and metrics that had data around an incident', async () => {
    const source = new PrometheusSource({ url: prometheus.url });
    expect(await source.health()).toMatchObject({ ok: true, message: expect.stringMatching(/^Prometheus \d/) });
    const bundle = new BundleSource({ dir: bundles.get('kafka-consumer-lag')! });
    const recorded = await bundle.catalog();
    const live = await source.catalog({ around: bundle.case.window });
    expect(live.services).toEqual(Object.keys(recorded.metrics).sort());
    expect(live.metrics).toEqual(recorded.metrics);
  });

  it('returns the recorded samples through PromQL, at the recorded resolution', async () => {
    const bundle = new BundleSource({ dir: bundles.get('kafka-consumer-lag')! });
    const params = { metric: 'cpu_usage_percent', service: 'kafka-broker', groupBy: 'instance' as const, aggregation: 'avg' as const, stepSeconds: 0, range: bundle.case.window };
    const recorded = await bundle.run({ name: 'metric_range', params });
    // The scenario samples every 15 s; Prometheus evaluates on the same grid.
    const live = await new PrometheusSource({ url: prometheus.url }).run({ name: 'metric_range', params: { ...params, stepSeconds: 15 } });
    expect(live.evidence).toMatchObject({ status: 'ok', queryText: 'avg by (service, instance) (cpu_usage_percent{service="kafka-broker"})' });
    if (recorded.data?.kind !== 'metric_range' || live.data?.kind !== 'metric_range') throw new Error('expected metric_range data');
    expect(live.data.series.map((s) => s.instance).sort()).toEqual(recorded.data.series.map((s) => s.instance).sort());
    // Each point Prometheus evaluates is the latest sample at or before it (instances scrape at their own offsets).
    for (const series of recorded.data.series) {
      const served = live.data.series.find((s) => s.instance === series.instance)!;
      expect(served.timestamps.length).toBeGreaterThan(series.timestamps.length * 0.9);
      served.timestamps.forEach((t, i) => {
        const latest = series.timestamps.filter((r) => r <= t).length - 1;
        if (latest >= 0) expect(served.values[i]).toBeCloseTo(series.values[latest], 6);
      });
    }
  });

  it("links each query's evidence to the same expression in the Prometheus UI, which serves it", async () => {
    const bundle = new BundleSource({ dir: bundles.get('kafka-consumer-lag')! });
    const params = { metric: 'cpu_usage_percent', service: 'kafka-broker', groupBy: 'instance' as const, aggregation: 'avg' as const, stepSeconds: 15, range: bundle.case.window };
    const { evidence } = await new PrometheusSource({ url: prometheus.url }).run({ name: 'metric_range', params });
    expect(evidence.links).toHaveLength(1);
    const link = new URL(evidence.links![0].url);
    expect(link.origin + link.pathname).toBe(`${prometheus.url.replace(/\/+$/, '')}/graph`);
    expect(link.searchParams.get('g0.expr')).toBe(evidence.queryText);
    expect(link.searchParams.get('g0.end_input')).toBe(bundle.case.window.end.replace('T', ' ').slice(0, 19));
    expect((await fetch(link)).status).toBe(200);
  });

  it('derives the recorded call graph from the mesh request metric', async () => {
    const dir = bundles.get('kafka-consumer-lag')!;
    const recorded = JSON.parse(await fs.readFile(path.join(dir, 'topology.json'), 'utf8')) as { calls: Array<{ from: string; to: string }> };
    const bundle = new BundleSource({ dir });
    const outcome = await new PrometheusSource({ url: prometheus.url, callGraph: CALL_GRAPH }).run({ name: 'topology', params: { range: bundle.case.window } });
    expect(outcome.evidence.status).toBe('ok');
    if (outcome.data?.kind !== 'topology') throw new Error('expected a topology');
    const key = (c: { from: string; to: string }) => `${c.from}>${c.to}`;
    expect(outcome.data.calls.map(key).sort()).toEqual(recorded.calls.map(key).sort());
  });

  it('investigates a pasted alert from the command line against the Prometheus in CAUSA_PROMETHEUS_URL', async () => {
    const bundle = new BundleSource({ dir: bundles.get('kafka-consumer-lag')! });
    const alertFile = path.join(workdir, 'alert.txt');
    const out = path.join(workdir, 'rca.json');
    await fs.writeFile(alertFile, bundle.case.alert.text);
    const result = await runCli(['investigate', '--alert', alertFile, '--at', bundle.case.alert.firedAt, '--format', 'json', '--out', out], { CAUSA_PROMETHEUS_URL: prometheus.url });
    expect(result.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(await fs.readFile(out, 'utf8')));
    expect(report.ranking[0]).toMatchObject({ service: 'kafka-broker', faultType: 'disk' });
  });

  it('looks for the same time a day, then a week, before, and says "no reference data" (not a failure) when neither has data', async () => {
    const bundle = new BundleSource({ dir: bundles.get('oom-crashloop-large-payloads')! });
    const investigator = new Investigator({
      reasoner: new OfflineReasoner(),
      source: new PrometheusSource({ url: prometheus.url, callGraph: CALL_GRAPH, baselineOffset: '1d' }),
      budget: BudgetSchema.parse({}),
      thresholds: ThresholdsSchema.parse({}),
    });
    const report = await investigator.run({ investigationId: 'prom-daily', alert: alertFromCase(bundle.case), record: async () => undefined });
    // Neither the day nor the week before holds data: that is said once, and the minutes before the alert are the reference.
    expect(report.baseline).toBeNull();
    expect(report.dataGaps).toContain('no reference data 1d or 7d earlier: the minutes before the alert are the only reference');
    expect(report.evidence.filter((e) => e.status === 'error')).toEqual([]);
    expect(report.ranking[0]).toMatchObject({ service: 'image-resizer', faultType: 'memory' });
  });

  it.each(SCENARIOS)('investigates %s after the fact through PromQL and finds the recorded root cause', async (id) => {
    const dir = bundles.get(id)!;
    const bundle = new BundleSource({ dir });
    const answer = answerOf(id);
    const investigator = new Investigator({
      reasoner: new OfflineReasoner(),
      source: new PrometheusSource({ url: prometheus.url, callGraph: CALL_GRAPH }),
      budget: BudgetSchema.parse({}),
      thresholds: ThresholdsSchema.parse({}),
    });
    const report = await investigator.run({ investigationId: `prom-${id}`, alert: alertFromCase(bundle.case), record: async () => undefined });
    expect(report.baseline).toBeNull();
    expect(report.dataGaps.join(' ')).not.toMatch(/no service topology/);
    expect(report.evidence.some((e) => e.sourceId === 'prometheus' && /\{service=|by \(service/.test(e.query))).toBe(true);
    expect(report.ranking[0]).toMatchObject({ service: answer.rootCause.service, faultType: answer.rootCause.faultType });
  });
});
