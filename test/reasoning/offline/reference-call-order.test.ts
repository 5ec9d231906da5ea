import type { OperationCall, OperationShape } from '../../../src/core/telemetry/query-results';
import { callOrder } from '../../../src/reasoning/offline/reference-call-order';
import { fakeContext } from './fake-context';

const call = (service: string, operation: string, count: number, offset: number): OperationCall => ({ service, operation, count, errorCount: 0, p50Ms: 5, meanOffsetMs: offset });
const op = (service: string, operation: string, count: number, calls: OperationCall[]): OperationShape => ({ service, operation, count, errorCount: 0, p50Ms: 20, calls });

function orderOf(operations: OperationShape[]) {
  const { context } = fakeContext({
    window: { start: '2025-01-01T10:00:00Z', end: '2025-01-01T10:30:00Z' },
    firedAt: '2025-01-01T10:24:00Z',
    symptom: { service: 'web', signal: 'availability' },
    catalog: { hasSpans: true },
    answer: (query) => (query.name === 'operation_shape' ? { kind: 'operation_shape', operations } : undefined),
  });
  return callOrder(context, [{ start: '2025-01-01T10:05:00Z', end: '2025-01-01T10:19:59Z' }]);
}

describe('callOrder', () => {
  it('counts the calls a client step shared by several operations makes for each of them by its share of the step', async () => {
    // Web's pages all ask search through one client span (`search.Find`): 100 times from GET /,
    // 300 times from GET /product; the step reaches search 400 times in all.
    const order = await orderOf([
      op('web', 'GET /', 100, [call('web', 'search.Find', 100, 1), call('web', 'cart.Get', 100, 9)]),
      op('web', 'GET /product', 150, [call('web', 'search.Find', 300, 2)]),
      op('web', 'search.Find', 400, [call('search', '/search.Find', 400, 0.5)]),
      op('web', 'cart.Get', 100, [call('cart', '/cart.Get', 100, 0.5)]),
      op('search', '/search.Find', 400, []),
      op('cart', '/cart.Get', 100, []),
    ]);
    const web = order.operations.get('web') ?? [];
    const calls = (operation: string) => Object.fromEntries([...(web.find((o) => o.operation === operation)?.calls ?? [])].map(([service, c]) => [service, c.count]));
    expect(calls('GET /')).toEqual({ search: 100, cart: 100 });
    expect(calls('GET /product')).toEqual({ search: 300 });
    expect(web.find((o) => o.operation === 'GET /product')?.executions).toBe(150);
    expect(order.mainOperation.get('web')).toBe('GET /product');
  });
});
