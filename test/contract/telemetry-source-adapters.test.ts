import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../src/telemetry/bundle';
import { PrometheusSource } from '../../src/telemetry/prometheus';
import { prometheusInstalled, readMetricsCsv, startPrometheus } from '../telemetry/prometheus/prometheus-server';
import { JaegerBackend } from '../../src/telemetry/jaeger/jaeger-backend';
import { LokiSource } from '../../src/telemetry/loki/loki-source';
import { SourceRouter } from '../../src/telemetry/router/source-router';
import { TempoBackend } from '../../src/telemetry/tempo/tempo-backend';
import { TraceSource } from '../../src/telemetry/traces/trace-source';
import { FakeKubernetesServer } from '../telemetry/kubernetes/fake-kubernetes-server';
import { kubernetesSourceFor } from '../telemetry/kubernetes/kubernetes-harness';
import { PERIOD, recordedCluster } from '../telemetry/kubernetes/recorded-cluster';
import { scenarioLoki } from '../telemetry/loki/scenario-loki';
import { FakeJaegerServer, FakeTempoServer } from '../telemetry/traces/fake-trace-servers';
import { scenarioTraces } from '../telemetry/traces/scenario-traces';
import { runTelemetrySourceContract } from './telemetry-source-contract';

async function scenarioDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-source-contract-'));
  await writeScenario('kafka-consumer-lag', path.join(dir, 'bundle'));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

runTelemetrySourceContract('bundle', async () => {
  const { dir, remove } = await scenarioDir();
  const source = new BundleSource({ dir: path.join(dir, 'bundle') });
  return { source, range: source.case.window, metric: 'cpu_usage_percent', cleanup: remove };
});

// The same recorded metrics served by a real Prometheus (CI installs it; elsewhere it may be absent).
if (prometheusInstalled()) {
  runTelemetrySourceContract('prometheus (real server)', async () => {
    const { dir, remove } = await scenarioDir();
    const bundle = new BundleSource({ dir: path.join(dir, 'bundle') });
    const prometheus = await startPrometheus(path.join(dir, 'prometheus'), await readMetricsCsv(path.join(dir, 'bundle', 'metrics.csv')));
    return {
      source: new PrometheusSource({ url: prometheus.url }),
      range: bundle.case.window,
      metric: 'cpu_usage_percent',
      cleanup: async () => {
        await prometheus.stop();
        await remove();
      },
    };
  });
} else {
  console.warn('skipping the Prometheus run of the TelemetrySource contract: prometheus/promtool not on the PATH');
}

// Logs and traces of a scenario, served by local servers speaking Loki's, Tempo's and Jaeger's APIs.
runTelemetrySourceContract('loki (fake Loki, recorded response shapes)', async () => {
  const { loki, window } = await scenarioLoki('kafka-consumer-lag');
  return {
    source: new LokiSource({ url: loki.url }),
    range: window,
    probe: {
      answered: { name: 'log_template_counts', params: { groupBy: 'service', range: window, limit: 50 } },
      empty: { name: 'log_search', params: { service: 'no-such-service', range: window, limit: 10 } },
    },
    cleanup: () => loki.stop(),
  };
});

for (const [kind, Server, Backend] of [['tempo', FakeTempoServer, TempoBackend], ['jaeger', FakeJaegerServer, JaegerBackend]] as const) {
  runTelemetrySourceContract(`${kind} (fake ${kind}, recorded response shapes)`, async () => {
    const { otlp, window } = scenarioTraces('kafka-consumer-lag');
    const server = await new Server(otlp).start();
    return {
      source: new TraceSource({ id: kind, kind, backend: new Backend({ url: server.url, timeoutMs: 5000 }) }),
      range: window,
      probe: {
        answered: { name: 'span_stats', params: { groupBy: 'service', range: window } },
        empty: { name: 'span_stats', params: { service: 'no-such-service', groupBy: 'service', range: window } },
      },
      cleanup: () => server.stop(),
    };
  });
}

// The router over metrics from a bundle and logs from Loki answers as one source.
runTelemetrySourceContract('router (bundle metrics + fake Loki)', async () => {
  const { dir, remove } = await scenarioDir();
  const { loki } = await scenarioLoki('kafka-consumer-lag');
  const bundle = new BundleSource({ dir: path.join(dir, 'bundle') });
  return {
    source: new SourceRouter([{ source: bundle }, { source: new LokiSource({ url: loki.url }) }]),
    range: bundle.case.window,
    metric: 'cpu_usage_percent',
    evidenceSourceIds: ['bundle'],
    cleanup: async () => {
      await loki.stop();
      await remove();
    },
  };
});

// Kubernetes events, pod status and rollouts, served by a local server speaking the Kubernetes API
// with recorded object shapes, read through @kubernetes/client-node.
runTelemetrySourceContract('kubernetes (fake API server, recorded response shapes)', async () => {
  const server = await new FakeKubernetesServer(recordedCluster()).start();
  const { source, remove } = await kubernetesSourceFor(server.url, { namespace: 'shop' });
  return {
    source,
    range: PERIOD,
    probe: {
      answered: { name: 'event_search', params: { range: PERIOD, limit: 50 } },
      empty: { name: 'event_search', params: { service: 'no-such-service', range: PERIOD, limit: 50 } },
    },
    cleanup: async () => {
      await server.stop();
      await remove();
    },
  };
});
