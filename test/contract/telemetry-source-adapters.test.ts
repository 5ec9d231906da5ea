import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../src/telemetry/bundle';
import { PrometheusSource } from '../../src/telemetry/prometheus';
import { prometheusInstalled, readMetricsCsv, startPrometheus } from '../telemetry/prometheus/prometheus-server';
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
