import { PrometheusSource } from '../../../src/telemetry/prometheus';
import { fakePrometheusApi, type SeenPrometheusRequest } from './fake-prometheus-api';

const range = { start: '2024-01-01T10:00:00Z', end: '2024-01-01T10:30:00Z' };
const CART_A = 'cart-7d9c6b5f4-x2x8k';
const CART_B = 'cart-7d9c6b5f4-q9wzt';
const kubelet = { endpoint: 'https-metrics', instance: '10.0.1.5:10250', job: 'kubelet', metrics_path: '/metrics/cadvisor', node: 'node-1', service: 'kube-prometheus-stack-kubelet' };
const ksm = { container: 'kube-state-metrics', endpoint: 'http', instance: '10.0.2.3:8080', job: 'kube-state-metrics', service: 'kube-prometheus-stack-kube-state-metrics' };

/** Series of a kube-prometheus-stack cluster as /api/v1/series returns them (labels as the stack's scrape configs set them). */
const KUBE_SERIES = [
  { __name__: 'container_cpu_usage_seconds_total', ...kubelet, namespace: 'shop', pod: CART_A, container: 'cart', cpu: 'total', id: '/kubepods/burstable/pod1/c1' },
  { __name__: 'container_cpu_usage_seconds_total', ...kubelet, namespace: 'shop', pod: CART_B, container: 'cart', cpu: 'total', id: '/kubepods/burstable/pod2/c2' },
  { __name__: 'container_cpu_usage_seconds_total', ...kubelet, namespace: 'shop', pod: CART_A, container: 'POD', cpu: 'total', id: '/kubepods/burstable/pod1/p' },
  { __name__: 'container_cpu_usage_seconds_total', ...kubelet, namespace: 'shop', pod: CART_A, container: '', cpu: 'total', id: '/kubepods/burstable/pod1' },
  { __name__: 'container_memory_working_set_bytes', ...kubelet, namespace: 'shop', pod: 'redis-0', container: 'redis', id: '/kubepods/pod3/c3' },
  { __name__: 'kubelet_running_pods', ...kubelet, metrics_path: '/metrics' },
  { __name__: 'kube_pod_owner', ...ksm, namespace: 'shop', pod: CART_A, owner_kind: 'ReplicaSet', owner_name: 'cart-7d9c6b5f4', owner_is_controller: 'true', uid: 'u1' },
  { __name__: 'kube_pod_owner', ...ksm, namespace: 'shop', pod: CART_B, owner_kind: 'ReplicaSet', owner_name: 'cart-7d9c6b5f4', owner_is_controller: 'true', uid: 'u2' },
  { __name__: 'kube_pod_owner', ...ksm, namespace: 'shop', pod: 'redis-0', owner_kind: 'StatefulSet', owner_name: 'redis', owner_is_controller: 'true', uid: 'u3' },
  { __name__: 'kube_replicaset_owner', ...ksm, namespace: 'shop', replicaset: 'cart-7d9c6b5f4', owner_kind: 'Deployment', owner_name: 'cart', owner_is_controller: 'true' },
  { __name__: 'kube_pod_container_status_restarts_total', ...ksm, namespace: 'shop', pod: 'redis-0', container: 'redis', uid: 'u3' },
  // An application a ServiceMonitor scrapes: `service` is its Service, `pod` the pod.
  { __name__: 'http_requests_total', container: 'cart', endpoint: 'http', instance: '10.0.3.4:8080', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart', code: '200', method: 'GET' },
  { __name__: 'http_requests_total', container: 'cart', endpoint: 'http', instance: '10.0.3.4:8080', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart', code: '503', method: 'GET' },
  { __name__: 'http_request_duration_seconds_bucket', container: 'cart', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart', le: '0.5' },
  { __name__: 'http_request_duration_seconds_count', container: 'cart', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart' },
  { __name__: 'rpc_latency_seconds', container: 'cart', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart', quantile: '0.9' },
  { __name__: 'rpc_latency_seconds', container: 'cart', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart', quantile: '0.99' },
  { __name__: 'rpc_latency_seconds_sum', container: 'cart', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart' },
  { __name__: 'rpc_latency_seconds_count', container: 'cart', job: 'cart', namespace: 'shop', pod: CART_A, service: 'cart' },
];

/** Raw samples every 30 s (what a range selector returns), and a matrix of `points` per result label set. */
function answerKube(request: SeenPrometheusRequest, results: Array<Record<string, string>> = []) {
  if (request.path === 'series') return KUBE_SERIES;
  if (request.path === 'metadata') return {};
  if (request.path === 'query' && /\[\d+s\]$/.test(request.form.get('query') ?? '')) {
    return { resultType: 'matrix', result: [{ metric: {}, values: [[1704103200, '1'], [1704103230, '2'], [1704103260, '3']] }] };
  }
  if (request.path === 'query') return { resultType: 'vector', result: [] };
  if (request.path === 'query_range') return { resultType: 'matrix', result: results.map((metric, i) => ({ metric, values: [[1704103200, String(i + 1)], [1704103260, String(2 * (i + 1))]] })) };
  return undefined;
}

describe('PrometheusSource workload presets', () => {
  let server: Awaited<ReturnType<typeof fakePrometheusApi>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('names kube-prometheus-stack series by their owning workload, never by the kubelet’s service label', async () => {
    server = await fakePrometheusApi((r) => answerKube(r));
    const catalog = await new PrometheusSource({ url: server.url }).catalog({ around: range });
    expect(catalog.services).toEqual(['cart', 'redis']);
    expect(catalog.metrics.cart).toEqual([
      'container_cpu_usage_seconds_total',
      'http_request_duration_seconds_p90',
      'http_request_duration_seconds_p99',
      'http_requests_error_ratio',
      'http_requests_total',
      'rpc_latency_seconds_mean',
      'rpc_latency_seconds_p90',
      'rpc_latency_seconds_p99',
      'rpc_latency_seconds_rate',
    ]);
    expect(catalog.metrics.redis).toEqual(['container_memory_working_set_bytes', 'kube_pod_container_status_restarts_total']);
  });

  it('rates container CPU over four scrape intervals of the data and sums the pods of a Deployment into one series', async () => {
    server = await fakePrometheusApi((r) => answerKube(r, [{ namespace: 'shop', pod: CART_A }, { namespace: 'shop', pod: CART_B }]));
    const source = new PrometheusSource({ url: server.url });
    await source.catalog({ around: range });
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'container_cpu_usage_seconds_total', service: 'cart', groupBy: 'service', aggregation: 'sum', stepSeconds: 0, range } });
    expect(outcome.evidence.status).toBe('ok');
    expect(outcome.evidence.queryText).toBe(
      `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!="POD",container!="",namespace="shop",pod=~"cart-7d9c6b5f4-q9wzt|cart-7d9c6b5f4-x2x8k"}[120s]))`,
    );
    const step = server.requests.find((r) => r.path === 'query_range')?.form.get('step');
    expect(step).toBe('30');
    if (outcome.data?.kind !== 'metric_range') throw new Error('expected series');
    expect(outcome.data.series).toEqual([{ service: 'cart', metric: 'container_cpu_usage_seconds_total', timestamps: [1704103200, 1704103260], values: [3, 6] }]);
    const perPod = await source.run({ name: 'metric_range', params: { metric: 'container_cpu_usage_seconds_total', service: 'cart', groupBy: 'instance', aggregation: 'avg', stepSeconds: 60, range } });
    if (perPod.data?.kind !== 'metric_range') throw new Error('expected series');
    expect(perPod.data.series.map((s) => s.instance)).toEqual([CART_B, CART_A]);
  });

  it('reads errors from the status-code label as a ratio, summaries as their quantiles and _sum/_count as a mean', async () => {
    server = await fakePrometheusApi((r) => answerKube(r, [{ namespace: 'shop', pod: CART_A }]));
    const source = new PrometheusSource({ url: server.url });
    await source.catalog({ around: range });
    const run = async (metric: string) => (await source.run({ name: 'metric_range', params: { metric, service: 'cart', groupBy: 'service', aggregation: 'avg', stepSeconds: 60, range } })).evidence.queryText;
    const selector = 'container!="POD",namespace="shop",pod="cart-7d9c6b5f4-x2x8k"';
    expect(await run('http_requests_error_ratio')).toBe(
      `(sum by (namespace, pod) (rate(http_requests_total{${selector},code=~"5..|STATUS_CODE_ERROR"}[120s])) or 0 * sum by (namespace, pod) (rate(http_requests_total{${selector}}[120s]))) / sum by (namespace, pod) (rate(http_requests_total{${selector}}[120s]))`,
    );
    expect(await run('rpc_latency_seconds_p99')).toBe(`max by (namespace, pod) (rpc_latency_seconds{${selector},quantile="0.99"})`);
    expect(await run('rpc_latency_seconds_mean')).toBe(`sum by (namespace, pod) (rate(rpc_latency_seconds_sum{${selector}}[120s])) / sum by (namespace, pod) (rate(rpc_latency_seconds_count{${selector}}[120s]))`);
    expect(await run('http_request_duration_seconds_p90')).toBe(`histogram_quantile(0.9, sum by (le, namespace, pod) (rate(http_request_duration_seconds_bucket{${selector}}[120s])))`);
  });

  it('scopes discovery to the alert’s namespace and cluster, keeping series that carry no cluster label', async () => {
    server = await fakePrometheusApi((r) => answerKube(r));
    const source = new PrometheusSource({ url: server.url }).scopedTo({ alertname: 'HighLatency', namespace: 'shop', cluster: 'eu-1' });
    await source.catalog({ around: range });
    const selectors = server.requests.find((r) => r.path === 'series')!.form.getAll('match[]');
    expect(selectors).toContain('{namespace!="",pod!="",namespace=~"shop|",cluster=~"eu-1|"}');
    expect(selectors).toContain('{service_name!="",k8s_namespace_name=~"shop|",cluster=~"eu-1|"}');
    // Queries keep the scope: another cluster's pods of the same name are not mixed in.
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'container_memory_working_set_bytes', service: 'redis', groupBy: 'service', aggregation: 'avg', stepSeconds: 60, range } });
    expect(outcome.evidence.queryText).toBe('sum by (namespace, pod) (container_memory_working_set_bytes{container!="POD",namespace=~"shop|",cluster=~"eu-1|",container!="",namespace="shop",pod="redis-0"})');
    await source.run({ name: 'topology', params: { range } });
    expect(server.requests.filter((r) => r.path === 'query').map((r) => r.form.get('query')).some((q) => q?.includes('traces_service_graph_request_total{cluster=~"eu-1|"}'))).toBe(true);
  });

  it('reads OpenTelemetry service names and derives the call graph from span metrics’ client and server spans', async () => {
    const otel = [
      { __name__: 'http_server_request_duration_seconds_bucket', service_name: 'frontend', k8s_pod_name: 'frontend-1', http_response_status_code: '200', le: '1' },
      { __name__: 'http_server_request_duration_seconds_count', service_name: 'frontend', k8s_pod_name: 'frontend-1', http_response_status_code: '500' },
      { __name__: 'traces_span_metrics_calls_total', service_name: 'frontend', span_name: 'GET /cart', span_kind: 'SPAN_KIND_CLIENT', status_code: 'STATUS_CODE_UNSET' },
      { __name__: 'traces_span_metrics_calls_total', service_name: 'cart', span_name: 'GET /cart', span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_ERROR' },
    ];
    server = await fakePrometheusApi((r) => {
      if (r.path === 'series') return otel;
      if (r.path === 'metadata') return {};
      const q = r.form.get('query') ?? '';
      if (r.path === 'query' && q.includes('istio_requests_total')) return { resultType: 'vector', result: [] };
      if (r.path === 'query' && q.includes('traces_span_metrics_calls_total|calls_total')) return { resultType: 'vector', result: otel.slice(2).map(({ __name__: _, ...metric }) => ({ metric, value: [1704105000, '1'] })) };
      return { resultType: 'matrix', result: [] };
    });
    const source = new PrometheusSource({ url: server.url });
    const catalog = await source.catalog({ around: range });
    expect(catalog.services).toEqual(['cart', 'frontend']);
    expect(catalog.metrics.frontend).toEqual([
      'http_server_request_duration_seconds_p90',
      'http_server_request_duration_seconds_p99',
      'http_server_request_error_ratio',
      'traces_span_metrics_calls_error_ratio',
      'traces_span_metrics_calls_total',
    ]);
    expect(catalog.metrics.cart).toEqual(['traces_span_metrics_calls_error_ratio', 'traces_span_metrics_calls_total']);
    const topology = await source.run({ name: 'topology', params: { range } });
    expect(topology.evidence.summary).toMatch(/^call graph from OpenTelemetry span metrics/);
    expect(topology.data).toMatchObject({ kind: 'topology', calls: [{ from: 'frontend', to: 'cart' }] });
  });

  it('reads Istio workloads from the receiving side and says when no call graph is present', async () => {
    const istio = [
      { __name__: 'istio_requests_total', reporter: 'destination', destination_workload: 'reviews-v1', destination_workload_namespace: 'bookinfo', source_workload: 'productpage-v1', response_code: '200', namespace: 'bookinfo', pod: 'reviews-v1-5b9f-abcde' },
      { __name__: 'istio_requests_total', reporter: 'source', destination_workload: 'reviews-v1', destination_workload_namespace: 'bookinfo', source_workload: 'productpage-v1', response_code: '200', namespace: 'bookinfo', pod: 'productpage-v1-77f-abcde' },
    ];
    server = await fakePrometheusApi((r) => (r.path === 'series' ? istio : r.path === 'metadata' ? {} : r.path === 'query' ? { resultType: 'vector', result: [] } : undefined));
    const source = new PrometheusSource({ url: server.url, workloads: 'istio' });
    const catalog = await source.catalog({ around: range });
    expect(catalog.services).toEqual(['reviews-v1']);
    expect(catalog.metrics['reviews-v1']).toEqual(['istio_requests_error_ratio', 'istio_requests_total']);
    const topology = await source.run({ name: 'topology', params: { range } });
    expect(topology.evidence.status).toBe('no_data');
    expect(topology.evidence.summary).toMatch(/^no call graph in Prometheus: no series of Istio .*, OpenTelemetry span metrics .*, Tempo service graph/);
  });

  it('reports a reference period without data as "no reference data", not as a failure', async () => {
    server = await fakePrometheusApi((r) => {
      if (r.path === 'series') return Number(r.form.get('start')) < Date.parse(range.start) / 1000 ? [] : KUBE_SERIES;
      return answerKube(r);
    });
    const catalog = await new PrometheusSource({ url: server.url, baselineOffset: '1d' }).catalog({ around: range });
    expect(catalog.baseline).toBeUndefined();
    expect(catalog.dataGaps).toEqual(['no reference data 1d or 7d earlier: the minutes before the alert are the only reference']);
  });
});
