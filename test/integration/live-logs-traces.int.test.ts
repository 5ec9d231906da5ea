import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../src/app/alert-from-case';
import { investigateBundle } from '../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { Investigator } from '../../src/core/investigation/investigator';
import { ReportSchema, type Report } from '../../src/core/report/report-schema';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { logStreamsOf } from '../../src/scenarios/cluster-log-streams';
import { otlpTracesOf } from '../../src/scenarios/cluster-otlp-traces';
import { listScenarios, renderScenario } from '../../src/scenarios/scenario-catalog';
import { writeBundleFiles } from '../../src/scenarios/bundle-writer';
import { BundleSource } from '../../src/telemetry/bundle';
import { LokiSource } from '../../src/telemetry/loki/loki-source';
import { SourceRouter } from '../../src/telemetry/router/source-router';
import { TempoBackend } from '../../src/telemetry/tempo/tempo-backend';
import { TraceSource } from '../../src/telemetry/traces/trace-source';
import { FakeLokiServer } from '../telemetry/loki/fake-loki-server';
import { FakeTempoServer } from '../telemetry/traces/fake-trace-servers';

const budget = BudgetSchema.parse({});
const thresholds = ThresholdsSchema.parse({});
const chain = (report: Report) => report.causalChain.map((link) => `${link.service}:${link.kind}`);

/**
 * Every built-in scenario investigated as a cluster would serve it: logs from Loki (streams with
 * pod labels and trace ids as structured metadata), traces from Tempo (OTLP), metrics and change
 * events from the recorded bundle, no recorded topology (the call graph comes from the traces, pod
 * placement from their k8s.node.name resource attribute).
 * The investigation must reach the same root cause and chain as over the bundle alone.
 */
describe('investigations over Loki + Tempo + recorded metrics match the bundle', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-live-sources-'));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each(listScenarios().map((s) => s.id))('%s', async (id) => {
    const { files } = renderScenario(id);
    await writeBundleFiles(path.join(root, id, 'full'), files);
    const metricsOnly = Object.fromEntries(Object.entries(files).filter(([name]) => ['case.json', 'metrics.csv', 'events.jsonl'].includes(name)));
    await writeBundleFiles(path.join(root, id, 'metrics'), metricsOnly);
    const loki = await new FakeLokiServer(logStreamsOf(files['logs.jsonl'], id)).start();
    const placement = (JSON.parse(files['topology.json']) as { placement?: Record<string, string> }).placement;
    const tempo = await new FakeTempoServer(otlpTracesOf(files['spans.jsonl'], id, placement)).start();
    try {
      const recorded = (await investigateBundle({ dir: path.join(root, id, 'full'), reasoner: new OfflineReasoner(), budget, thresholds })).report;
      const bundle = new BundleSource({ dir: path.join(root, id, 'metrics') });
      const traces = new TraceSource({ id: 'tempo', kind: 'tempo', backend: new TempoBackend({ url: tempo.url, timeoutMs: 10_000 }) });
      const router = new SourceRouter([{ source: bundle }, { source: new LokiSource({ url: loki.url, spans: traces }) }, { source: traces }]);
      const live = await new Investigator({ reasoner: new OfflineReasoner(), source: router, budget, thresholds }).run({ investigationId: `live-${id}`, alert: alertFromCase(bundle.case), record: async () => undefined });
      ReportSchema.parse(live);

      expect(live.abstained).toBe(recorded.abstained);
      expect({ id, top: live.ranking[0] && { service: live.ranking[0].service, faultType: live.ranking[0].faultType } }).toEqual({ id, top: recorded.ranking[0] && { service: recorded.ranking[0].service, faultType: recorded.ranking[0].faultType } });
      expect(chain(live).slice(-1)).toEqual(chain(recorded).slice(-1));
      expect(live.telemetryProblems).toEqual([]);
      const sources = new Set(live.evidence.map((e) => e.sourceId));
      expect(sources).toEqual(new Set(['bundle', 'loki', 'tempo']));
      const topology = live.evidence.find((e) => e.queryName === 'topology');
      expect(topology?.finding).toMatch(/^call graph derived from \d+ traces in Tempo/);
    } finally {
      await loki.stop();
      await tempo.stop();
    }
  });
});
