import { createHash } from 'node:crypto';
import { OpenMetricsWriter } from './open-metrics-writer';

/**
 * The built-in scenarios' metrics as a kube-prometheus-stack cluster would store them, as
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`:
 *
 * - cAdvisor (through the kubelet, so every series carries `service="kube-prometheus-stack-kubelet"`):
 *   `container_cpu_usage_seconds_total` and `container_cpu_cfs_throttled_seconds_total` as counters,
 *   `container_memory_working_set_bytes`, `container_spec_memory_limit_bytes`, with the pod's
 *   sandbox (`container="POD"`) and pod cgroup (`container=""`) series beside the container's;
 * - kube-state-metrics: `kube_pod_owner`, `kube_replicaset_owner`, `kube_pod_container_status_restarts_total`;
 * - the application as a ServiceMonitor scrapes it (`service`, `job`, `pod`): `http_requests_total`
 *   by `code`, latency as the histogram `http_request_duration_seconds` by `code` (server and
 *   client RPC latency as `rpc_server_duration_seconds` / `rpc_client_duration_seconds`), payload
 *   sizes as the summary `http_request_size_bytes`, everything else as the gauge it is;
 * - OpenTelemetry span metrics from the spans (`traces_span_metrics_calls_total` by service,
 *   span name, kind and status).
 */
export const KUBELET_SERVICE = 'kube-prometheus-stack-kubelet';
/** Latency buckets from 1 ms to about a minute, each 1.25× the one before. */
const BUCKETS = Array.from({ length: 50 }, (_, i) => Number((0.001 * 1.25 ** i).toPrecision(3)));

interface Row {
  t: number;
  value: number;
}

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** Converts a scenario bundle's files into OpenMetrics text for `namespace`. */
export function clusterMetricsOf(files: Record<string, string>, namespace: string): string {
  const out = new OpenMetricsWriter();
  const rows = new Map<string, Map<string, Row[]>>();
  for (const line of files['metrics.csv'].split('\n').slice(1)) {
    const [t, service, instance, metric, value] = line.split(',');
    if (!service || !metric) continue;
    const pod = instance || `${service}-0`;
    const key = `${service}\u0000${pod}`;
    const byMetric = rows.get(key) ?? rows.set(key, new Map()).get(key)!;
    (byMetric.get(metric) ?? byMetric.set(metric, []).get(metric)!).push({ t: Number(t), value: Number(value) });
  }
  const replicaSets = new Map<string, string>();
  for (const [key, byMetric] of rows) {
    const [service, pod] = key.split('\u0000');
    for (const series of byMetric.values()) series.sort((a, b) => a.t - b.t);
    const times = [...new Set([...byMetric.values()].flatMap((s) => s.map((r) => r.t)))].sort((a, b) => a - b);
    const node = `ip-10-0-${parseInt(hex(pod, 2), 16) % 8}-${parseInt(hex(pod, 4), 16) % 250}`;
    const cadvisor = { endpoint: 'https-metrics', instance: '10.0.0.10:10250', job: 'kubelet', metrics_path: '/metrics/cadvisor', namespace, node, pod, service: KUBELET_SERVICE };
    const container = { ...cadvisor, container: service, image: `registry.example.internal/${namespace}/${service}:1.0.0`, id: `/kubepods/burstable/pod${hex(pod, 8)}/${hex(`${pod}/c`, 12)}` };
    const ksm = { container: 'kube-state-metrics', endpoint: 'http', instance: '10.0.0.20:8080', job: 'kube-state-metrics', namespace, pod, service: 'kube-prometheus-stack-kube-state-metrics', uid: hex(pod, 16) };
    const app = { container: service, endpoint: 'http-metrics', instance: `10.1.${parseInt(hex(pod, 2), 16)}.${parseInt(hex(pod, 3), 16) % 250}:8080`, job: service, namespace, pod, service };

    const deployment = /^(.+)-([a-z0-9]{5,10})-[a-z0-9]{5}$/.exec(pod);
    const owner = deployment ? { owner_kind: 'ReplicaSet', owner_name: `${deployment[1]}-${deployment[2]}` } : /-\d+$/.test(pod) ? { owner_kind: 'StatefulSet', owner_name: pod.replace(/-\d+$/, '') } : undefined;
    if (owner?.owner_kind === 'ReplicaSet') replicaSets.set(owner.owner_name, deployment![1]);
    for (const t of times) if (owner) out.add('kube_pod_owner', 'gauge', 'kube_pod_owner', { ...ksm, ...owner, owner_is_controller: 'true' }, t, 1);

    const cpu = byMetric.get('cpu_usage_percent') ?? byMetric.get('cpu_usage_rate_percent');
    if (cpu) {
      counter(out, 'container_cpu_usage_seconds', container, cpu, (v) => v / 100);
      counter(out, 'container_cpu_usage_seconds', { ...cadvisor, container: 'POD', id: `/kubepods/burstable/pod${hex(pod, 8)}/${hex(`${pod}/p`, 12)}` }, cpu, () => 0.0005);
      counter(out, 'container_cpu_usage_seconds', { ...cadvisor, id: `/kubepods/burstable/pod${hex(pod, 8)}` }, cpu, (v) => v / 100 + 0.0005);
    }
    const throttled = byMetric.get('cpu_throttled_percent');
    if (throttled) counter(out, 'container_cpu_cfs_throttled_seconds', container, throttled, (v) => v / 100);
    const memory = byMetric.get('memory_usage_bytes') ?? byMetric.get('memory_usage_mebibytes')?.map((r) => ({ t: r.t, value: r.value * 1_048_576 }));
    if (memory) for (const r of memory) out.add('container_memory_working_set_bytes', 'gauge', 'container_memory_working_set_bytes', container, r.t, r.value);
    for (const r of byMetric.get('memory_limit_bytes') ?? []) out.add('container_spec_memory_limit_bytes', 'gauge', 'container_spec_memory_limit_bytes', container, r.t, r.value);
    for (const r of byMetric.get('container_restarts_total') ?? []) {
      out.add('kube_pod_container_status_restarts', 'counter', 'kube_pod_container_status_restarts_total', { ...ksm, container: service }, r.t, r.value);
    }

    const traffic = byMetric.get('requests_per_second') ?? byMetric.get('workload_ops_per_second');
    const errors = errorFractions(byMetric);
    const rate = (t: number) => valueAt(traffic, t) ?? 10;
    if (traffic || errors) {
      const times2 = (traffic ?? errors!).map((r) => r.t);
      const ok: Row[] = times2.map((t) => ({ t, value: rate(t) * (1 - (valueAt(errors, t) ?? 0)) }));
      const failed: Row[] = times2.map((t) => ({ t, value: rate(t) * (valueAt(errors, t) ?? 0) }));
      counter(out, 'http_requests', { ...app, code: '200', method: 'GET' }, ok, (v) => v);
      counter(out, 'http_requests', { ...app, code: '500', method: 'GET' }, failed, (v) => v);
    }
    const latencies: Array<[string, string]> = [
      ['latency_p90_seconds', 'http_request_duration_seconds'],
      ['server_latency_p90_seconds', 'rpc_server_duration_seconds'],
      ['client_latency_p90_seconds', 'rpc_client_duration_seconds'],
    ];
    for (const [metric, family] of latencies) {
      const series = byMetric.get(metric);
      if (series) histogram(out, family, app, series, rate, (t) => valueAt(errors, t) ?? 0);
    }
    for (const r of byMetric.get('request_size_bytes_p99') ?? []) out.add('http_request_size_bytes', 'summary', 'http_request_size_bytes', { ...app, quantile: '0.99' }, r.t, r.value);

    const mapped = new Set(['cpu_usage_percent', 'cpu_usage_rate_percent', 'cpu_throttled_percent', 'memory_usage_bytes', 'memory_usage_mebibytes', 'memory_limit_bytes', 'container_restarts_total', 'requests_per_second', 'workload_ops_per_second', 'error_rate_percent', 'success_rate_percent', 'request_size_bytes_p99', ...latencies.map(([m]) => m)]);
    for (const [metric, series] of byMetric) {
      if (mapped.has(metric)) continue;
      for (const r of series) out.add(metric, 'gauge', metric, app, r.t, r.value);
    }
  }
  const allTimes = [...rows.values()].flatMap((m) => [...m.values()].flatMap((s) => s.map((r) => r.t)));
  const [first, last] = [Math.min(...allTimes), Math.max(...allTimes)];
  for (const [replicaset, deployment] of replicaSets) {
    const labels = { container: 'kube-state-metrics', endpoint: 'http', instance: '10.0.0.20:8080', job: 'kube-state-metrics', namespace, service: 'kube-prometheus-stack-kube-state-metrics', replicaset, owner_kind: 'Deployment', owner_name: deployment, owner_is_controller: 'true' };
    for (let t = first; t <= last; t += 30) out.add('kube_replicaset_owner', 'gauge', 'kube_replicaset_owner', labels, t, 1);
  }
  if (files['spans.jsonl']) spanMetrics(out, files['spans.jsonl'], namespace);
  return out.render();
}

/** The share of failed requests at each sample: error_rate_percent, or 100 − success_rate_percent. */
function errorFractions(byMetric: Map<string, Row[]>): Row[] | undefined {
  const errors = byMetric.get('error_rate_percent');
  if (errors) return errors.map((r) => ({ t: r.t, value: Math.min(1, Math.max(0, r.value / 100)) }));
  const success = byMetric.get('success_rate_percent');
  return success?.map((r) => ({ t: r.t, value: Math.min(1, Math.max(0, 1 - r.value / 100)) }));
}

/** The latest value at or before `t` (the first one before the series starts). */
function valueAt(series: Row[] | undefined, t: number): number | undefined {
  if (!series || series.length === 0) return undefined;
  let found = series[0].value;
  for (const r of series) {
    if (r.t > t) break;
    found = r.value;
  }
  return found;
}

/** A counter that grows by `perSecond(value)` × the time since the previous sample. */
function counter(out: OpenMetricsWriter, family: string, labels: Record<string, string>, series: Row[], perSecond: (v: number) => number): void {
  let total = 0;
  series.forEach((r, i) => {
    const dt = i === 0 ? (series[1]?.t ?? r.t + 15) - r.t : r.t - series[i - 1].t;
    total += Math.max(0, perSecond(r.value)) * dt;
    out.add(family, 'counter', `${family}_total`, labels, r.t, total);
  });
}

/**
 * A histogram whose requests follow a distribution with the recorded p90 (and a p99 twice as
 * long, a median half as long), so histogram_quantile over its buckets gives back the recorded
 * latency. Requests are split by `code` as the error share says.
 */
function histogram(out: OpenMetricsWriter, family: string, labels: Record<string, string>, series: Row[], rate: (t: number) => number, errorShare: (t: number) => number): void {
  const totals = new Map<string, number[]>();
  const sums = new Map<string, number>();
  series.forEach((r, i) => {
    const dt = i === 0 ? (series[1]?.t ?? r.t + 15) - r.t : r.t - series[i - 1].t;
    const n = Math.max(0.01, rate(r.t) * dt);
    const cumulative = [...BUCKETS.map((le) => shareBelow(le, r.value)), 1];
    for (const [code, share] of [['200', 1 - errorShare(r.t)], ['500', errorShare(r.t)]] as const) {
      const counts = totals.get(code) ?? totals.set(code, new Array(BUCKETS.length + 1).fill(0)).get(code)!;
      cumulative.forEach((c, b) => (counts[b] += c * n * share));
      sums.set(code, (sums.get(code) ?? 0) + r.value * 0.7 * n * share);
      const withCode = { ...labels, code };
      BUCKETS.forEach((le, b) => out.add(family, 'histogram', `${family}_bucket`, { ...withCode, le: String(le) }, r.t, counts[b]));
      out.add(family, 'histogram', `${family}_bucket`, { ...withCode, le: '+Inf' }, r.t, counts[BUCKETS.length]);
      out.add(family, 'histogram', `${family}_count`, withCode, r.t, counts[BUCKETS.length]);
      out.add(family, 'histogram', `${family}_sum`, withCode, r.t, sums.get(code)!);
    }
  });
}

/** The share of requests at or below `x` when the p50, p90 and p99 are p90/2, p90 and 2·p90 (piecewise linear). */
function shareBelow(x: number, p90: number): number {
  const points: Array<[number, number]> = [
    [0, 0],
    [p90 / 2, 0.5],
    [p90, 0.9],
    [2 * p90, 0.99],
    [4 * p90, 1],
  ];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x0, y0] = points[i - 1];
    if (x <= x1) return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return 1;
}

interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  operation: string;
  start: string;
  error?: boolean;
}

/** `traces_span_metrics_calls_total` as the spanmetrics connector counts spans, per 15 s. */
function spanMetrics(out: OpenMetricsWriter, spansJsonl: string, namespace: string): void {
  const spans = spansJsonl.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as SpanRow);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const counts = new Map<string, { labels: Record<string, string>; perBucket: Map<number, number> }>();
  const count = (labels: Record<string, string>, t: number) => {
    const key = JSON.stringify(labels);
    const entry = counts.get(key) ?? counts.set(key, { labels, perBucket: new Map() }).get(key)!;
    const bucket = Math.floor(t / 15) * 15;
    entry.perBucket.set(bucket, (entry.perBucket.get(bucket) ?? 0) + 1);
  };
  for (const span of spans) {
    const t = Date.parse(span.start) / 1000;
    const status = span.error ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_UNSET';
    count({ service_name: span.service, span_name: span.operation, span_kind: 'SPAN_KIND_SERVER', status_code: status, k8s_namespace_name: namespace }, t);
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    if (parent && parent.service !== span.service) count({ service_name: parent.service, span_name: span.operation, span_kind: 'SPAN_KIND_CLIENT', status_code: status, k8s_namespace_name: namespace }, t);
  }
  for (const { labels, perBucket } of counts.values()) {
    const buckets = [...perBucket.keys()].sort((a, b) => a - b);
    let total = 0;
    for (let t = buckets[0]; t <= buckets[buckets.length - 1] + 15; t += 15) {
      total += perBucket.get(t - 15) ?? 0;
      out.add('traces_span_metrics_calls', 'counter', 'traces_span_metrics_calls_total', labels, t, total);
    }
  }
}
