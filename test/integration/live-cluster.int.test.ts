import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { alertFromCase } from '../../src/app/alert-from-case';
import { investigateBundle } from '../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { Investigator } from '../../src/core/investigation/investigator';
import { ReportSchema } from '../../src/core/report/report-schema';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { scenarioNamespace } from '../../src/scenarios/cluster-export';
import { clusterMetricsOf, KUBELET_SERVICE } from '../../src/scenarios/cluster-metrics';
import { logStreamsOf } from '../../src/scenarios/cluster-log-streams';
import { otlpTracesOf } from '../../src/scenarios/cluster-otlp-traces';
import { listScenarios, renderScenario } from '../../src/scenarios/scenario-catalog';
import { writeBundleFiles } from '../../src/scenarios/bundle-writer';
import { BundleSource } from '../../src/telemetry/bundle';
import { LokiSource } from '../../src/telemetry/loki/loki-source';
import { PrometheusSource } from '../../src/telemetry/prometheus';
import { SourceRouter } from '../../src/telemetry/router/source-router';
import { TempoBackend } from '../../src/telemetry/tempo/tempo-backend';
import { TraceSource } from '../../src/telemetry/traces/trace-source';
import { FakeLokiServer } from '../telemetry/loki/fake-loki-server';
import { FakeTempoServer } from '../telemetry/traces/fake-trace-servers';
import { prometheusInstalled, startPrometheusOn, type RunningPrometheus } from '../telemetry/prometheus/prometheus-server';

/**
 * Every built-in scenario as a kube-prometheus-stack cluster would hold it: cAdvisor,
 * kube-state-metrics, ServiceMonitor and span metrics backfilled into one real Prometheus (the
 * scenarios lie on different days), logs from a Loki and traces from a Tempo speaking their HTTP
 * APIs, change events from the recorded events alone. Investigated with the default (`auto`)
 * workload preset, each must name the same root cause as the recorded bundle, and never the
 * kubelet whose Service labels every container series.
 */
const available = prometheusInstalled();
if (!available && process.env.CAUSA_REQUIRE_PROMETHEUS === '1') {
  throw new Error('prometheus and promtool are required (CAUSA_REQUIRE_PROMETHEUS=1) but not on the PATH; run .ci/ensure-prometheus.sh');
}
if (!available) console.warn('skipping the live cluster integration tests: prometheus/promtool not on the PATH (install with apt-get install prometheus)');
const describeWithPrometheus = available ? describe : describe.skip;
const budget = BudgetSchema.parse({});
const thresholds = ThresholdsSchema.parse({});

describeWithPrometheus('investigations over a live kube-prometheus-stack cluster match the bundle', () => {
  let root: string;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-live-cluster-'));
    const data = path.join(root, 'prometheus', 'data');
    await fs.mkdir(data, { recursive: true });
    for (const { id } of listScenarios()) {
      const { files } = renderScenario(id);
      const input = path.join(root, `${id}.om`);
      await fs.writeFile(input, clusterMetricsOf(files, scenarioNamespace(files, id)));
      const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { encoding: 'utf8' });
      if (backfill.status !== 0) throw new Error(`promtool could not backfill ${id}: ${backfill.stderr || backfill.stdout}`);
      await fs.rm(input);
    }
    prometheus = await startPrometheusOn(path.join(root, 'prometheus'));
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each(listScenarios().map((s) => s.id))('%s', async (id) => {
    const { files } = renderScenario(id);
    const namespace = scenarioNamespace(files, id);
    await writeBundleFiles(path.join(root, id, 'full'), files);
    const eventsOnly = Object.fromEntries(Object.entries(files).filter(([name]) => ['case.json', 'events.jsonl'].includes(name)));
    await writeBundleFiles(path.join(root, id, 'events'), eventsOnly);
    const loki = await new FakeLokiServer(logStreamsOf(files['logs.jsonl'], namespace)).start();
    const placement = (JSON.parse(files['topology.json']) as { placement?: Record<string, string> }).placement;
    const tempo = await new FakeTempoServer(otlpTracesOf(files['spans.jsonl'], namespace, placement)).start();
    try {
      const recorded = (await investigateBundle({ dir: path.join(root, id, 'full'), reasoner: new OfflineReasoner(), budget, thresholds })).report;
      const events = new BundleSource({ dir: path.join(root, id, 'events'), id: 'events' });
      const traces = new TraceSource({ id: 'tempo', kind: 'tempo', backend: new TempoBackend({ url: tempo.url, timeoutMs: 10_000 }) });
      const router = new SourceRouter([
        { source: new PrometheusSource({ url: prometheus.url }) },
        { source: new LokiSource({ url: loki.url, spans: traces }) },
        { source: traces },
        ...(files['events.jsonl'] ? [{ source: events }] : []),
      ]);
      const live = await new Investigator({ reasoner: new OfflineReasoner(), source: router, budget, thresholds }).run({ investigationId: `cluster-${id}`, alert: alertFromCase(events.case), record: async () => undefined });
      ReportSchema.parse(live);

      // The root cause is the service; rate windows of four scrapes smooth CPU counters, which can change the fault type the reasoner prefers.
      expect({ id, rootCause: live.ranking[0]?.service }).toEqual({ id, rootCause: recorded.ranking[0]?.service });
      expect(live.abstained).toBe(recorded.abstained);
      expect(live.ranking.map((r) => r.service)).not.toContain(KUBELET_SERVICE);
      expect(live.telemetryProblems).toEqual([]);
      expect(live.evidence.some((e) => e.sourceId === 'prometheus' && /namespace="/.test(e.query))).toBe(true);
    } finally {
      await loki.stop();
      await tempo.stop();
    }
  });
});
