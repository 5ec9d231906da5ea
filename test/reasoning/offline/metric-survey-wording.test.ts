import { surveyMetric } from '../../../src/reasoning/offline/metric-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const T0 = Date.parse('2024-01-01T10:00:00.000Z') / 1000;
const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };

describe('metric survey wording', () => {
  it('calls the extreme of a drop its lowest value, and of a rise its peak', async () => {
    const rates: Record<string, number[]> = {
      dropped: Array.from({ length: 31 }, (_, m) => (m >= 24 ? 5 + (m % 2) : 100 + (m % 3))),
      risen: Array.from({ length: 31 }, (_, m) => (m >= 24 ? 400 + (m % 2) : 100 + (m % 3))),
    };
    const { context } = fakeContext({
      window: WINDOW,
      firedAt: '2024-01-01T10:26:00.000Z',
      symptom: { signal: 'throughput' },
      catalog: { services: Object.keys(rates), metrics: { dropped: ['http_requests_per_second'], risen: ['http_requests_per_second'] } },
      answer: (query) =>
        query.name === 'metric_range'
          ? { kind: 'metric_range', series: Object.entries(rates).map(([service, values]) => ({ service, metric: 'http_requests_per_second', timestamps: values.map((_, i) => T0 + i * 60), values })) }
          : undefined,
    });
    const findings = await surveyMetric(context, triageWindows(context, 60_000), 'http_requests_per_second', { hypothesisId: null });
    const dropped = findings.find((f) => f.service === 'dropped');
    const risen = findings.find((f) => f.service === 'risen');
    expect(dropped?.direction).toBe('down');
    expect(dropped?.detail).toMatch(/\(lowest 5(\.\d+)?\)/);
    expect(risen?.detail).toMatch(/\(peak 40\d(\.\d+)?\)/);
  });
});
