import { compareOperationShape } from '../../../src/core/analysis/trace-shape';
import type { OperationCall, OperationShape } from '../../../src/core/telemetry/query-results';

const call = (service: string, operation: string, count: number, offset: number, p50Ms = 5, errorCount = 0): OperationCall => ({ service, operation, count, errorCount, p50Ms, meanOffsetMs: offset });
/** A call the source also counts executions for: `callers` of the operation's executions made it. */
const counted = (service: string, operation: string, count: number, offset: number, callers: number): OperationCall => ({ ...call(service, operation, count, offset), callers });
const shape = (count: number, p50Ms: number, calls: OperationCall[], operation = '/shop.Checkout/Place'): OperationShape => ({ service: 'checkout', operation, count, errorCount: 0, p50Ms, calls });

describe('compareOperationShape', () => {
  it('finds the calls an operation stopped making, and the last call it still made before them', () => {
    const before = shape(40, 50, [call('basket', 'shop.Basket/Get', 40, 1), call('shipping', 'shop.Shipping/Quote', 40, 5, 8), call('payment', 'shop.Payment/Charge', 40, 15, 20)]);
    const now = shape(30, 12, [call('basket', 'shop.Basket/Get', 30, 1), call('shipping', 'shop.Shipping/Quote', 30, 5, 8)]);
    const change = compareOperationShape(before, now);
    expect(change).toMatchObject({ change: 'calls-vanished', lastKept: { call: { service: 'shipping' } } });
    expect(change?.dropped.map((c) => c.call.service)).toEqual(['payment']);
    // All of it gone: as large as the evidence allows (40 calls before, none due of 30).
    expect(change?.score).toBeCloseTo(Math.sqrt(2 * 40 * Math.log(1 + 30 / 40)), 5);
  });

  it('compares calls per execution, so less traffic or a partly traced period is not a change', () => {
    const before = shape(200, 50, [call('db', 'SELECT orders', 400, 2)]);
    const now = shape(20, 50, [call('db', 'SELECT orders', 41, 2)]);
    expect(compareOperationShape(before, now)).toBeUndefined();
  });

  it('needs enough executions, and a drop beyond chance', () => {
    expect(compareOperationShape(shape(6, 50, [call('db', 'q', 6, 2)]), shape(6, 50, []))).toBeUndefined();
    expect(compareOperationShape(shape(10, 50, [call('db', 'q', 4, 2)]), shape(10, 50, [call('db', 'q', 1, 2)]))).toBeUndefined();
  });

  it('counts a drop diluted by the normal minutes traced before the fault, yet not a wobble of the mix', () => {
    // The fault stops 70 % of the calls after it, but the period also holds normal minutes: about
    // half are gone, far beyond chance.
    const before = shape(72, 37, [call('pricing', 'shop.Pricing/Quote', 72, 4), call('shipping', 'shop.Shipping/Estimate', 72, 9), call('payment', 'shop.Payment/Charge', 72, 15)]);
    const now = shape(75, 29, [call('pricing', 'shop.Pricing/Quote', 75, 4), call('shipping', 'shop.Shipping/Estimate', 38, 9), call('payment', 'shop.Payment/Charge', 38, 15)]);
    expect(compareOperationShape(before, now)).toMatchObject({ change: 'calls-dropped', lastKept: { call: { service: 'pricing' } } });
    // With evidence to spare, about half the requests failing is a clear change (8·√0.475), not a
    // weak one (8·0.475).
    const many = compareOperationShape(shape(400, 37, [call('pricing', 'q', 400, 4), call('shipping', 'e', 400, 9)]), shape(400, 30, [call('pricing', 'q', 400, 4), call('shipping', 'e', 210, 9)]));
    expect(many?.score).toBeCloseTo(8 * Math.sqrt(0.475), 5);
    // A quarter fewer of a call is within how the mix of requests varies.
    const mixed = shape(75, 35, [call('pricing', 'shop.Pricing/Quote', 75, 4), call('shipping', 'shop.Shipping/Estimate', 56, 9), call('payment', 'shop.Payment/Charge', 56, 15)]);
    expect(compareOperationShape(before, mixed)).toBeUndefined();
  });

  it('finds a later stop: executions that still make a dropped call and go no further after it', () => {
    // The work stops after pricing in part of the executions, and after loyalty in part of those
    // that still reach it: every reference execution that called loyalty went on to payment.
    const before = shape(32, 40, [counted('pricing', 'Quote', 32, 1, 32), counted('loyalty', 'Reserve', 32, 5, 32), counted('payment', 'Charge', 32, 9, 32), counted('session', 'Place', 32, 14, 32)]);
    const now = shape(141, 20, [counted('pricing', 'Quote', 141, 1, 141), counted('loyalty', 'Reserve', 59, 5, 59), counted('payment', 'Charge', 44, 9, 44), counted('session', 'Place', 44, 14, 44)]);
    const change = compareOperationShape(before, now);
    expect(change).toMatchObject({ lastKept: { call: { service: 'pricing' } } });
    expect(change?.stopsAlsoAfter?.map((s) => [s.after.call.service, Math.round(s.share * 100)])).toEqual([['loyalty', 25]]);
    expect(change?.stopsAlsoAfter?.[0].score).toBeGreaterThan(3);
    // One stop only: the calls after pricing fell alike, and nothing stops after loyalty.
    const one = compareOperationShape(before, shape(141, 20, [counted('pricing', 'Quote', 141, 1, 141), counted('loyalty', 'Reserve', 59, 5, 59), counted('payment', 'Charge', 57, 9, 57), counted('session', 'Place', 57, 14, 57)]));
    expect(one?.dropped.map((c) => c.call.service)).toEqual(['loyalty', 'payment', 'session']);
    expect(one?.stopsAlsoAfter).toBeUndefined();
    // Nor after a call that failed (its callers react to the failure), nor with too few executions reaching it.
    const failed = compareOperationShape(before, shape(141, 20, [counted('pricing', 'Quote', 141, 1, 141), { ...counted('loyalty', 'Reserve', 59, 5, 59), errorCount: 30 }, counted('payment', 'Charge', 44, 9, 44), counted('session', 'Place', 44, 14, 44)]));
    expect(failed?.stopsAlsoAfter).toBeUndefined();
    const few = compareOperationShape(before, shape(141, 20, [counted('pricing', 'Quote', 141, 1, 141), counted('loyalty', 'Reserve', 7, 5, 7), counted('payment', 'Charge', 1, 9, 1), counted('session', 'Place', 1, 14, 1)]));
    expect(few?.stopsAlsoAfter).toBeUndefined();
  });

  it('finds a fixed step that part of the executions skip, from the share of executions that still make it', () => {
    // Every execution called loyalty, then email. The fault began part-way through the traced
    // minutes: a quarter of the executions now stop after loyalty. As a count of calls that is
    // within chance; as a share of executions that always made it, it is not.
    const before = shape(94, 30, [counted('loyalty', 'Loyalty/Get', 94, 2, 94), counted('email', 'Email/Send', 94, 12, 94)]);
    const now = shape(24, 28, [counted('loyalty', 'Loyalty/Get', 24, 2, 24), counted('email', 'Email/Send', 18, 12, 18)]);
    const change = compareOperationShape(before, now);
    expect(change).toMatchObject({ change: 'calls-dropped', lastKept: { call: { service: 'loyalty' } } });
    expect(change?.dropped.map((c) => [c.call.service, c.drop])).toEqual([['email', 0.25]]);
    // Without the executions counted, the same counts are no change.
    const uncounted = (s: OperationShape): OperationShape => ({ ...s, calls: s.calls.map(({ callers: _callers, ...rest }) => rest) });
    expect(compareOperationShape(uncounted(before), uncounted(now))).toBeUndefined();
    // A step only some executions made is no fixed step: a quarter fewer of it is the mix.
    const sometimes = shape(94, 30, [counted('loyalty', 'Loyalty/Get', 94, 2, 94), counted('email', 'Email/Send', 60, 12, 60)]);
    expect(compareOperationShape(sometimes, shape(24, 28, [counted('loyalty', 'Loyalty/Get', 24, 2, 24), counted('email', 'Email/Send', 11, 12, 11)]))).toBeUndefined();
    // Nor is a tenth skipped, however many executions.
    const slight = shape(940, 28, [counted('loyalty', 'Loyalty/Get', 940, 2, 940), counted('email', 'Email/Send', 846, 12, 846)]);
    expect(compareOperationShape(shape(940, 30, before.calls.map((c) => ({ ...c, count: 940, callers: 940 }))), slight)).toBeUndefined();
  });

  it('puts a stop inside a loop after the looped call, and fewer items before it', () => {
    // Every execution gets the cart, prices each of its 3–4 items, then charges. Now the pricing
    // loop still starts every time but ends after one or two items, and the charge is cut too:
    // the work stops on an answer of the loop, so pricing is the last call kept.
    const before = shape(100, 40, [counted('cart', 'Cart/Get', 100, 1, 100), counted('pricing', 'Pricing/Quote', 350, 8, 100), counted('payment', 'Payment/Charge', 100, 20, 100)]);
    const cut = shape(100, 20, [counted('cart', 'Cart/Get', 100, 1, 100), counted('pricing', 'Pricing/Quote', 150, 5, 100), counted('payment', 'Payment/Charge', 30, 20, 30)]);
    expect(compareOperationShape(before, cut)).toMatchObject({ change: 'calls-dropped', lastKept: { call: { service: 'pricing' } } });
    // Diluted by normal minutes, the loop lost too few rounds to count as dropped: it was still
    // reached every time, so it is the last call kept.
    const diluted = shape(100, 30, [counted('cart', 'Cart/Get', 100, 1, 100), counted('pricing', 'Pricing/Quote', 235, 7, 100), counted('payment', 'Payment/Charge', 40, 20, 40)]);
    expect(compareOperationShape(before, diluted)).toMatchObject({ lastKept: { call: { service: 'pricing' } }, dropped: [{ call: { service: 'payment' } }] });
    // Fewer items priced while the charge still follows: the loop ran over fewer items, which the
    // call before it decides.
    const fewer = shape(100, 30, [counted('cart', 'Cart/Get', 100, 1, 100), counted('pricing', 'Pricing/Quote', 150, 5, 100), counted('payment', 'Payment/Charge', 100, 14, 100)]);
    expect(compareOperationShape(before, fewer)).toMatchObject({ lastKept: { call: { service: 'cart' } } });
    // A loop most executions no longer reach was cut before it.
    const skipped = shape(100, 10, [counted('cart', 'Cart/Get', 100, 1, 100), counted('pricing', 'Pricing/Quote', 70, 8, 20), counted('payment', 'Payment/Charge', 20, 20, 20)]);
    expect(compareOperationShape(before, skipped)).toMatchObject({ lastKept: { call: { service: 'cart' } } });
    // A quarter of the executions no longer reach the loop, beyond chance, while the rest run it
    // in full: they stopped before it, after the cart, not on one of the loop's answers.
    const before300 = shape(300, 40, before.calls.map((c) => ({ ...c, count: c.count * 3, callers: 300 })));
    const quarter = shape(300, 32, [counted('cart', 'Cart/Get', 300, 1, 300), counted('pricing', 'Pricing/Quote', 790, 8, 225), counted('payment', 'Payment/Charge', 225, 20, 225)]);
    expect(compareOperationShape(before300, quarter)).toMatchObject({ lastKept: { call: { service: 'cart' } } });
  });

  it('counts a share-only change for less than the same drop in the calls\' count', () => {
    // Half the executions skip the step: both tests see it, the count's reading stands.
    const before = shape(200, 30, [counted('loyalty', 'Loyalty/Get', 200, 2, 200), counted('email', 'Email/Send', 200, 12, 200)]);
    const now = shape(200, 28, [counted('loyalty', 'Loyalty/Get', 200, 2, 200), counted('email', 'Email/Send', 100, 12, 100)]);
    expect(compareOperationShape(before, now)?.score).toBeCloseTo(8 * Math.sqrt(0.5), 5);
    // A quarter skipped: the share test alone finds it, at 0.9 of its size.
    const quarter = shape(200, 28, [counted('loyalty', 'Loyalty/Get', 200, 2, 200), counted('email', 'Email/Send', 150, 12, 150)]);
    expect(compareOperationShape(before, quarter)?.score).toBeCloseTo(0.9 * 8 * Math.sqrt(0.25), 5);
  });

  it('finds an entry operation that returns far sooner for part of its executions, from its quicker quarter', () => {
    // A leaf handler that throws at once for about 40 % of requests: the median holds, p25 falls.
    const before: OperationShape = { ...shape(200, 10, [], '/shop.Media/Get'), p25Ms: 8 };
    const now: OperationShape = { ...shape(200, 9, [], '/shop.Media/Get'), p25Ms: 1 };
    const change = compareOperationShape(before, now);
    expect(change).toMatchObject({ change: 'ended-early' });
    // A part of the executions counts less than all of them.
    expect(change!.score).toBeLessThan(compareOperationShape(before, { ...now, p50Ms: 1 })!.score);
    // A quicker quarter that moved a little is no change.
    expect(compareOperationShape(before, { ...now, p25Ms: 6 })).toBeUndefined();
  });

  it('ignores fewer calls into error handling', () => {
    const before = shape(30, 50, [call('checkout', 'BasicErrorController.error', 12, 40)]);
    expect(compareOperationShape(before, shape(30, 50, []))).toBeUndefined();
  });

  it('finds an entry operation that returns far sooner with the same calls, not one whose call did', () => {
    const leafBefore = shape(40, 10, [], '/shop.Shipping/Quote');
    expect(compareOperationShape(leafBefore, shape(40, 1, [], '/shop.Shipping/Quote'))).toMatchObject({ change: 'ended-early' });
    expect(compareOperationShape(leafBefore, shape(40, 1, [], '/shop.Shipping/Quote'), { entry: false })).toBeUndefined();
    const parentBefore = shape(40, 30, [call('shipping', 'shop.Shipping/Quote', 40, 5, 20)]);
    const parentNow = shape(40, 8, [call('shipping', 'shop.Shipping/Quote', 40, 5, 2)]);
    expect(compareOperationShape(parentBefore, parentNow)).toBeUndefined();
  });
});
