import { PrometheusSource } from '../../../src/telemetry/prometheus';
import { mergeStored } from '../../../src/telemetry/prometheus/stored-samples';
import { fakePrometheusApi } from './fake-prometheus-api';

const range = { start: '2024-01-01T10:00:00Z', end: '2024-01-01T10:30:00Z' };
const T = Date.parse(range.start) / 1000;

describe('samples as stored', () => {
  it('keeps a lone series as it is and puts several into buckets of their interval, each bucket once', () => {
    const lone = { timestamps: [T + 9, T + 70, T + 129], values: [1, 2, 3] };
    expect(mergeStored([lone], 'avg')).toEqual(lone);
    const a = { timestamps: [T + 9, T + 70, T + 129], values: [10, 20, 30] };
    const b = { timestamps: [T + 11, T + 69, T + 131], values: [30, 40, 50] };
    expect(mergeStored([a, b], 'avg')).toEqual({ timestamps: [T, T + 60, T + 120], values: [20, 30, 40] });
    expect(mergeStored([a, b], 'sum')).toEqual({ timestamps: [T, T + 60, T + 120], values: [40, 60, 80] });
    expect(mergeStored([a, { timestamps: [], values: [] }], 'max')).toEqual(a);
  });

  it("reads a Deployment's pods as stored at native resolution, summing each pod's containers and the pods into one series", async () => {
    const pods = ['cart-7d9c6b5f4-x2x8k', 'cart-7d9c6b5f4-q9wzt'];
    const series = pods.flatMap((pod) =>
      ['cart', 'sidecar'].map((container) => ({ __name__: 'container_memory_working_set_bytes', job: 'kubelet', namespace: 'shop', pod, container, id: `/${pod}/${container}` })),
    );
    const owners = pods.map((pod, i) => ({ __name__: 'kube_pod_owner', namespace: 'shop', pod, owner_kind: 'ReplicaSet', owner_name: 'cart-7d9c6b5f4', uid: `u${i}` }));
    const replicaSet = { __name__: 'kube_replicaset_owner', namespace: 'shop', replicaset: 'cart-7d9c6b5f4', owner_kind: 'Deployment', owner_name: 'cart' };
    server = await fakePrometheusApi((r) => {
      if (r.path === 'series') return [...series, ...owners, replicaSet];
      if (r.path === 'metadata') return {};
      const query = r.form.get('query') ?? '';
      if (r.path === 'query' && query.startsWith('container_memory_working_set_bytes{') && /\[\d+s\]$/.test(query)) {
        // Each container sampled every 30 s at its own second; the second pod one sample short.
        return {
          resultType: 'matrix',
          result: series.map(({ __name__: _, ...metric }, i) => ({ metric, values: [0, 30, 60].slice(0, i >= 2 ? 2 : 3).map((s) => [T + s + i, String(100 * (i + 1))]) })),
        };
      }
      if (r.path === 'query' && /\[\d+s\]$/.test(query)) return { resultType: 'matrix', result: [{ metric: {}, values: [[T, '1'], [T + 30, '1'], [T + 60, '1']] }] };
      if (r.path === 'query') return { resultType: 'vector', result: [] };
      return undefined;
    });
    const source = new PrometheusSource({ url: server.url });
    await source.catalog({ around: range });
    const outcome = await source.run({ name: 'metric_range', params: { metric: 'container_memory_working_set_bytes', service: 'cart', groupBy: 'service', aggregation: 'sum', stepSeconds: 0, range } });
    expect(outcome.evidence).toMatchObject({
      status: 'ok',
      queryText: 'container_memory_working_set_bytes{container!="POD",container!="",namespace="shop",pod=~"cart-7d9c6b5f4-q9wzt|cart-7d9c6b5f4-x2x8k"}[1801s]',
      parameters: expect.objectContaining({ samples: 'as stored' }),
    });
    expect(server.requests.some((r) => r.path === 'query_range')).toBe(false);
    // Pod x2x8k: 100 + 200 at every sample; pod q9wzt: 300 + 400, its third sample missing.
    expect(outcome.data).toEqual({ kind: 'metric_range', series: [{ service: 'cart', metric: 'container_memory_working_set_bytes', timestamps: [T, T + 30, T + 60], values: [1000, 1000, 300] }] });
  });

  let server: Awaited<ReturnType<typeof fakePrometheusApi>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
});
