import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../../src/app/alert-from-case';
import { investigateBundle } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { Investigator } from '../../../src/core/investigation/investigator';
import { ReportSchema, type Report } from '../../../src/core/report/report-schema';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { writeBundleFiles } from '../../../src/scenarios/bundle-writer';
import { kubernetesObjectsOf } from '../../../src/scenarios/cluster-kubernetes-objects';
import { renderScenario } from '../../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../../src/telemetry/bundle';
import { SourceRouter } from '../../../src/telemetry/router/source-router';
import { FakeKubernetesServer } from './fake-kubernetes-server';
import { kubernetesSourceFor } from './kubernetes-harness';

const budget = BudgetSchema.parse({});
const thresholds = ThresholdsSchema.parse({});
const chain = (report: Report) => report.causalChain.map((link) => `${link.service}:${link.kind}`);

/**
 * The crash-looping scenario as a cluster would show it: the OOM kills, back-offs and restarts
 * come only from a Kubernetes API (pod status and events of the alert's namespace, exported from
 * the scenario), the metrics and call graph from the recorded bundle, both through the router.
 * The investigation must reach the bundle's root cause and causal chain, citing Kubernetes.
 */
describe('crash loops and rollouts read from the Kubernetes API plus recorded metrics', () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-kubernetes-scenario-'));
  });
  beforeEach(() => {
    root = base;
  });
  afterAll(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  it.each([
    ['oom-crashloop-large-payloads', 'crash-loop', /(oom-killed|back-off|restart) event at /],
    ['deploy-regression', 'deploy-change', /deploy event at .*Deployment \S+ rolled out revision 2 with image /],
  ])('%s reaches the same root cause and chain as the recorded bundle', async (id, kind, finding) => {
    const { files } = renderScenario(id);
    root = path.join(root, id);
    await writeBundleFiles(path.join(root, 'full'), files);
    const metricsOnly = Object.fromEntries(Object.entries(files).filter(([name]) => ['case.json', 'metrics.csv', 'topology.json'].includes(name)));
    await writeBundleFiles(path.join(root, 'metrics'), metricsOnly);
    const bundle = new BundleSource({ dir: path.join(root, 'metrics') });
    const alert = alertFromCase(bundle.case);
    const namespace = alert.labels.namespace;
    expect(namespace).toBeDefined();
    const server = await new FakeKubernetesServer(kubernetesObjectsOf(files, namespace)).start();
    const kubernetes = await kubernetesSourceFor(server.url);
    try {
      const recorded = (await investigateBundle({ dir: path.join(root, 'full'), reasoner: new OfflineReasoner(), budget, thresholds })).report;
      const router = new SourceRouter([{ source: bundle }, { source: kubernetes.source }]);
      const live = await new Investigator({ reasoner: new OfflineReasoner(), source: router, budget, thresholds }).run({ investigationId: `k8s-${id}`, alert, record: async () => undefined });
      ReportSchema.parse(live);

      expect(live.abstained).toBe(recorded.abstained);
      expect({ service: live.ranking[0]?.service, faultType: live.ranking[0]?.faultType }).toEqual({ service: recorded.ranking[0].service, faultType: recorded.ranking[0].faultType });
      expect(chain(live)).toEqual(chain(recorded));
      expect(live.telemetryProblems).toEqual([]);
      // The change events came from the API server, read in the alert's namespace only.
      const kubernetesEvidence = live.evidence.filter((e) => e.sourceId === 'kubernetes' && e.status === 'ok');
      expect(kubernetesEvidence.length).toBeGreaterThan(0);
      expect(kubernetesEvidence[0].query).toContain(`--namespace ${namespace}`);
      expect(server.requests.every((r) => r.path === '/version' || r.path.includes(`/namespaces/${namespace}/`))).toBe(true);
      // The hypothesis the Kubernetes evidence is about was tested with it.
      const tested = live.hypotheses.find((h) => h.kind === kind && h.subject.service === recorded.ranking[0].service);
      expect(tested?.finding).toMatch(finding);
      expect(tested?.evidenceIds.some((eid) => live.evidence.find((e) => e.id === eid)?.sourceId === 'kubernetes')).toBe(true);
    } finally {
      await server.stop();
      await kubernetes.remove();
    }
  });
});
