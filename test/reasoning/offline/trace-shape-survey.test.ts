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

describe('surveyTraceShape', () => {
  it('blames the service whose handler stopped, not the callers that stopped after its call failed', async () => {
    const { context, queries } = fakeContext({
      window: WINDOW,
      baseline: BASELINE,
      firedAt: '2024-01-01T10:25:00.000Z',
      symptom: { service: 'storefront', signal: 'availability' },
      catalog: { hasSpans: true },
      answer: (query) => (query.name === 'operation_shape' ? { kind: 'operation_shape', operations: periods(Date.parse(query.params.range.start) >= Date.parse('2024-01-01T10:20:00Z')) } : undefined),
    });
    const findings = await surveyTraceShape(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(queries.filter((q) => q.name === 'operation_shape')).toHaveLength(3);
    const byService = new Map(findings.map((f) => [f.service, f]));
    const shipping = byService.get('shipping');
    expect(shipping).toMatchObject({ family: 'trace-shape', operation: '/shop.Shipping/Quote', change: 'calls-vanished' });
    expect(shipping?.location).toMatchObject({ operation: '/shop.Shipping/Quote', lastNormal: null, firstChanged: 'call shipping rate_table lookup' });
    const checkout = byService.get('checkout');
    expect(checkout?.detail).toMatch(/right after its call checkout shop\.Shipping\/Quote, which returns sooner/);
    expect(checkout!.score).toBeLessThan(shipping!.score / 2);
    // The storefront only waited less: its call ended early, nothing of its own changed.
    expect(byService.has('storefront')).toBe(false);
  });
});
