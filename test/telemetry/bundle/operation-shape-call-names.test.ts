import type { OperationShapeResult } from '../../../src/core/telemetry/query-results';
import type { TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, spanRecord, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const span = spanRecord;

// The web tier names every outgoing call "HTTP POST", whichever service it reaches; its gRPC
// calls to pricing are named after the method on both sides.
const SPANS = [
  span('t1', 'r1', null, 'web', 'GET /', 0, 100),
  span('t1', 'c1', 'r1', 'web', 'HTTP POST', 5, 20),
  span('t1', 's1', 'c1', 'cart', 'POST /cart/get', 6, 18),
  span('t1', 'c2', 'r1', 'web', 'HTTP POST', 30, 30),
  span('t1', 's2', 'c2', 'payment', 'POST /payment/charge', 31, 28),
  span('t1', 'c3', 'r1', 'web', 'shop.Pricing/Quote', 70, 10),
  span('t1', 's3', 'c3', 'pricing', '/shop.Pricing/Quote', 71, 8),
  span('t2', 'r2', null, 'web', 'GET /', 1000, 40),
  span('t2', 'c4', 'r2', 'web', 'HTTP POST', 1005, 20),
  span('t2', 's4', 'c4', 'cart', 'POST /cart/get', 1006, 18),
];

describe('operation_shape call names', () => {
  it('tells generic client spans apart by where they lead, and keeps names that already do', async () => {
    const bundle = new BundleSource({ dir: writeBundle({ spans: SPANS }) });
    const outcome = await bundle.run({ name: 'operation_shape', params: { range: { start: '2024-03-01T10:00:00Z', end: '2024-03-01T10:01:00Z' } } } as TelemetryQuery);
    const result = outcome.data as OperationShapeResult;
    const root = result.operations.find((o) => o.operation === 'GET /');
    // Both executions called cart; only the first went on to payment and pricing.
    expect(root?.calls.map((c) => [c.operation, c.count, c.callers])).toEqual([
      ['HTTP POST → cart POST /cart/get', 2, 2],
      ['HTTP POST → payment POST /payment/charge', 1, 1],
      ['shop.Pricing/Quote', 1, 1],
    ]);
    // The client operations are grouped the same way, each with the server span it reaches.
    expect(result.operations.find((o) => o.operation === 'HTTP POST → payment POST /payment/charge')?.calls).toEqual([
      { service: 'payment', operation: 'POST /payment/charge', count: 1, errorCount: 0, p50Ms: 28, meanOffsetMs: 1, callers: 1 },
    ]);
    expect(result.operations.some((o) => o.operation === 'HTTP POST')).toBe(false);
  });
});
