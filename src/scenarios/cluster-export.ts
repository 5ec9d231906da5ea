import { promises as fs } from 'node:fs';
import path from 'node:path';
import { clusterMetricsOf } from './cluster-metrics';
import { logStreamsOf } from './cluster-log-streams';
import { otlpTracesOf } from './cluster-otlp-traces';
import { renderScenario } from './scenario-catalog';

/** The files one scenario's cluster-shaped export holds. */
export const CLUSTER_EXPORT_FILES = {
  metrics: 'metrics.om',
  logs: 'loki-push.json',
  traces: 'otlp-traces.json',
  alert: 'case.json',
} as const;

/** The namespace a scenario's workloads run in: its alert's `namespace` label, else the scenario id. */
export function scenarioNamespace(files: Record<string, string>, id: string): string {
  return (JSON.parse(files['case.json']) as { alert: { labels: Record<string, string> } }).alert.labels.namespace ?? id;
}

/**
 * Writes scenario `id` into `dir/<id>/` as a cluster would hold it: metrics as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics` (kube-prometheus-stack layout plus span metrics),
 * logs as a Loki push body, traces as an OTLP/JSON export, and the case (alert) beside them.
 * Returns the files written.
 */
export async function exportClusterScenario(id: string, dir: string): Promise<string[]> {
  const { files } = renderScenario(id);
  const namespace = scenarioNamespace(files, id);
  const out = path.join(dir, id);
  await fs.mkdir(out, { recursive: true });
  const written: Array<[string, string]> = [
    [CLUSTER_EXPORT_FILES.metrics, clusterMetricsOf(files, namespace)],
    [CLUSTER_EXPORT_FILES.alert, files['case.json']],
  ];
  if (files['logs.jsonl']) written.push([CLUSTER_EXPORT_FILES.logs, JSON.stringify(logStreamsOf(files['logs.jsonl'], namespace))]);
  if (files['spans.jsonl']) {
    const placement = files['topology.json'] ? (JSON.parse(files['topology.json']) as { placement?: Record<string, string> }).placement : undefined;
    written.push([CLUSTER_EXPORT_FILES.traces, JSON.stringify(otlpTracesOf(files['spans.jsonl'], namespace, placement))]);
  }
  for (const [name, text] of written) await fs.writeFile(path.join(out, name), text);
  return written.map(([name]) => path.join(out, name));
}
