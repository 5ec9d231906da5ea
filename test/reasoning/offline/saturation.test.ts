import type { Series } from '../../../src/core/telemetry/query-results';
import { surveyMetric } from '../../../src/reasoning/offline/metric-survey';
import { discountGapsOfSaturatedCallers } from '../../../src/reasoning/offline/triage';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';
import { fakeContext } from './fake-context';

const T0 = Date.parse('2024-01-01T10:00:00.000Z') / 1000;
const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };

function minutes(values: (m: number) => number): Series['values'] {
  return Array.from({ length: 31 }, (_, m) => values(m));
}

describe('resource saturation', () => {
  it('marks a percent-of-limit CPU that reaches its limit as saturated, and a busy but unsaturated one not', async () => {
    const cpu: Record<string, number[]> = {
      pinned: minutes((m) => (m >= 24 ? 99 : 3 + (m % 3))),
      busy: minutes((m) => (m >= 24 ? 40 : 3 + (m % 3))),
    };
    const { context } = fakeContext({
      window: WINDOW,
      firedAt: '2024-01-01T10:26:00.000Z',
      symptom: { signal: 'latency' },
      catalog: { services: ['pinned', 'busy'], metrics: { pinned: ['cpu_usage_rate_percent'], busy: ['cpu_usage_rate_percent'] } },
      answer: (query) =>
        query.name === 'metric_range'
          ? { kind: 'metric_range', series: Object.entries(cpu).map(([service, values]) => ({ service, metric: 'cpu_usage_rate_percent', timestamps: values.map((_, i) => T0 + i * 60), values })) }
          : undefined,
    });
    const findings = await surveyMetric(context, triageWindows(context, 60_000), 'cpu_usage_rate_percent', { hypothesisId: null });
    expect(findings.find((f) => f.service === 'pinned')).toMatchObject({ saturated: true });
    expect(findings.find((f) => f.service === 'busy')?.saturated).toBe(false);
  });

  it('calls a resource saturated from the very start of the telemetry against the little reference there is', async () => {
    // The window starts as the fault does: every sample is at the limit. The baseline, recorded
    // elsewhere, holds two samples at 27 %: too few for statistics, far below the limit.
    const series = (service: string, values: number[], from: number): Series => ({ service, metric: 'cpu_usage_rate_percent', timestamps: values.map((_, i) => from + i * 60), values });
    const baselineStart = T0 - 3600;
    const { context } = fakeContext({
      window: { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:08:00.000Z' },
      baseline: { start: '2024-01-01T09:00:00.000Z', end: '2024-01-01T09:01:30.000Z' },
      firedAt: '2024-01-01T10:04:00.000Z',
      symptom: { signal: 'latency' },
      catalog: { services: ['pinned', 'steady', 'always-busy'], metrics: { pinned: ['cpu_usage_rate_percent'], steady: ['cpu_usage_rate_percent'], 'always-busy': ['cpu_usage_rate_percent'] } },
      answer: (query) => {
        if (query.name !== 'metric_range') return undefined;
        const before = Date.parse(query.params.range.start) / 1000 < T0;
        return {
          kind: 'metric_range',
          series: before
            ? [series('pinned', [27, 28], baselineStart), series('steady', [30, 31], baselineStart), series('always-busy', [97, 99], baselineStart)]
            : [series('pinned', Array(9).fill(100), T0), series('steady', Array(9).fill(31), T0), series('always-busy', Array(9).fill(98), T0)],
        };
      },
    });
    const findings = await surveyMetric(context, triageWindows(context, 60_000), 'cpu_usage_rate_percent', { hypothesisId: null });
    const pinned = findings.find((f) => f.service === 'pinned');
    expect(pinned).toMatchObject({ saturated: true, against: ['baseline'] });
    expect(pinned!.strength).toBeGreaterThan(0.95);
    expect(pinned!.detail).toMatch(/at its limit: .* median 100 during the incident vs 27.5 in the 2 baseline samples/);
    expect(findings.find((f) => f.service === 'steady')).toBeUndefined();
    expect(findings.find((f) => f.service === 'always-busy')?.saturated).not.toBe(true);
  });

  it('lets a CPU-saturated caller explain the gaps on its outgoing calls', () => {
    const base = { strength: 1, direction: 'up' as const, detail: '', evidenceIds: [] };
    const findings: ServiceFinding[] = [
      { ...base, service: 'basic', family: 'cpu', score: 20, saturated: true, signal: 'cpu_usage_rate_percent' },
      { ...base, service: 'price', family: 'call-gap', score: 16, peer: 'basic', signal: 'basic → price' },
      { ...base, service: 'route', family: 'call-gap', score: 16, peer: 'travel', signal: 'travel → route' },
    ];
    const out = discountGapsOfSaturatedCallers(findings);
    expect(out.find((f) => f.service === 'price')!.score).toBe(4);
    expect(out.find((f) => f.service === 'price')!.detail).toMatch(/basic is CPU-saturated/);
    expect(out.find((f) => f.service === 'route')!.score).toBe(16);
  });
});
