import { MetricRangeParamsSchema } from '../../../src/core/telemetry/query-schemas';
import { exposeMetrics, guessShape } from '../../../src/telemetry/prometheus/metric-shapes';
import { escapeLabelValue, metricRangePromQL, stepFor } from '../../../src/telemetry/prometheus/promql';

const labels = { service: 'service', instance: 'pod' };
const range = { start: '2024-01-01T10:00:00Z', end: '2024-01-01T10:30:00Z' };
const params = (extra: Record<string, unknown>) => MetricRangeParamsSchema.parse({ range, ...extra });

describe('exposeMetrics', () => {
  it('shows gauges as they are, counters as rates and histograms as p90/p99, hiding a histogram’s _sum and _count', () => {
    const exposed = exposeMetrics(
      [
        { name: 'memory_usage_bytes', bucketed: false },
        { name: 'http_requests_total', bucketed: false },
        { name: 'http_request_duration_seconds_bucket', bucketed: true },
        { name: 'http_request_duration_seconds_sum', bucketed: false },
        { name: 'http_request_duration_seconds_count', bucketed: false },
        { name: 'jvm_gc_collections', bucketed: false },
      ],
      new Map([['jvm_gc_collections', 'counter']]),
    );
    expect([...exposed.values()].map((m) => [m.name, m.kind, m.source, m.quantile])).toEqual([
      ['memory_usage_bytes', 'gauge', 'memory_usage_bytes', undefined],
      ['http_requests_total', 'counter', 'http_requests_total', undefined],
      ['http_request_duration_seconds_p90', 'histogram', 'http_request_duration_seconds_bucket', 0.9],
      ['http_request_duration_seconds_p99', 'histogram', 'http_request_duration_seconds_bucket', 0.99],
      ['jvm_gc_collections', 'counter', 'jvm_gc_collections', undefined],
    ]);
  });

  it('guesses the shape of a name the catalog has not seen by convention', () => {
    expect(guessShape('latency_p99')).toEqual({ name: 'latency_p99', kind: 'histogram', source: 'latency_bucket', quantile: 0.99 });
    expect(guessShape('errors_total').kind).toBe('counter');
    expect(guessShape('cpu_usage_percent').kind).toBe('gauge');
  });
});

describe('metricRangePromQL', () => {
  it('aggregates a gauge by service, restricted to the service asked for', () => {
    const p = params({ metric: 'cpu_usage_percent', service: 'checkout' });
    expect(metricRangePromQL(guessShape('cpu_usage_percent'), p, labels, 15)).toBe('avg by (service) (cpu_usage_percent{service="checkout"})');
  });

  it('rates a counter over several steps and groups by instance when asked', () => {
    const p = params({ metric: 'http_requests_total', groupBy: 'instance', aggregation: 'sum' });
    expect(metricRangePromQL(guessShape('http_requests_total'), p, labels, 30)).toBe('sum by (service, pod) (rate(http_requests_total{}[120s]))');
  });

  it('turns a histogram into its quantile per group, and a percentile aggregation into quantile()', () => {
    const p = params({ metric: 'rpc_seconds_p90', service: 'a"b', aggregation: 'p99' });
    expect(metricRangePromQL(guessShape('rpc_seconds_p90'), p, labels, 15)).toBe(
      'quantile by (service) (0.99, histogram_quantile(0.9, sum by (le, service) (rate(rpc_seconds_bucket{service="a\\"b"}[60s]))))',
    );
  });

  it('picks about 600 points per series, never below 15 s, unless a step is asked for', () => {
    expect(stepFor(params({ metric: 'x' }))).toBe(15);
    expect(stepFor(params({ metric: 'x', range: { start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' } }))).toBe(144);
    expect(stepFor(params({ metric: 'x', stepSeconds: 60 }))).toBe(60);
  });

  it('escapes label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
