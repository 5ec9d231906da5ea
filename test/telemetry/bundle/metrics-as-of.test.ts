import type { MetricIndex, StoredSeries } from '../../../src/telemetry/bundle/metric-index';
import { metricsAsOf, samplingStepSeconds } from '../../../src/telemetry/bundle/metrics-as-of';

function series(metric: string, start: number, step: number, count: number): StoredSeries {
  const timestamps = Float64Array.from({ length: count }, (_, i) => start + i * step);
  return { service: 'svc', instance: '', metric, timestamps, values: Float64Array.from(timestamps, (_, i) => i) };
}

function index(...all: StoredSeries[]): MetricIndex {
  return { series: all, minTs: 0, maxTs: 0, rows: 0, notes: {} as MetricIndex['notes'] };
}

describe('metricsAsOf', () => {
  const start = 1_700_000_000;

  it('shows an instant sample (a scrape every 15 s) as soon as it is taken', () => {
    const [visible] = metricsAsOf(index(series('cpu', start, 15, 40)), (start + 150) * 1000).series;
    expect(Array.from(visible.timestamps).at(-1)).toBe(start + 150);
  });

  it('shows a 5-minute period sample only once its period has ended', () => {
    const periods = series('requests', start, 300, 10);
    const at = (seconds: number) => Array.from(metricsAsOf(index(periods), (start + seconds) * 1000).series[0]?.timestamps ?? []);
    // At 10:12 the period that began 10:10 is still running; the one of 10:05 ended at 10:10.
    expect(at(720).at(-1)).toBe(start + 300);
    expect(at(900).at(-1)).toBe(start + 600);
    expect(at(299)).toEqual([]);
  });

  it('drops a series with nothing visible yet and keeps the values aligned with their times', () => {
    const later = series('late', start + 3_000, 60, 5);
    const result = metricsAsOf(index(series('cpu', start, 60, 5), later), (start + 120) * 1000);
    expect(result.series.map((s) => s.metric)).toEqual(['cpu']);
    expect(Array.from(result.series[0].values)).toEqual([0, 1, 2]);
  });

  it('reads the sampling interval as the median gap, so missing periods (no traffic) do not change it', () => {
    const timestamps = Float64Array.from([0, 300, 600, 1500, 1800, 2100]);
    expect(samplingStepSeconds(timestamps)).toBe(300);
    expect(samplingStepSeconds(Float64Array.from([5]))).toBe(0);
  });
});
