import type { OperationCall, OperationShape } from '../../../src/core/telemetry/query-results';
import { surveyTraceShape } from '../../../src/reasoning/offline/trace-shape-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:10:00.000Z' };

const call = (service: string, operation: string, count: number, offset: number, p50Ms: number): OperationCall => ({ service, operation, count, errorCount: 0, p50Ms, meanOffsetMs: offset });
const op = (service: string, operation: string, count: number, p50Ms: number, calls: OperationCall[]): OperationShape => ({ service, operation, count, errorCount: 0, p50Ms, calls });

/**
 * A gRPC checkout: the storefront's client span `shop.Checkout/Place` → checkout's server span
 * `/shop.Checkout/Place`, whose client spans call shipping and payment. With the fault, shipping's
 * handler throws at once: its internal lookup vanishes and its spans end early; checkout stops
 * right after the shipping call (payment vanishes).
 */
function periods(faulty: boolean): OperationShape[] {
  const n = faulty ? 60 : 80;
  const shippingMs = faulty ? 0.4 : 6;
  return [
    op('storefront', 'POST /checkout', n, faulty ? 9 : 40, [call('storefront', 'shop.Checkout/Place', n, 1, faulty ? 7 : 38)]),
    op('storefront', 'shop.Checkout/Place', n, faulty ? 7 : 38, [call('checkout', '/shop.Checkout/Place', n, 0.5, faulty ? 6 : 37)]),
    op('checkout', '/shop.Checkout/Place', n, faulty ? 6 : 37, [
      call('checkout', 'shop.Shipping/Quote', n, 2, shippingMs + 1),
      ...(faulty ? [] : [call('checkout', 'shop.Payment/Charge', n, 10, 25)]),
    ]),
    op('checkout', 'shop.Shipping/Quote', n, shippingMs + 1, [call('shipping', '/shop.Shipping/Quote', n, 0.5, shippingMs)]),
    ...(faulty ? [] : [op('checkout', 'shop.Payment/Charge', n, 25, [call('payment', '/shop.Payment/Charge', n, 0.5, 24)])]),
    op('shipping', '/shop.Shipping/Quote', n, shippingMs, faulty ? [] : [call('shipping', 'rate_table lookup', n, 1, 4)]),
    ...(faulty ? [] : [op('shipping', 'rate_table lookup', n, 4, []), op('payment', '/shop.Payment/Charge', n, 24, [])]),
  ];
}

/** checkout stops right after its call to pricing, which answers as fast as ever: payment is no longer called. */
function answered(faulty: boolean): OperationShape[] {
  const n = faulty ? 60 : 80;
  return [
    op('checkout', '/shop.Checkout/Place', n, faulty ? 8 : 37, [call('checkout', 'shop.Pricing/Quote', n, 2, 4), ...(faulty ? [] : [call('checkout', 'shop.Payment/Charge', n, 10, 25)])]),
    op('checkout', 'shop.Pricing/Quote', n, 4, [call('pricing', '/shop.Pricing/Quote', n, 0.5, 3)]),
    op('pricing', '/shop.Pricing/Quote', n, 3, []),
    ...(faulty ? [] : [op('checkout', 'shop.Payment/Charge', n, 25, [call('payment', '/shop.Payment/Charge', n, 0.5, 24)]), op('payment', '/shop.Payment/Charge', n, 24, [])]),
  ];
}

/** Checkout and orders both stop right after their call to pricing, which answers as fast as ever. */
function answeredTwice(faulty: boolean): OperationShape[] {
  const n = faulty ? 60 : 80;
  const stopsAfterPricing = (service: string, next: string) => [
    op(service, `/shop.${service}/Place`, n, faulty ? 8 : 37, [call(service, 'shop.Pricing/Quote', n, 2, 4), ...(faulty ? [] : [call(service, `shop.${next}/Run`, n, 10, 25)])]),
    op(service, 'shop.Pricing/Quote', n, 4, [call('pricing', '/shop.Pricing/Quote', n, 0.5, 3)]),
    ...(faulty ? [] : [op(service, `shop.${next}/Run`, n, 25, [call(next, `/shop.${next}/Run`, n, 0.5, 24)]), op(next, `/shop.${next}/Run`, n, 24, [])]),
  ];
  return [...stopsAfterPricing('checkout', 'payment'), ...stopsAfterPricing('orders', 'mail'), op('pricing', '/shop.Pricing/Quote', 2 * n, 3, [])];
}

/**
 * Two levels: the storefront stops after its call to checkout, which still answers about as fast
 * (the shipping call it cut short was a small part of its work), but checkout itself stopped after
 * shipping failed. Checkout's answer changed because its own work did: no wrong answer of its own.
 */
function chained(faulty: boolean): OperationShape[] {
  const n = faulty ? 60 : 80;
  const shippingMs = faulty ? 0.4 : 3;
  return [
    op('storefront', 'GET /product', n, faulty ? 30 : 60, [call('storefront', 'shop.Checkout/Place', n, 1, faulty ? 26 : 30), ...(faulty ? [] : [call('storefront', 'shop.Reviews/List', n, 32, 20)])]),
    op('storefront', 'shop.Checkout/Place', n, faulty ? 26 : 30, [call('checkout', '/shop.Checkout/Place', n, 0.5, faulty ? 25 : 29)]),
    ...(faulty ? [] : [op('storefront', 'shop.Reviews/List', n, 20, [call('reviews', '/shop.Reviews/List', n, 0.5, 19)]), op('reviews', '/shop.Reviews/List', n, 19, [])]),
    op('checkout', '/shop.Checkout/Place', n, faulty ? 25 : 29, [call('checkout', 'SELECT orders', n, 1, 22), call('checkout', 'shop.Shipping/Quote', n, 24, shippingMs + 1), ...(faulty ? [] : [call('checkout', 'cache SET', n, 28, 0.5)])]),
    op('checkout', 'SELECT orders', n, 22, []),
    ...(faulty ? [] : [op('checkout', 'cache SET', n, 0.5, [])]),
    op('checkout', 'shop.Shipping/Quote', n, shippingMs + 1, [call('shipping', '/shop.Shipping/Quote', n, 0.5, shippingMs)]),
    op('shipping', '/shop.Shipping/Quote', n, shippingMs, faulty ? [] : [call('shipping', 'rate_table lookup', n, 1, 2)]),
    ...(faulty ? [] : [op('shipping', 'rate_table lookup', n, 2, [])]),
  ];
}

/** As `chained`, but checkout carries on after shipping fails (its own calls unchanged) and only returns the error. */
function passedOn(faulty: boolean): OperationShape[] {
  const place = (o: OperationShape): OperationShape => ({ ...o, p50Ms: 29, calls: [call('checkout', 'SELECT orders', o.count, 1, 22), call('checkout', 'shop.Shipping/Quote', o.count, 24, faulty ? 1.4 : 4), call('checkout', 'cache SET', o.count, 28, 0.5)] });
  const shapes = chained(faulty).map((o) => (o.service === 'checkout' && o.operation === '/shop.Checkout/Place' ? place(o) : o));
  return faulty ? [...shapes, op('checkout', 'cache SET', 60, 0.5, [])] : shapes;
}

/**
 * Loyalty answers wrongly. The storefront stops after calling it directly (GET /rewards), and
 * after calling tax (GET /account), which asks loyalty and passes its answer on; both answer as
 * fast as before.
 */
function passedAnswer(faulty: boolean): OperationShape[] {
  const n = faulty ? 60 : 80;
  return [
    op('storefront', 'GET /account', n, faulty ? 12 : 40, [call('storefront', 'shop.Tax/Convert', n, 1, 10), ...(faulty ? [] : [call('storefront', 'shop.Profile/Get', n, 20, 15)])]),
    op('storefront', 'shop.Tax/Convert', n, 10, [call('tax', '/shop.Tax/Convert', n, 0.5, 9)]),
    op('tax', '/shop.Tax/Convert', n, 9, [call('tax', 'shop.Loyalty/Points', n, 1, 6)]),
    op('tax', 'shop.Loyalty/Points', n, 6, [call('loyalty', '/shop.Loyalty/Points', n, 0.5, 5)]),
    op('storefront', 'GET /rewards', n, faulty ? 7 : 30, [call('storefront', 'shop.Loyalty/Points', n, 1, 6), ...(faulty ? [] : [call('storefront', 'shop.Cart/Get', n, 10, 18)])]),
    op('storefront', 'shop.Loyalty/Points', n, 6, [call('loyalty', '/shop.Loyalty/Points', n, 0.5, 5)]),
    op('loyalty', '/shop.Loyalty/Points', 2 * n, 5, []),
    ...(faulty ? [] : [op('storefront', 'shop.Profile/Get', n, 15, [call('profile', '/shop.Profile/Get', n, 0.5, 14)]), op('profile', '/shop.Profile/Get', n, 14, []), op('storefront', 'shop.Cart/Get', n, 18, [call('cart', '/shop.Cart/Get', n, 0.5, 17)]), op('cart', '/shop.Cart/Get', n, 17, [])]),
  ];
}

/**
 * Orders answers wrongly. Shipping and email both call orders among other calls, carry on, and
 * then fail; the storefront stops after calling either. Neither shows a change of its own work.
 * `alsoShared` gives both a second callee in common (cache), so the shared one is no longer plain.
 */
function sharedCallee(alsoShared: boolean) {
  return (faulty: boolean): OperationShape[] => {
    const n = faulty ? 60 : 80;
    const leaf = (service: string) => [op(service, `/shop.${service}/Get`, 2 * n, 4, [])];
    const caller = (service: string, callees: string[]) => [
      op(service, `/shop.${service}/Run`, n, 20, callees.map((c, i) => call(service, `shop.${c}/Get`, n, 1 + 5 * i, 5))),
      ...callees.map((c) => op(service, `shop.${c}/Get`, n, 5, [call(c, `/shop.${c}/Get`, n, 0.5, 4)])),
    ];
    const cache = alsoShared ? ['cache'] : [];
    return [
      op('storefront', 'GET /ship', n, faulty ? 22 : 40, [call('storefront', 'shop.shipping/Run', n, 1, 21), ...(faulty ? [] : [call('storefront', 'shop.cart/Get', n, 25, 5)])]),
      op('storefront', 'shop.shipping/Run', n, 21, [call('shipping', '/shop.shipping/Run', n, 0.5, 20)]),
      op('storefront', 'GET /mail', n, faulty ? 22 : 40, [call('storefront', 'shop.email/Run', n, 1, 21), ...(faulty ? [] : [call('storefront', 'shop.profile/Get', n, 25, 5)])]),
      op('storefront', 'shop.email/Run', n, 21, [call('email', '/shop.email/Run', n, 0.5, 20)]),
      ...caller('shipping', ['search', 'orders', 'payment', ...cache]),
      ...caller('email', ['orders', 'loyalty', ...cache]),
      ...['search', 'orders', 'payment', 'loyalty', 'cache'].flatMap(leaf),
      ...(faulty ? [] : [op('storefront', 'shop.cart/Get', n, 5, [call('cart', '/shop.cart/Get', n, 0.5, 4)]), op('storefront', 'shop.profile/Get', n, 5, [call('profile', '/shop.profile/Get', n, 0.5, 4)]), ...leaf('cart'), ...leaf('profile')]),
    ];
  };
}

/**
 * Orders answers wrongly, and span status is recorded. Shipping and email both call orders among
 * other calls, make all their calls, and then fail; the storefront's calls to them fail, and it
 * stops. `callFails` makes email's call to loyalty fail too (its failure then begins there), and
 * `alone` leaves email out (one failing service: its own code is as likely).
 */
function failingCallers(options: { callFails?: boolean; alone?: boolean } = {}) {
  return (faulty: boolean): OperationShape[] => {
    const n = faulty ? 60 : 80;
    const failed = faulty ? 36 : 0;
    const leaf = (service: string, errors = 0) => [{ ...op(service, `/shop.${service}/Get`, 2 * n, 4, []), errorCount: errors }];
    const callErrors = (callee: string) => (callee === 'loyalty' && options.callFails && faulty ? failed : 0);
    const caller = (service: string, callees: string[]) => [
      { ...op(service, `/shop.${service}/Run`, n, 20, callees.map((c, i) => ({ ...call(service, `shop.${c}/Get`, n, 1 + 5 * i, 5), errorCount: callErrors(c) }))), errorCount: failed },
      ...callees.map((c) => ({ ...op(service, `shop.${c}/Get`, n, 5, [{ ...call(c, `/shop.${c}/Get`, n, 0.5, 4), errorCount: callErrors(c) }]), errorCount: callErrors(c) })),
    ];
    const fails = (o: OperationShape): OperationShape => ({ ...o, errorCount: failed, calls: o.calls.map((c) => ({ ...c, errorCount: failed })) });
    return [
      op('storefront', 'GET /ship', n, faulty ? 22 : 40, [{ ...call('storefront', 'shop.shipping/Run', n, 1, 21), errorCount: failed }, ...(faulty ? [] : [call('storefront', 'shop.cart/Get', n, 25, 5)])]),
      fails(op('storefront', 'shop.shipping/Run', n, 21, [call('shipping', '/shop.shipping/Run', n, 0.5, 20)])),
      ...caller('shipping', ['search', 'orders', 'payment']),
      ...(options.alone
        ? []
        : [
            op('storefront', 'GET /mail', n, faulty ? 22 : 40, [{ ...call('storefront', 'shop.email/Run', n, 1, 21), errorCount: failed }, ...(faulty ? [] : [call('storefront', 'shop.profile/Get', n, 25, 5)])]),
            fails(op('storefront', 'shop.email/Run', n, 21, [call('email', '/shop.email/Run', n, 0.5, 20)])),
            ...caller('email', ['orders', 'loyalty']),
          ]),
      ...['search', 'orders', 'payment'].flatMap((s) => leaf(s)),
      ...leaf('loyalty', options.callFails && faulty ? failed : 0),
      ...(faulty ? [] : [op('storefront', 'shop.cart/Get', n, 5, [call('cart', '/shop.cart/Get', n, 0.5, 4)]), op('storefront', 'shop.profile/Get', n, 5, [call('profile', '/shop.profile/Get', n, 0.5, 4)]), ...leaf('cart'), ...leaf('profile')]),
    ];
  };
}

/**
 * The gateway calls pricing (which calls loyalty and passes its answer on), then loyalty itself,
 * payment and session. Loyalty answers wrongly: the gateway stops right after pricing in part of
 * its executions, and right after loyalty in part of those that still reach it.
 */
function stopsTwice(faulty: boolean): OperationShape[] {
  const n = faulty ? 141 : 32;
  const made = (service: string, operation: string, count: number, offset: number) => ({ ...call(service, operation, count, offset, 4), callers: count });
  const leaf = (service: string, operation: string, count: number) => op(service, operation, count, 3, []);
  return [
    op('gateway', 'HTTP GET /', n, faulty ? 20 : 40, [made('pricing', '/Pricing/Quote', n, 1), made('loyalty', '/Loyalty/Reserve', faulty ? 59 : n, 6), made('payment', '/Payment/Charge', faulty ? 44 : n, 11), made('session', '/Session/Place', faulty ? 44 : n, 16)]),
    op('pricing', '/Pricing/Quote', n, 4, [made('loyalty', '/Loyalty/List', n, 1)]),
    leaf('loyalty', '/Loyalty/List', n),
    leaf('loyalty', '/Loyalty/Reserve', faulty ? 59 : n),
    leaf('payment', '/Payment/Charge', faulty ? 44 : n),
    leaf('session', '/Session/Place', faulty ? 44 : n),
  ];
}

function contextFor(periodsOf: (faulty: boolean) => OperationShape[]) {
  return fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: '2024-01-01T10:25:00.000Z',
    symptom: { service: 'storefront', signal: 'availability' },
    catalog: { hasSpans: true },
    answer: (query) => (query.name === 'operation_shape' ? { kind: 'operation_shape', operations: periodsOf(Date.parse(query.params.range.start) >= Date.parse('2024-01-01T10:20:00Z')) } : undefined),
  });
}

describe('surveyTraceShape', () => {
  it('finds a change over the minutes since the symptom showed that the whole incident period dilutes', async () => {
    // The traces hold two normal minutes of the incident period and two faulty ones: over the
    // whole period a sixth of the executions skip payment; since the symptom, half of them do.
    const place = (n: number, paid: number): OperationShape[] => [op('checkout', '/shop.Checkout/Place', n, 30, [{ ...call('pricing', '/shop.Pricing/Quote', n, 2, 4), callers: n }, { ...call('payment', '/shop.Payment/Charge', paid, 10, 20), callers: paid }])];
    const since = { start: '2024-01-01T10:23:00.000Z', end: '2024-01-01T10:30:00.000Z' };
    const { context } = fakeContext({
      window: WINDOW,
      baseline: BASELINE,
      firedAt: '2024-01-01T10:25:00.000Z',
      symptom: { service: 'storefront', signal: 'availability' },
      catalog: { hasSpans: true },
      answer: (query) => {
        if (query.name !== 'operation_shape') return undefined;
        const start = query.params.range.start;
        return { kind: 'operation_shape', operations: start === since.start ? place(20, 10) : Date.parse(start) >= Date.parse('2024-01-01T10:20:00Z') ? place(60, 50) : place(200, 200) };
      },
    });
    const windows = triageWindows(context, 60_000);
    const whole = await surveyTraceShape(context, windows, { hypothesisId: null });
    expect(whole.find((f) => f.family === 'trace-shape')).toBeUndefined();
    const findings = await surveyTraceShape(context, windows, { hypothesisId: null, since });
    expect(findings.find((f) => f.family === 'trace-shape')).toMatchObject({ service: 'checkout', change: 'calls-dropped', detail: expect.stringMatching(/call payment \/shop\.Payment\/Charge \(50% fewer per execution\).*20 executions now/) });
    expect(findings.find((f) => f.family === 'trace-answer')).toMatchObject({ service: 'pricing', peer: 'checkout' });
  });

  it('suspects the service whose answer the work stops after, as much as the caller, when that call did not visibly fail', async () => {
    const { context } = contextFor(answered);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    const checkout = findings.find((f) => f.service === 'checkout');
    const pricing = findings.find((f) => f.service === 'pricing');
    expect(checkout).toMatchObject({ family: 'trace-shape', change: 'calls-vanished' });
    expect(pricing).toMatchObject({ family: 'trace-answer', peer: 'checkout', operation: '/shop.Pricing/Quote' });
    expect(pricing!.score).toBe(checkout!.score);
    expect(pricing!.detail).toMatch(/stops its work right after calling pricing \/shop\.Pricing\/Quote .*returns as before/);
  });

  it('puts a stop after an answer passed on, and a later one after the same service\'s own answer, on that service', async () => {
    const { context } = contextFor(stopsTwice);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    const answers = findings.filter((f) => f.family === 'trace-answer');
    expect(answers.map((f) => [f.service, f.peer])).toEqual([['loyalty', 'gateway']]);
    expect(answers[0].detail).toMatch(/gateway HTTP GET \/ also stops its work right after calling loyalty \/Loyalty\/Reserve: of the executions that still make that call, 25% go no further/);
    // Pricing's answer changed because loyalty's did: the gateway's stop after it is a reaction.
    expect(findings.find((f) => f.family === 'trace-shape')).toMatchObject({ service: 'gateway', peer: 'pricing', detail: expect.stringMatching(/a reaction to that call/) });
  });

  it('puts the stops of two callers right after the same answer on that answer: each caller reacts to it', async () => {
    const { context } = contextFor(answeredTwice);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    const answers = findings.filter((f) => f.family === 'trace-answer');
    expect(answers.map((f) => [f.service, f.peer]).sort()).toEqual([['pricing', 'checkout'], ['pricing', 'orders']]);
    const callers = findings.filter((f) => f.family === 'trace-shape');
    expect(callers.map((f) => [f.service, f.peer, f.passesOn]).sort()).toEqual([['checkout', 'pricing', 'pricing'], ['orders', 'pricing', 'pricing']]);
    expect(callers.every((f) => f.score < answers[0].score / 2)).toBe(true);
    expect(callers.find((f) => f.service === 'checkout')?.detail).toMatch(/which returns as before, while orders also stops or fails on what pricing answers: a reaction to that call/);
  });

  it('blames the service whose handler stopped, not the callers that stopped after its call failed', async () => {
    const { context, queries } = contextFor(periods);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(queries.filter((q) => q.name === 'operation_shape')).toHaveLength(3);
    const byService = new Map(findings.map((f) => [f.service, f]));
    const shipping = byService.get('shipping');
    expect(shipping).toMatchObject({ family: 'trace-shape', operation: '/shop.Shipping/Quote', change: 'calls-vanished' });
    expect(shipping?.location).toMatchObject({ operation: '/shop.Shipping/Quote', lastNormal: null, firstChanged: 'call shipping rate_table lookup' });
    const checkout = byService.get('checkout');
    expect(checkout?.detail).toMatch(/right after its call checkout shop\.Shipping\/Quote, which returns sooner/);
    expect(checkout!.score).toBeLessThan(shipping!.score / 2);
    // The storefront only waited less: its call ended early, nothing of its own changed; and
    // shipping's failure is visible, so nobody else is suspected of its answer.
    expect(byService.has('storefront')).toBe(false);
    expect(findings.filter((f) => f.service === 'shipping')).toHaveLength(1);
  });

  it('follows a changed answer down to the work that changed behind it', async () => {
    const { context } = contextFor(chained);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    // No wrong answer is pinned on checkout: its answer changed because its own work stopped.
    expect(findings.filter((f) => f.family === 'trace-answer')).toEqual([]);
    const storefront = findings.find((f) => f.service === 'storefront');
    const shipping = findings.find((f) => f.service === 'shipping');
    expect(storefront).toMatchObject({ family: 'trace-shape', peer: 'checkout' });
    expect(storefront?.detail).toMatch(/whose checkout \/shop\.Checkout\/Place itself stopped part of its work: a reaction to that call/);
    expect(storefront!.score).toBeLessThan(shipping!.score / 2);
  });

  it('follows a changed answer through a service that only passes a failure on', async () => {
    const { context } = contextFor(passedOn);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(findings.filter((f) => f.family === 'trace-answer')).toEqual([]);
    expect(findings.find((f) => f.service === 'storefront')).toMatchObject({ peer: 'checkout' });
    expect(findings.find((f) => f.service === 'shipping')).toMatchObject({ family: 'trace-shape', change: 'calls-vanished' });
  });

  it('puts a wrong answer passed on by a service on the one below it whose answers stop other work too', async () => {
    const { context } = contextFor(passedAnswer);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(findings.filter((f) => f.family === 'trace-answer').map((f) => [f.service, f.callerOperation])).toEqual([['loyalty', 'GET /rewards']]);
    const account = findings.find((f) => f.operation === 'GET /account');
    expect(account).toMatchObject({ family: 'trace-shape', peer: 'tax' });
    expect(account?.detail).toMatch(/a reaction to that call/);
  });

  it('puts the wrong answers of several services that carry on and fail on the one service they all call', async () => {
    const { context } = contextFor(sharedCallee(false));
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    const answers = findings.filter((f) => f.family === 'trace-answer');
    expect(answers.map((f) => [f.service, f.peer]).sort()).toEqual([['orders', 'email'], ['orders', 'shipping']]);
    expect(answers[0].detail).toMatch(/one service answering wrongly is the plainer account/);
    expect(findings.find((f) => f.operation === 'GET /ship')).toMatchObject({ family: 'trace-shape', peer: 'shipping' });
    // Two services in common: nothing says which, each keeps its own answer.
    const two = contextFor(sharedCallee(true)).context;
    const own = (await surveyTraceShape(two, triageWindows(two, 60_000), { hypothesisId: null })).filter((f) => f.family === 'trace-answer');
    expect(own.map((f) => f.service).sort()).toEqual(['email', 'shipping']);
  });
  it('puts the failures of several services that make all their calls, which answer as before, on the one service they all call', async () => {
    const { context } = contextFor(failingCallers());
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    const answers = findings.filter((f) => f.family === 'trace-answer');
    expect(answers.map((f) => [f.service, f.peer, f.callerFailed]).sort()).toEqual([['orders', 'email', true], ['orders', 'shipping', true]]);
    expect(answers[0].detail).toMatch(/fails 60% of its executions \(0% in the reference\) while it still makes all its calls/);
    expect(answers[0].strength).toBeGreaterThan(0.9);
  });

  it('leaves a failure after all calls to its own service when no other failure shares a callee with it, or when one of its calls fails', async () => {
    for (const options of [{ alone: true }, { callFails: true }]) {
      const { context } = contextFor(failingCallers(options));
      const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
      expect(findings.filter((f) => f.family === 'trace-answer')).toEqual([]);
    }
  });

  it('puts a failure after all calls and a stop right after one call on the service both reach directly', async () => {
    // Email no longer fails: the storefront stops right after email's answer (nothing fails), and shipping fails after all its calls.
    const periodsOf = (faulty: boolean): OperationShape[] =>
      failingCallers()(faulty).map((o) => {
        if (o.service === 'email' && o.operation === '/shop.email/Run') return { ...o, errorCount: 0, calls: [] };
        if (o.operation === 'shop.email/Run') return { ...o, errorCount: 0, calls: o.calls.map((c) => ({ ...c, errorCount: 0, service: 'orders', operation: '/shop.orders/Get' })) };
        if (o.operation === 'GET /mail') return { ...o, calls: o.calls.map((c) => ({ ...c, errorCount: 0 })) };
        return o;
      });
    const { context } = contextFor(periodsOf);
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(findings.filter((f) => f.family === 'trace-answer').map((f) => [f.service, f.peer]).sort()).toEqual([['orders', 'shipping'], ['orders', 'storefront']]);
  });
});
