import { ServiceGraph } from '../../../src/core/analysis/topology-propagation';
import type { Series } from '../../../src/core/telemetry/query-results';
import { surveyImpact } from '../../../src/reasoning/offline/impact-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const T0 = Date.parse('2024-01-01T10:00:00.000Z') / 1000;
const STEP = 300;
const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:20:00.000Z' };
const FIRED = '2024-01-01T10:10:30.000Z';

function series(service: string, metric: string, values: number[]): Series {
  return { service, metric, timestamps: values.map((_, i) => T0 + i * STEP), values };
}

/**
 * Five 5-minute samples; the fault starts at the third. `site` (the alerting entry point) calls
 * `search`, which calls `table`. `search` slows from 0.10 s to 0.60 s under 1,000 requests per
 * sample; `site` slows as much because of it; `tiny` (8 requests) swings from 0.4 s to 4 s.
 */
function scenario(latency: Record<string, number[]>, requests: Record<string, number[]>) {
  return fakeContext({
    window: WINDOW,
    firedAt: FIRED,
    symptom: { service: 'site', signal: 'latency' },
    catalog: { services: Object.keys(latency), metrics: Object.fromEntries(Object.keys(latency).map((s) => [s, ['latency_avg_seconds', 'requests_count']])) },
    answer: (query) => {
      if (query.name !== 'metric_range') return undefined;
      const source = query.params.metric === 'latency_avg_seconds' ? latency : requests;
      return { kind: 'metric_range', series: Object.entries(source).map(([s, v]) => series(s, query.params.metric, v)) };
    },
  });
}

const graph = new ServiceGraph({ services: ['site', 'search', 'table', 'tiny'], calls: [{ from: 'site', to: 'search' }, { from: 'search', to: 'table' }, { from: 'site', to: 'tiny' }] });

describe('surveyImpact', () => {
  it('ranks by extra waiting at each service’s traffic and lets a callee explain its caller', async () => {
    const { context } = scenario(
      { site: [0.2, 0.2, 0.7, 0.7, 0.7], search: [0.1, 0.1, 0.6, 0.6, 0.6], table: [0.01, 0.01, 0.01, 0.01, 0.01], tiny: [0.4, 0.4, 4, 4, 4] },
      { site: [1000, 1000, 1000, 1000, 1000], search: [1000, 1000, 1000, 1000, 1000], table: [1000, 1000, 1000, 1000, 1000], tiny: [8, 8, 8, 8, 8] },
    );
    const findings = await surveyImpact(context, triageWindows(context, STEP * 1000), graph, 'site');
    const byService = new Map(findings.map((f) => [f.service, f]));
    expect(byService.get('table')).toBeUndefined();
    expect(byService.get('search')!.score).toBeGreaterThan(byService.get('tiny')!.score);
    expect(byService.get('search')!.score).toBeGreaterThan(byService.get('site')!.score);
    expect(byService.get('site')!.detail).toMatch(/explained by its callee search/);
  });

  it('does not blame a node that only appears during the incident', async () => {
    const { context } = scenario(
      { site: [0.2, 0.2, 0.7, 0.7, 0.7], search: [0.1, 0.1, 0.6, 0.6, 0.6], fresh: [NaN, NaN, 5, 5, 5] },
      { site: [1000, 1000, 1000, 1000, 1000], search: [1000, 1000, 1000, 1000, 1000], fresh: [NaN, NaN, 900, 900, 900] },
    );
    const findings = await surveyImpact(context, triageWindows(context, STEP * 1000), graph, 'site');
    expect(findings.map((f) => f.service)).not.toContain('fresh');
    expect(findings.map((f) => f.service)).toContain('search');
  });

  it('needs a request-count metric to weigh impact', async () => {
    const { context } = fakeContext({
      window: WINDOW,
      firedAt: FIRED,
      symptom: { service: 'site', signal: 'latency' },
      catalog: { services: ['site'], metrics: { site: ['latency_avg_seconds'] } },
      answer: () => undefined,
    });
    expect(await surveyImpact(context, triageWindows(context, STEP * 1000), graph, 'site')).toEqual([]);
  });
});
