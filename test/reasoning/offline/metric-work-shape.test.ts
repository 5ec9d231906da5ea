import { ServiceGraph } from '../../../src/core/analysis/service-graph';
import type { OperationShape, Series } from '../../../src/core/telemetry/query-results';
import type { TimeRange } from '../../../src/core/telemetry/time-range-schema';
import { surveyMetricWorkShape } from '../../../src/reasoning/offline/metric-work-shape';
import { fakeContext, METRIC_SURVEY_WINDOWS } from './fake-context';

const WORKLOAD = 'workload_ops_per_second';
const SERVER = 'server_latency_p90_seconds';
const CLIENT = 'client_latency_p90_seconds';
const windows = METRIC_SURVEY_WINDOWS;

/** Per service: [normal, during the incident] for its request rate (per second) and, optionally, its server latency (seconds). */
type Levels = Record<string, { rate: [number, number]; latency?: [number, number]; client?: [number, number]; wobble?: number }>;
/** The reference traces: per caller, its operations and the services each calls, in order (`name*k`: k calls per execution). */
type Traced = Record<string, Record<string, string[]>>;

function survey(calls: Array<[string, string]>, levels: Levels, traced?: Traced) {
  const services = [...new Set(calls.flat())];
  const metrics: Record<string, string[]> = {};
  for (const [service, level] of Object.entries(levels)) metrics[service] = [WORKLOAD, ...(level.latency ? [SERVER] : []), ...(level.client ? [CLIENT] : [])];
  const { context } = fakeContext({
    window: { start: '2025-01-01T10:00:00Z', end: '2025-01-01T10:30:00Z' },
    firedAt: '2025-01-01T10:24:00Z',
    symptom: { service: services[0], signal: 'availability' },
    catalog: { services, metrics, hasSpans: traced !== undefined },
    answer: (query) => {
      if (query.name === 'operation_shape') return { kind: 'operation_shape', operations: shapes(traced ?? {}, levels) };
      if (query.name !== 'metric_range') return undefined;
      const { metric, range } = query.params as { metric: string; range: TimeRange };
      const during = range.start === windows.incident.start;
      const series: Series[] = Object.entries(levels).flatMap(([service, level]) => {
        const pair = metric === WORKLOAD ? level.rate : metric === CLIENT ? level.client : level.latency;
        if (!pair) return [];
        const timestamps = Array.from({ length: (Date.parse(range.end) - Date.parse(range.start)) / 30_000 }, (_, i) => Date.parse(range.start) / 1000 + 30 * i);
        // A wobbling service's requests alternate around their normal level, sample by sample.
        const wobble = metric === WORKLOAD && !during ? level.wobble ?? 0 : 0;
        return [{ service, instance: `${service}-0`, metric, timestamps, values: timestamps.map((_, i) => (during ? pair[1] : pair[0] * (1 + wobble * (i % 2 === 0 ? 1 : -1)))) }];
      });
      return { kind: 'metric_range', series };
    },
  });
  return surveyMetricWorkShape(context, windows, new ServiceGraph({ services, calls: calls.map(([from, to]) => ({ from, to })) }));
}

/** Operation shapes for the reference: each operation runs at its caller's normal rate for the reference's 15 minutes and calls each listed service once (or as often as `*k` says), in order. */
function shapes(traced: Traced, levels: Levels): OperationShape[] {
  return Object.entries(traced).flatMap(([service, operations]) =>
    Object.entries(operations).map(([operation, callees]) => {
      const count = Math.round((levels[service].rate[0] * 900) / Object.keys(operations).length);
      return {
        service,
        operation,
        count,
        errorCount: 0,
        p50Ms: 40,
        calls: callees.map((listed, i) => {
          const [callee, times] = listed.split('*');
          return { service: callee, operation: `${callee} handle`, count: count * Number(times ?? 1), errorCount: 0, p50Ms: 5, meanOffsetMs: 1 + 10 * i };
        }),
      };
    }),
  );
}

describe('surveyMetricWorkShape', () => {
  it("finds the service that stopped calling all of its callees while its own requests went on: its own code", async () => {
    const findings = await survey([['web', 'orders'], ['orders', 'stock'], ['orders', 'mail']], {
      web: { rate: [2, 2] },
      orders: { rate: [2, 2] },
      stock: { rate: [2, 0.6] },
      mail: { rate: [2, 0.6] },
    }, { web: { 'GET /': ['orders'] }, orders: { Place: ['stock', 'mail'] } });
    expect(findings.map((f) => [f.service, f.family])).toEqual([['orders', 'trace-shape']]);
    expect(findings[0].location).toMatchObject({ operation: 'Place', lastNormal: null, firstChanged: 'call stock' });
    expect(findings[0].strength).toBeGreaterThan(0.9);
    expect(findings[0].detail).toMatch(/orders stopped part of its work: calls into stock \(70% fewer than its requests predict\), calls into mail .*read from request-rate metrics/);
  });

  it('puts a stop right after a call whose latency held on what that call answered', async () => {
    const findings = await survey([['web', 'quotes'], ['web', 'cart']], {
      web: { rate: [2, 2], latency: [0.05, 0.05] },
      quotes: { rate: [2, 2], latency: [0.01, 0.01] },
      cart: { rate: [2, 0.8], latency: [0.01, 0.01] },
    }, { web: { 'GET /': ['quotes', 'cart'] } });
    const answer = findings.find((f) => f.family === 'trace-answer');
    expect(answer).toMatchObject({ service: 'quotes', peer: 'web', callerOperation: 'GET /' });
    expect(answer?.detail).toMatch(/web stops its work right after calling quotes/);
    const own = findings.find((f) => f.service === 'web');
    expect(own?.location).toMatchObject({ lastNormal: 'call quotes', firstChanged: 'call cart' });
    expect(own?.score).toBeCloseTo(answer?.score ?? 0, 10);
  });

  it('counts a stop right after a call that returned early as a reaction to that call', async () => {
    const findings = await survey([['web', 'quotes'], ['web', 'cart']], {
      web: { rate: [2, 2] },
      quotes: { rate: [2, 2], latency: [0.01, 0.002] },
      cart: { rate: [2, 0.8] },
    }, { web: { 'GET /': ['quotes', 'cart'] } });
    expect(findings.map((f) => [f.service, f.family, f.peer])).toEqual([['web', 'trace-shape', 'quotes'], ['quotes', 'trace-shape', undefined]]);
    expect(findings[0].strength).toBeLessThan(0.5);
    expect(findings[0].detail).toMatch(/a reaction to that call/);
    // Quotes itself returns early: its own code ends its work.
    expect(findings[1]).toMatchObject({ change: 'ended-early', location: { operation: 'quotes requests' } });
    expect(findings[1].strength).toBeGreaterThan(0.9);
    expect(findings[1].detail).toMatch(/quotes ends early: its own latency fell to 0\.20× normal/);
  });

  it('follows a failure down to the service below the call that returns early while the call itself held', async () => {
    // quotes calls rates last, and rates throws as it starts: quotes passes the failure on at
    // about its usual latency, and web stops after quotes.
    const findings = await survey([['web', 'quotes'], ['web', 'cart'], ['quotes', 'rates']], {
      web: { rate: [2, 2] },
      quotes: { rate: [2, 2], latency: [0.02, 0.018] },
      rates: { rate: [2, 2], latency: [0.01, 0.002] },
      cart: { rate: [2, 0.8] },
    }, { web: { 'GET /': ['quotes', 'cart'] }, quotes: { Get: ['rates'] } });
    expect(findings.map((f) => [f.service, f.family, f.peer])).toEqual([['web', 'trace-shape', 'quotes'], ['rates', 'trace-shape', undefined]]);
    expect(findings[1]).toMatchObject({ change: 'ended-early' });
    expect(findings[1].detail).toMatch(/rates ends early: its own latency fell to 0\.20× normal while it keeps being called, and web stops its work right after calling quotes, which calls it/);
  });

  it("follows a failure to the one callee whose latency fell where its caller's calls, together, answer far sooner", async () => {
    // rates throws as it starts for most calls: its p90 falls only to 0.85× (the slowest calls
    // still work), but quotes' calls out answer at half their normal latency, and tax held.
    const levels = (quotesCalls: number): Levels => ({
      web: { rate: [2, 2] },
      quotes: { rate: [2, 2], latency: [0.02, 0.019], client: [0.01, quotesCalls] },
      rates: { rate: [2, 2], latency: [0.01, 0.0085] },
      tax: { rate: [2, 2], latency: [0.01, 0.01] },
      cart: { rate: [2, 0.8] },
    });
    const calls: Array<[string, string]> = [['web', 'quotes'], ['web', 'cart'], ['quotes', 'rates'], ['quotes', 'tax']];
    const traced: Traced = { web: { 'GET /': ['quotes', 'cart'] }, quotes: { Get: ['rates', 'tax'] } };
    const findings = await survey(calls, levels(0.005), traced);
    expect(findings.map((f) => [f.service, f.family, f.peer])).toEqual([['web', 'trace-shape', 'quotes'], ['rates', 'trace-shape', undefined]]);
    expect(findings[1].detail).toMatch(/rates ends early: its own latency fell to 0\.85× normal while it keeps being called \(the calls quotes makes answer at 0\.50× their normal latency, and of its callees only rates's fell/);
    // Quotes' calls answering as fast as ever: nothing below it says it failed; what quotes answered is the suspect.
    const held = await survey(calls, levels(0.0098), traced);
    expect(held.map((f) => [f.service, f.family])).toEqual([['web', 'trace-shape'], ['quotes', 'trace-answer']]);
  });

  it("places a caller's stop after the one call its operations, calling in different orders, all stop after", async () => {
    // Payment throws; search passes the failure on, and web stops right after search in each
    // operation: email (after search in two operations) and recommend (after it only in checkout,
    // before it in /account) fall. Read operation by operation, /account lost recommend before
    // search: its own code, had the other operations not stopped after search too.
    const findings = await survey([['web', 'recommend'], ['web', 'search'], ['web', 'email'], ['search', 'payment']], {
      web: { rate: [3, 3] },
      search: { rate: [3, 3] },
      recommend: { rate: [2, 1.4] },
      email: { rate: [2, 0.8] },
      payment: { rate: [3, 3], latency: [0.01, 0.002] },
    }, { web: { 'GET /account': ['recommend', 'search', 'email'], 'GET /product': ['search', 'email'], 'POST /checkout': ['search', 'recommend'] }, search: { Find: ['payment'] } });
    const web = findings.filter((f) => f.service === 'web');
    expect(web.length).toBeGreaterThan(0);
    expect(web.every((f) => f.peer === 'search' && f.strength < 0.5)).toBe(true);
    expect(findings.find((f) => f.service === 'payment')).toMatchObject({ family: 'trace-shape', change: 'ended-early' });
  });

  it('reads a call made twice per request that lost only its repeat as made: the work stops right after its first call', async () => {
    // Cart answers 60% of calls wrongly: loyalty stops after it (mail falls), and web, which asks
    // loyalty twice per request, stops after the first of them: loyalty gets 1.4 calls per web
    // request instead of 2 (30% fewer), mail and tax 60% fewer. Mail lost more than web's part
    // of it: web may or may not have kept its calls there, so they do not place its stop.
    const calls: Array<[string, string]> = [['web', 'loyalty'], ['web', 'mail'], ['web', 'tax'], ['loyalty', 'cart'], ['loyalty', 'mail']];
    const traced: Traced = { web: { 'GET /': ['loyalty*2', 'mail', 'tax'] }, loyalty: { Get: ['cart', 'mail'] } };
    const levels = (loyalty: number): Levels => ({
      web: { rate: [2, 2] },
      loyalty: { rate: [4, loyalty] },
      tax: { rate: [2, 0.8] },
      cart: { rate: [4, loyalty], latency: [0.01, 0.01] },
      mail: { rate: [6, 0.4 * loyalty + 0.8] },
    });
    const findings = await survey(calls, levels(2.8), traced);
    const web = findings.find((f) => f.service === 'web');
    expect(web).toMatchObject({ peer: 'loyalty', location: { lastNormal: 'call loyalty' } });
    expect(web?.strength).toBeLessThan(0.5);
    expect(findings.filter((f) => f.family === 'trace-answer').map((f) => [f.service, f.peer])).toEqual([['cart', 'loyalty']]);
    // Web throwing before it calls loyalty at all loses as much of each call: its own code.
    const own = await survey(calls, { ...levels(1.6), mail: { rate: [6, 2.4] } }, traced);
    expect(own.map((f) => [f.service, f.family])).toEqual([['web', 'trace-shape']]);
    expect(own[0].location).toMatchObject({ lastNormal: null, firstChanged: 'call loyalty' });
  });

  it('places the stop right after a call whose repeats fell, whatever chance left of the calls after it', async () => {
    // Media throws as it starts for 80% of calls; web asks it four times per request and stops at
    // the first failure. Recommend, right after media, lost only 10% (as chance may have it), tax 80%.
    const findings = await survey([['web', 'media'], ['web', 'recommend'], ['web', 'tax']], {
      web: { rate: [2, 2] },
      media: { rate: [8, 3.2], latency: [0.01, 0.002] },
      recommend: { rate: [2, 1.8], latency: [0.01, 0.01] },
      tax: { rate: [2, 0.4] },
    }, { web: { 'GET /product': ['media*4', 'recommend', 'tax'] } });
    expect(findings.filter((f) => f.family === 'trace-answer')).toEqual([]);
    expect(findings.find((f) => f.service === 'web')).toMatchObject({ peer: 'media', location: { lastNormal: 'call media' } });
    expect(findings.find((f) => f.service === 'media')).toMatchObject({ change: 'ended-early' });
  });

  it('reports nothing when callees get fewer requests only because their callers do', async () => {
    const findings = await survey([['web', 'orders'], ['orders', 'stock']], {
      web: { rate: [2, 0.9] },
      orders: { rate: [2, 0.9] },
      stock: { rate: [4, 1.8] },
    }, { web: { 'GET /': ['orders'] }, orders: { Place: ['stock'] } });
    expect(findings).toEqual([]);
  });

  it('reports nothing for a shortfall within what chance and a small drop allow', async () => {
    const findings = await survey([['web', 'orders'], ['orders', 'stock']], {
      web: { rate: [2, 2] },
      orders: { rate: [2, 2] },
      stock: { rate: [2, 1.6] },
    }, { web: { 'GET /': ['orders'] }, orders: { Place: ['stock'] } });
    expect(findings).toEqual([]);
  });

  it('holds a shortfall to how far the callee strays from its prediction in the reference', async () => {
    const calls: Array<[string, string]> = [['web', 'orders'], ['orders', 'stock']];
    const traced: Traced = { web: { 'GET /': ['orders'] }, orders: { Place: ['stock'] } };
    const levels = (wobble: number): Levels => ({ web: { rate: [2, 2] }, orders: { rate: [2, 2] }, stock: { rate: [2, 1.1], wobble } });
    expect((await survey(calls, levels(0), traced)).map((f) => f.service)).toEqual(['orders']);
    // Sample by sample, stock's requests stray by 90 % of their level: over 20 samples, a 45 % shortfall is within that.
    expect(await survey(calls, levels(0.9), traced)).toEqual([]);
  });

  it('puts a wrong answer passed on by a service on the one below it whose answers stop other work too', async () => {
    // Loyalty answers wrongly: web stops after it on one page, and after tax, which asks loyalty, on another.
    const calls: Array<[string, string]> = [['web', 'tax'], ['web', 'profile'], ['web', 'loyalty'], ['web', 'cart'], ['tax', 'loyalty']];
    const findings = await survey(calls, {
      web: { rate: [2, 2] },
      tax: { rate: [1, 1] },
      profile: { rate: [1, 0.3] },
      loyalty: { rate: [2, 2] },
      cart: { rate: [1, 0.3] },
    }, { web: { 'GET /account': ['tax', 'profile'], 'GET /rewards': ['loyalty', 'cart'] }, tax: { Convert: ['loyalty'] } });
    expect(findings.filter((f) => f.family === 'trace-answer').map((f) => f.service)).toEqual(['loyalty']);
  });

  it('lets the change that explains most of the shortfall claim a callee several services call', async () => {
    // Both checkout and orders call stock; only checkout's mail calls fell as well.
    const calls: Array<[string, string]> = [['web', 'checkout'], ['web', 'orders'], ['checkout', 'stock'], ['checkout', 'mail'], ['orders', 'stock']];
    const findings = await survey(calls, {
      web: { rate: [2, 2] },
      checkout: { rate: [1, 1] },
      orders: { rate: [1, 1] },
      stock: { rate: [2, 1.3] },
      mail: { rate: [1, 0.3] },
    }, { web: { 'GET /': ['checkout', 'orders'] }, checkout: { Pay: ['stock', 'mail'] }, orders: { List: ['stock'] } });
    expect(findings.map((f) => [f.service, f.family])).toEqual([['checkout', 'trace-shape']]);
  });

  it('reads nothing without reference traces, and a caller they missed at half weight, naming no answer', async () => {
    const calls: Array<[string, string]> = [['web', 'orders'], ['orders', 'stock'], ['orders', 'mail']];
    const levels: Levels = { web: { rate: [2, 2] }, orders: { rate: [2, 2] }, stock: { rate: [2, 2] }, mail: { rate: [2, 0.2] } };
    expect(await survey(calls, levels)).toEqual([]);
    // Only web's requests were traced: orders' calls have no known order.
    const partly = await survey(calls, levels, { web: { 'GET /': ['orders'] } });
    const ordered = await survey(calls, levels, { web: { 'GET /': ['orders'] }, orders: { Place: ['stock', 'mail'] } });
    expect(partly.map((f) => [f.service, f.family])).toEqual([['orders', 'trace-shape']]);
    expect(partly[0].score).toBeCloseTo((ordered.find((f) => f.service === 'orders')?.score ?? 0) / 2, 10);
    expect(partly[0].detail).toMatch(/order of its calls is not known/);
    expect(ordered.find((f) => f.family === 'trace-answer')).toMatchObject({ service: 'stock', peer: 'orders' });
  });

  it('reads a shortfall every operation of a caller shares, which no single operation accounts for, as that caller\'s whole work', async () => {
    // pricing throws as it starts for 70% of its requests (media gets 70% fewer); web calls pricing
    // first in both of its operations and stops after it, so quotes and mail get fewer from both.
    // Session, which also calls quotes, changed nothing, yet could alone account for quotes' loss.
    const findings = await survey([['web', 'pricing'], ['web', 'quotes'], ['web', 'mail'], ['pricing', 'media'], ['session', 'quotes']], {
      web: { rate: [2, 2] },
      session: { rate: [2, 2] },
      pricing: { rate: [2, 2] },
      media: { rate: [2, 0.6] },
      quotes: { rate: [4, 2.6] },
      mail: { rate: [2, 0.6] },
    }, { web: { 'GET /': ['pricing', 'quotes', 'mail'], 'GET /account': ['pricing', 'quotes', 'mail'] }, session: { Get: ['quotes'] }, pricing: { Get: ['media'] } });
    expect(findings.filter((f) => f.service === 'session')).toEqual([]);
    const web = findings.find((f) => f.service === 'web');
    expect(web).toMatchObject({ family: 'trace-shape', peer: 'pricing' });
    expect(web?.detail).toMatch(/web stopped part of its work after its calls into pricing: calls into quotes .*a reaction to that call/);
    expect(findings.find((f) => f.service === 'pricing')?.location).toMatchObject({ lastNormal: null, firstChanged: 'call media' });
  });

  it('does not blame a caller for every one of its calls gone while its requests take as long as ever', async () => {
    // orders throws as it starts for half its requests; shipping, whose one callee is checkout
    // too, could account for checkout's loss only by no longer calling it at all, yet its requests
    // still spend a third of their time in calls and are as slow as before.
    const levels: Levels = {
      orders: { rate: [2, 2] },
      shipping: { rate: [1, 1], latency: [0.024, 0.024], client: [0.008, 0.008] },
      checkout: { rate: [3, 2] },
    };
    const traced: Traced = { orders: { Place: ['checkout'] }, shipping: { Quote: ['checkout'] } };
    const findings = await survey([['orders', 'checkout'], ['shipping', 'checkout']], levels, traced);
    expect(findings.map((f) => f.service)).toEqual(['orders']);
    expect(findings[0].detail).toMatch(/calls into checkout \(50% fewer than its requests predict\)/);
    // Had its requests got quicker, dropping its calls could be what happened.
    const quicker = await survey([['orders', 'checkout'], ['shipping', 'checkout']], { ...levels, shipping: { ...levels.shipping, latency: [0.024, 0.016] } }, traced);
    expect(quicker.map((f) => f.service)).toEqual(['shipping']);
  });
});
