import { ServiceGraph } from '../../../src/core/analysis/service-graph';
import type { Series } from '../../../src/core/telemetry/query-results';
import type { TimeRange } from '../../../src/core/telemetry/time-range-schema';
import { attributeLinkDelays } from '../../../src/reasoning/offline/link-delay-attribution';
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

describe('surveyMetricLinkDelays: a pod whose network delays calls both ways', () => {
  // edge → media, ads; media → cart; ads → currency. Each service exports p90 and p99.
  const calls: Array<[string, string]> = [['edge', 'media'], ['edge', 'ads'], ['media', 'cart'], ['ads', 'currency']];
  const P99_CLIENT = 'client_latency_p99_seconds';
  const P99_SERVER = 'server_latency_p99_seconds';
  /** Media waits ~0.3 s on the wire to cart, so its own latency rises by as much; edge's slowest calls (into media) rose by `edgeRise`. */
  const levels = (edgeRise: number): Levels => ({
    [CLIENT]: { edge: [0.06, 0.06 + edgeRise / 2], media: [0.019, 0.33], ads: [0.015, 0.015] },
    [SERVER]: { edge: [0.1, 0.1 + edgeRise], media: [0.033, 0.34], ads: [0.03, 0.03], cart: [0.017, 0.017], currency: [0.02, 0.02] },
    [P99_CLIENT]: { edge: [0.09, 0.09 + edgeRise], media: [0.02, 0.34], ads: [0.02, 0.02] },
    [P99_SERVER]: { edge: [0.11, 0.11 + edgeRise], media: [0.034, 0.35], ads: [0.035, 0.035], cart: [0.018, 0.018], currency: [0.022, 0.022] },
  });

  it("puts every link on the pod when its callers wait on the wire into it as long as it waits for its own calls", async () => {
    // Edge's slowest calls rose by media's own rise (0.32 s) and another 0.3 s on the wire into media.
    const findings = await survey(calls, levels(0.62));
    expect(findings.map((f) => [f.service, f.peer, f.family])).toEqual([['media', 'edge', 'call-gap'], ['media', 'cart', 'call-gap']]);
    expect(findings.every((f) => f.strength > 0.9)).toBe(true);
    expect(findings[0].detail).toMatch(/edge's client latency went 0\.09 → 0\.71 s, while media's own server latency went 0\.034 → 0\.35 s: the time is spent between them, on the wire, 0\.3\d* s beyond .*its network delays calls both ways/);
    expect(findings[1].detail).toMatch(/media's own callers wait on the wire to reach it too, so the delay is on media's side/);
  });

  it("keeps the delay on the callee when the pod's callers wait no longer than the pod itself takes", async () => {
    // Edge's slowest calls rose by media's own rise only: cart's inbound calls are the delayed ones.
    const findings = await survey(calls, levels(0.32));
    expect(findings.map((f) => [f.service, f.peer])).toEqual([['cart', 'media']]);
  });
});

describe("surveyMetricLinkDelays: a caller whose answers leave on time", () => {
  // web → catalog; catalog → fraud, checkout, nobody else calling those two. Each exports p90 and p99.
  const calls: Array<[string, string]> = [['web', 'catalog'], ['catalog', 'fraud'], ['catalog', 'checkout']];
  const P99_CLIENT = 'client_latency_p99_seconds';
  const P99_SERVER = 'server_latency_p99_seconds';
  /** Catalog waits ~0.33 s on the wire for one of its callees, so its own latency rises by as much; web's calls into catalog rose by `webRise`. */
  const levels = (webRise: number): Levels => ({
    [CLIENT]: { web: [0.05, 0.05 + webRise], catalog: [0.012, 0.35] },
    [SERVER]: { web: [0.12, 0.12 + webRise], catalog: [0.03, 0.38], fraud: [0.012, 0.012], checkout: [0.002, 0.002] },
    [P99_CLIENT]: { web: [0.06, 0.06 + webRise], catalog: [0.015, 0.39] },
    [P99_SERVER]: { web: [0.13, 0.13 + webRise], catalog: [0.035, 0.4], fraud: [0.014, 0.014], checkout: [0.003, 0.003] },
  });

  it("keeps the doubt between its callees, not on its own network, when its callers wait no longer than it takes", async () => {
    const findings = await survey(calls, levels(0.35));
    expect(findings.map((f) => [f.peer, f.service])).toEqual([['catalog', 'fraud'], ['catalog', 'checkout']]);
    expect(findings.every((f) => f.callerClear)).toBe(true);
    expect(findings[0].detail).toMatch(/catalog's own callers do not wait on the wire to reach it, so its network is not the delayed one/);
    // The attribution leaves both links on their callees, where it would otherwise blame catalog.
    expect(attributeLinkDelays(findings).map((f) => f.service)).toEqual(['fraud', 'checkout']);
    expect(attributeLinkDelays(findings.map(({ callerClear: _, ...f }) => f)).filter((f) => f.strength >= 0.5).map((f) => f.service)).toEqual(['catalog', 'catalog']);
  });

  it('leaves the question open when the caller has no measured callers', async () => {
    const findings = await survey(calls.slice(1), { [CLIENT]: { catalog: [0.012, 0.35] }, [SERVER]: { catalog: [0.03, 0.38], fraud: [0.012, 0.012], checkout: [0.002, 0.002] } });
    expect(findings.map((f) => [f.peer, f.service])).toEqual([['catalog', 'fraud'], ['catalog', 'checkout']]);
    expect(findings.some((f) => f.callerClear)).toBe(false);
  });
});

describe('surveyMetricLinkDelays: which of one caller\'s links, from its latency quantiles', () => {
  const QUANTILES = ['client_latency_p90_seconds', 'client_latency_p95_seconds', 'client_latency_p99_seconds'];
  const SERVERS = ['server_latency_p90_seconds', 'server_latency_p95_seconds', 'server_latency_p99_seconds'];

  /**
   * The gateway calls shipping, quotes and orders, each call's share of its calls given; its
   * client latency quantiles rose as given (p90, p95, p99, seconds), its callees' server latency held.
   */
  function surveyShares(shares: Record<string, number>, rises: [number, number, number]) {
    const callees = Object.keys(shares);
    const services = ['gateway', ...callees];
    const normal = [0.02, 0.03, 0.05];
    const metrics: Record<string, string[]> = { gateway: [...QUANTILES, ...SERVERS] };
    for (const callee of callees) metrics[callee] = SERVERS;
    const { context } = fakeContext({
      window: { start: '2025-01-01T10:00:00Z', end: '2025-01-01T10:30:00Z' },
      firedAt: '2025-01-01T10:24:00Z',
      symptom: { service: 'gateway', signal: 'latency' },
      catalog: { services, metrics, hasSpans: true },
      answer: (query) => {
        if (query.name === 'operation_shape') {
          const calls = callees.map((callee, i) => ({ service: callee, operation: `/${callee}/Get`, count: Math.round(shares[callee] * 1000), errorCount: 0, p50Ms: 5, meanOffsetMs: 1 + i }));
          return { kind: 'operation_shape', operations: [{ service: 'gateway', operation: 'GET /', count: 400, errorCount: 0, p50Ms: 30, calls }] };
        }
        if (query.name !== 'metric_range') return undefined;
        const { metric, range } = query.params as { metric: string; range: TimeRange };
        const during = range.start === windows.incident.start;
        const timestamps = Array.from({ length: 10 }, (_, i) => Date.parse(range.start) / 1000 + 30 * i);
        const quantile = QUANTILES.indexOf(metric);
        const series: Series[] = [];
        if (quantile >= 0) series.push({ service: 'gateway', metric, timestamps, values: timestamps.map((_, i) => (normal[quantile] + (during ? rises[quantile] : 0)) * (1 + 0.02 * ((i % 3) - 1))) });
        else for (const service of services) series.push({ service, metric, timestamps, values: timestamps.map(() => (service === 'gateway' ? 0.06 : 0.004)) });
        return { kind: 'metric_range', series };
      },
    });
    return surveyMetricLinkDelays(context, windows, new ServiceGraph({ services, calls: callees.map((to) => ({ from: 'gateway', to })) }));
  }

  it('reads the upper quantiles when p90 held, and names the one callee whose share of the calls fits how they rose', async () => {
    // p90 held, p95 and p99 rose: between 5% and 10% of the calls are delayed; shipping takes 8%.
    const findings = await surveyShares({ shipping: 0.08, quotes: 0.16, orders: 0.76 }, [0.001, 0.22, 0.36]);
    expect(findings.map((f) => [f.peer, f.service, f.family])).toEqual([['gateway', 'shipping', 'call-gap']]);
    expect(findings[0].strength).toBeGreaterThan(0.9);
    expect(findings[0].detail).toMatch(/gateway's client latency rose p90 \+1 ms, p95 \+220 ms, p99 \+360 ms, as a delay on 8% of its calls would .*its other callees' shares \(quotes 16%, orders 76%\) do not fit/);
  });

  it('leaves every link in doubt when more than one callee\'s share fits', async () => {
    const findings = await surveyShares({ shipping: 0.08, quotes: 0.07, orders: 0.85 }, [0.001, 0.22, 0.36]);
    expect(findings.map((f) => f.service).sort()).toEqual(['orders', 'quotes', 'shipping']);
    expect(Math.max(...findings.map((f) => f.strength))).toBeLessThan(0.8);
  });
});
