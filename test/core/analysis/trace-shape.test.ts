import { compareOperationShape } from '../../../src/core/analysis/trace-shape';
import type { OperationCall, OperationShape } from '../../../src/core/telemetry/query-results';

const call = (service: string, operation: string, count: number, offset: number, p50Ms = 5, errorCount = 0): OperationCall => ({ service, operation, count, errorCount, p50Ms, meanOffsetMs: offset });
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
