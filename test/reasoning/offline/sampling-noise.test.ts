import type { Series } from '../../../src/core/telemetry/query-results';
import { surveyMetric } from '../../../src/reasoning/offline/metric-survey';
import { countChangeZ, countsPerUnit, proportionDropZ, samplingNoiseZ } from '../../../src/reasoning/offline/sampling-noise';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const T0 = Date.parse('2024-01-01T10:00:00.000Z') / 1000;
const STEP = 300;
const iso = (sec: number): string => new Date(sec * 1000).toISOString();

describe('availability in the noise of few requests', () => {
  it('a drop of a share is judged at the requests that carried it', () => {
    // 9 points off 100 % on 225 requests is far outside the noise; 29 points off 71 % on 14 is not.
    expect(proportionDropZ(100, 91, 225)).toBeGreaterThan(10);
    expect(proportionDropZ(71.4, 42.9, 14)).toBeLessThan(3);
    // More requests, same drop: more surprising.
    expect(proportionDropZ(80, 60, 200)).toBeGreaterThan(proportionDropZ(80, 60, 20));
    // A single failure among a few requests after a clean reference stays unremarkable.
    expect(proportionDropZ(100, 90, 10)).toBeLessThan(2);
    expect(samplingNoiseZ('availability', 'down', 100, 90, undefined)).toBe(Infinity);
    expect(samplingNoiseZ('latency', 'up', 0.1, 0.5, 10)).toBe(Infinity);
  });

  it('keeps a busy node failing and lets a chronically failing, quiet node wobble', async () => {
    const availability: Record<string, number[]> = { busy: [100, 100, 91, 90], quiet: [71, 72, 43, 45] };
    const requests: Record<string, number[]> = { busy: [225, 230, 220, 226], quiet: [14, 15, 14, 16] };
    const { context } = fakeContext({
      window: { start: iso(T0), end: iso(T0 + 3 * STEP + 60) },
      firedAt: iso(T0 + 2 * STEP + 30),
      symptom: { service: 'busy', signal: 'availability' },
      catalog: { services: ['busy', 'quiet'], metrics: { busy: ['availability_percent', 'requests_count'], quiet: ['availability_percent', 'requests_count'] } },
      answer: (query) => {
        if (query.name !== 'metric_range') return undefined;
        const source = query.params.metric === 'availability_percent' ? availability : requests;
        const series: Series[] = Object.entries(source).map(([service, v]) => ({ service, metric: query.params.metric as string, timestamps: v.map((_, i) => T0 + i * STEP), values: v }));
        return { kind: 'metric_range', series };
      },
    });
    const findings = await surveyMetric(context, triageWindows(context, STEP * 1000), 'availability_percent', { hypothesisId: null, groupBy: 'service' });
    const busy = findings.find((f) => f.service === 'busy');
    const quiet = findings.find((f) => f.service === 'quiet');
    // The busy node's drop is not cut; the quiet one's is cut from a robust z in the tens to the noise of 15 requests.
    expect(busy).toBeDefined();
    expect(busy!.detail).not.toMatch(/requests per sample/);
    expect(quiet).toBeDefined();
    expect(quiet!.score).toBeLessThan(3);
    expect(quiet!.detail).toMatch(/about 15 requests per sample/);
    expect(quiet!.score).toBeLessThan(busy!.score * 2);
  });

  it('without a request count the share is judged as before', async () => {
    const { context } = fakeContext({
      window: { start: iso(T0), end: iso(T0 + 3 * STEP + 60) },
      firedAt: iso(T0 + 2 * STEP + 30),
      symptom: { service: 'quiet', signal: 'availability' },
      catalog: { services: ['quiet'], metrics: { quiet: ['availability_percent'] } },
      answer: (query) =>
        query.name === 'metric_range' ? { kind: 'metric_range', series: [{ service: 'quiet', metric: 'availability_percent', timestamps: [0, 1, 2, 3].map((i) => T0 + i * STEP), values: [71, 72, 43, 45] }] } : undefined,
    });
    const findings = await surveyMetric(context, triageWindows(context, STEP * 1000), 'availability_percent', { hypothesisId: null, groupBy: 'service' });
    expect(findings[0]?.score).toBeGreaterThan(10);
  });
});

describe('request counts in the noise of counting', () => {
  it('a few requests more or less is no change; a flood is', () => {
    expect(countChangeZ(4, 4, 1)).toBe(0);
    expect(countChangeZ(0, 2, 1)).toBeLessThan(1.5);
    expect(countChangeZ(819, 776, 1)).toBeLessThan(1.5);
    expect(countChangeZ(200, 2000, 1)).toBeGreaterThan(30);
    // A rate per second counts requests over the sampling interval.
    expect(countChangeZ(2, 3, 300)).toBeGreaterThan(countChangeZ(2, 3, 1));
  });

  it('knows which metrics count requests and in what unit', () => {
    expect(countsPerUnit('requests_count', 300_000)).toBe(1);
    expect(countsPerUnit('requests_per_second', 300_000)).toBe(300);
    expect(countsPerUnit('requests_per_second', undefined)).toBeUndefined();
    expect(countsPerUnit('latency_avg_seconds', 300_000)).toBeUndefined();
    expect(countsPerUnit('cpu_usage_percent', 300_000)).toBeUndefined();
    // A mesh's workload in operations per second counts requests too; bytes do not.
    expect(countsPerUnit('workload_ops_per_second', 15_000)).toBe(15);
    expect(countsPerUnit('network_receive_bytes_per_second', 15_000)).toBeUndefined();
  });

  it('cuts a quiet node whose count only wobbled, not a busy node whose traffic surged', async () => {
    const counts: Record<string, number[]> = { quiet: [4, 4, 7, 4], busy: [200, 210, 2000, 2100] };
    const { context } = fakeContext({
      window: { start: iso(T0), end: iso(T0 + 3 * STEP + 60) },
      firedAt: iso(T0 + 2 * STEP + 30),
      symptom: { service: 'busy', signal: 'latency' },
      catalog: { services: ['quiet', 'busy'], metrics: { quiet: ['requests_count'], busy: ['requests_count'] } },
      answer: (query) =>
        query.name === 'metric_range'
          ? { kind: 'metric_range', series: Object.entries(counts).map(([service, v]) => ({ service, metric: 'requests_count', timestamps: v.map((_, i) => T0 + i * STEP), values: v })) }
          : undefined,
    });
    const findings = await surveyMetric(context, triageWindows(context, STEP * 1000), 'requests_count', { hypothesisId: null, groupBy: 'service' });
    const quiet = findings.find((f) => f.service === 'quiet');
    expect(quiet === undefined || quiet.strength < 0.3).toBe(true);
    expect(findings.find((f) => f.service === 'busy')?.strength).toBeGreaterThan(0.9);
  });
});
