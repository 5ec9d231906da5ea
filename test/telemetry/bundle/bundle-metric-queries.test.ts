import { EvidenceSchema } from '../../../src/core/investigation/evidence-schema';
import type { MetricRangeResult } from '../../../src/core/telemetry/query-results';
import type { TelemetryQueryInput, TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, sec, steppingClock, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const T = (hms: string): string => `2024-03-01T${hms}Z`;
const row = (hms: string, service: string, instance: string, metric: string, value: number): string =>
  `${sec(T(hms))},${service},${instance},${metric},${value}`;

// carts: one unnamed instance at 1 s; orders: two pods sampling once a minute at different seconds.
const METRICS = [
  'timestamp,service,instance,metric,value',
  ...[1, 2, 3, 4, 5].map((value, i) => row(`10:00:0${i}`, 'carts', '', 'cpu_usage_percent', value)),
  row('10:00:05', 'orders', 'orders-a', 'memory_mb', 10),
  row('10:02:05', 'orders', 'orders-a', 'memory_mb', 30),
  row('10:01:05', 'orders', 'orders-a', 'memory_mb', 20),
  row('10:00:17', 'orders', 'orders-b', 'memory_mb', 30),
  row('10:01:17', 'orders', 'orders-b', 'memory_mb', 40),
  row('10:02:17', 'orders', 'orders-b', 'memory_mb', 50),
  `${sec(T('10:03:00'))},orders,orders-b,memory_mb,`,
].join('\n');

const RANGE = { start: T('10:00:00'), end: T('10:05:00') };

function source(): BundleSource {
  let n = 0;
  return new BundleSource({ dir: writeBundle({ metrics: METRICS, gzip: ['metrics.csv'] }), now: steppingClock(), evidenceId: () => `H1-E${++n}` });
}

async function series(input: TelemetryQueryInput): Promise<MetricRangeResult['series']> {
  const outcome = await source().run(input as TelemetryQuery);
  expect(outcome.evidence.status).toBe('ok');
  return (outcome.data as MetricRangeResult).series;
}

describe('metric_range', () => {
  it('averages the instances of a service per natural sampling interval', async () => {
    const result = await series({ name: 'metric_range', params: { metric: 'memory_mb', service: 'orders', range: RANGE } });
    expect(result).toEqual([
      { service: 'orders', metric: 'memory_mb', timestamps: [sec(T('10:00:00')), sec(T('10:01:00')), sec(T('10:02:00'))], values: [20, 30, 40] },
    ]);
  });

  it('keeps one raw series per instance, sorted in time', async () => {
    const result = await series({ name: 'metric_range', params: { metric: 'memory_mb', groupBy: 'instance', range: RANGE } });
    expect(result.map((item) => [item.instance, item.values])).toEqual([
      ['orders-a', [10, 20, 30]],
      ['orders-b', [30, 40, 50]],
    ]);
    expect(result[0].timestamps).toEqual([sec(T('10:00:05')), sec(T('10:01:05')), sec(T('10:02:05'))]);
  });

  it('resamples to a step with the requested aggregation', async () => {
    const max = await series({ name: 'metric_range', params: { metric: 'memory_mb', aggregation: 'max', stepSeconds: 120, range: RANGE } });
    expect(max[0].timestamps).toEqual([sec(T('10:00:00')), sec(T('10:02:00'))]);
    expect(max[0].values).toEqual([40, 50]);
    const sum = await series({ name: 'metric_range', params: { metric: 'memory_mb', aggregation: 'sum', stepSeconds: 120, range: RANGE } });
    expect(sum[0].values).toEqual([15 + 35, 30 + 50]);
    const count = await series({ name: 'metric_range', params: { metric: 'memory_mb', aggregation: 'count', stepSeconds: 120, range: RANGE } });
    expect(count[0].values).toEqual([4, 2]);
  });

  it('keeps raw timestamps of a lone series and treats the range as closed', async () => {
    const raw = await series({ name: 'metric_range', params: { metric: 'cpu_usage_percent', range: { start: T('10:00:01'), end: T('10:00:03') } } });
    expect(raw).toEqual([
      { service: 'carts', metric: 'cpu_usage_percent', timestamps: [1, 2, 3].map((s) => sec(T(`10:00:0${s}`))), values: [2, 3, 4] },
    ]);
    const stepped = await series({ name: 'metric_range', params: { metric: 'cpu_usage_percent', stepSeconds: 2, range: RANGE } });
    expect(stepped[0].values).toEqual([1.5, 3.5, 5]);
    const p90 = await series({ name: 'metric_range', params: { metric: 'cpu_usage_percent', stepSeconds: 10, aggregation: 'p90', range: RANGE } });
    expect(p90[0].values[0]).toBeCloseTo(4.6, 10);
  });

  it('records reproducible evidence with a readable query line and a digest', async () => {
    const outcome = await source().run({
      name: 'metric_range',
      params: { metric: 'memory_mb', service: 'orders', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: RANGE },
    });
    const evidence = EvidenceSchema.parse(outcome.evidence);
    expect(evidence).toMatchObject({
      id: 'H1-E1',
      sourceId: 'bundle',
      queryName: 'metric_range',
      status: 'ok',
      timeRange: RANGE,
      digest: { series: 1, points: 3, min: 20, median: 30, max: 40, mean: 30 },
      elapsedMs: 5,
      collectedAt: '2024-03-02T00:00:00.005Z',
    });
    expect(evidence.queryText).toMatch(
      /^metric_range metric="memory_mb" service="orders" groupBy=service agg=avg step=0s \[2024-03-01T10:00:00Z, 2024-03-01T10:05:00Z\] bundle=\/.*causa-bundle-\w+$/,
    );
    expect(evidence.summary).toContain('avg by (service) (memory_mb{service="orders"})');
  });

  it('answers no_data when the range lies outside the data', async () => {
    const outcome = await source().run({
      name: 'metric_range',
      params: { metric: 'memory_mb', range: { start: T('11:00:00'), end: T('11:05:00') } },
    } as TelemetryQuery);
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.summary).toContain('lies entirely outside the bundle\'s metric data [2024-03-01T10:00:00Z, 2024-03-01T10:02:17Z]');
    expect(outcome.data).toBeUndefined();
  });

  it('answers no_data naming the known metrics for an unknown one', async () => {
    const outcome = await source().run({ name: 'metric_range', params: { metric: 'memory_bytes', service: 'orders', range: RANGE } } as TelemetryQuery);
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.summary).toContain('metrics known for service "orders": memory_mb');
  });

  it('answers error with the validation message for invalid parameters', async () => {
    const outcome = await source().run({ name: 'metric_range', params: { metric: 'memory_mb', stepSeconds: -5, range: RANGE } } as TelemetryQuery);
    expect(outcome.evidence.status).toBe('error');
    expect(outcome.evidence.summary).toMatch(/^invalid metric_range query: params\.stepSeconds: .*>=0/);
    expect(outcome.evidence.timeRange).toEqual(RANGE);
    expect(EvidenceSchema.safeParse(outcome.evidence).success).toBe(true);
  });
});

describe('metric_catalog', () => {
  it('lists metric names per service', async () => {
    const outcome = await source().run({ name: 'metric_catalog', params: {} });
    expect(outcome.data).toEqual({ kind: 'metric_catalog', metrics: { carts: ['cpu_usage_percent'], orders: ['memory_mb'] } });
    expect(outcome.evidence.digest).toEqual({ services: 2, metrics: 2, series: 3 });
  });

  it('answers no_data for a service without metrics', async () => {
    const outcome = await source().run({ name: 'metric_catalog', params: { service: 'payments' } });
    expect(outcome.evidence.status).toBe('no_data');
    expect(outcome.evidence.summary).toContain('services with metrics: carts, orders');
  });
});
