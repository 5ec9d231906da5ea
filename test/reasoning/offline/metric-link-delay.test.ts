import { ServiceGraph } from '../../../src/core/analysis/service-graph';
import type { Series } from '../../../src/core/telemetry/query-results';
import type { TimeRange } from '../../../src/core/telemetry/time-range-schema';
import { surveyMetricLinkDelays } from '../../../src/reasoning/offline/metric-link-delay';
import { fakeContext, METRIC_SURVEY_WINDOWS } from './fake-context';

const CLIENT = 'client_latency_p90_seconds';
const SERVER = 'server_latency_p90_seconds';
const windows = METRIC_SURVEY_WINDOWS;

/** Latency levels (seconds) per metric and service: [normal, during the incident], with a little jitter. */
type Levels = Record<string, Record<string, [number, number]>>;

function survey(calls: Array<[string, string]>, levels: Levels) {
  const services = [...new Set(calls.flat())];
  const metrics: Record<string, string[]> = {};
  for (const [metric, byService] of Object.entries(levels)) for (const service of Object.keys(byService)) (metrics[service] ??= []).push(metric);
  const { context } = fakeContext({
    window: { start: '2025-01-01T10:00:00Z', end: '2025-01-01T10:30:00Z' },
    firedAt: '2025-01-01T10:24:00Z',
    symptom: { service: services[0], signal: 'latency' },
    catalog: { services, metrics },
    answer: (query) => {
      if (query.name !== 'metric_range') return undefined;
      const { metric, range } = query.params as { metric: string; range: TimeRange };
      const during = range.start === windows.incident.start;
      const series: Series[] = Object.entries(levels[metric] ?? {}).map(([service, [normal, now]]) => {
        const level = during ? now : normal;
        const timestamps = Array.from({ length: 10 }, (_, i) => Date.parse(range.start) / 1000 + 30 * i);
        return { service, metric, timestamps, values: timestamps.map((_, i) => level * (1 + 0.02 * ((i % 3) - 1))) };
      });
      return { kind: 'metric_range', series };
    },
  });
  return surveyMetricLinkDelays(context, windows, new ServiceGraph({ services, calls: calls.map(([from, to]) => ({ from, to })) }));
}

describe('surveyMetricLinkDelays', () => {
  // web → checkout, quotes, shipping; checkout → tax, email; quotes → tax; shipping → email.
  const calls: Array<[string, string]> = [['web', 'checkout'], ['web', 'quotes'], ['web', 'shipping'], ['checkout', 'tax'], ['checkout', 'email'], ['quotes', 'tax'], ['shipping', 'email']];

  it("puts the delay on the callee the delayed callers share, whose own server latency held", async () => {
    const findings = await survey(calls, {
      [CLIENT]: { web: [0.03, 0.36], checkout: [0.01, 0.3], quotes: [0.012, 0.31], shipping: [0.008, 0.008] },
      [SERVER]: { web: [0.05, 0.4], checkout: [0.02, 0.33], quotes: [0.02, 0.32], shipping: [0.01, 0.01], tax: [0.006, 0.006], email: [0.004, 0.004] },
    });
    // Web waits no more than checkout and quotes take to answer: its calls are not delayed. Email
    // is called by shipping too, which does not wait: email's inbound calls are not delayed.
    expect(findings.map((f) => [f.peer, f.service, f.family])).toEqual([['checkout', 'tax', 'call-gap'], ['quotes', 'tax', 'call-gap']]);
    expect(findings[0].strength).toBeGreaterThan(0.9);
    expect(findings[0].detail).toMatch(/checkout's client latency went 0\.01 → 0\.3 s, while tax's own server latency went 0\.006 → 0\.006 s.*quotes calls tax and waits the same way/);
  });

  it('reports nothing when the callees\' own server latency explains the callers\' wait', async () => {
    const findings = await survey(calls, {
      [CLIENT]: { web: [0.03, 0.36], checkout: [0.01, 0.3], quotes: [0.012, 0.31], shipping: [0.008, 0.008] },
      [SERVER]: { web: [0.05, 0.4], checkout: [0.02, 0.33], quotes: [0.02, 0.32], shipping: [0.01, 0.01], tax: [0.006, 0.29], email: [0.004, 0.004] },
    });
    expect(findings).toEqual([]);
  });

  it('reports every link of a single delayed caller, each for its share of the doubt', async () => {
    // Only web waits; it calls two services that nobody else calls: the metrics cannot tell which.
    const findings = await survey([['web', 'a'], ['web', 'b']], {
      [CLIENT]: { web: [0.01, 0.2] },
      [SERVER]: { web: [0.03, 0.22], a: [0.005, 0.005], b: [0.005, 0.005] },
    });
    expect(findings.map((f) => [f.peer, f.service])).toEqual([['web', 'a'], ['web', 'b']]);
    const alone = await survey([['web', 'a']], { [CLIENT]: { web: [0.01, 0.2] }, [SERVER]: { web: [0.03, 0.22], a: [0.005, 0.005] } });
    expect(findings[0].score).toBeCloseTo(alone[0].score / 2, 10);
  });

  it('needs a rise well beyond the reference, and both sides of the calls measured', async () => {
    expect(await survey([['web', 'a']], { [CLIENT]: { web: [0.01, 0.015] }, [SERVER]: { web: [0.03, 0.035], a: [0.005, 0.005] } })).toEqual([]);
    // Without a server-side latency metric anywhere, no link can be told.
    expect(await survey([['web', 'a']], { [CLIENT]: { web: [0.01, 0.2] } })).toEqual([]);
  });

  it("puts the delay on the caller's side when the callees it waits on answer their other callers on time", async () => {
    // Email waits on session; fraud calls session too and does not wait.
    const calls: Array<[string, string]> = [['web', 'email'], ['web', 'fraud'], ['email', 'session'], ['fraud', 'session']];
    const findings = await survey(calls, {
      [CLIENT]: { web: [0.03, 0.03], email: [0.013, 0.3], fraud: [0.014, 0.014] },
      [SERVER]: { web: [0.05, 0.33], email: [0.018, 0.31], fraud: [0.02, 0.02], session: [0.012, 0.012] },
    });
    expect(findings.map((f) => [f.service, f.peer, f.family])).toEqual([['email', 'session', 'call-gap']]);
    expect(findings[0].strength).toBeGreaterThan(0.9);
    expect(findings[0].detail).toMatch(/session's other callers do not wait, so the delay is on email's side/);
    // A caller whose calls normally take far less than the callee's answers measures other calls than these.
    const unrelated = await survey(calls, {
      [CLIENT]: { web: [0.03, 0.03], email: [0.005, 0.03], fraud: [0.3, 0.3] },
      [SERVER]: { web: [0.05, 0.06], email: [0.01, 0.03], fraud: [0.32, 0.32], session: [0.25, 0.25] },
    });
    expect(unrelated).toEqual([]);
  });
});
