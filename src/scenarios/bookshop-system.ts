import { addMetricSeries, type MetricEffect } from './metric-series';
import { deploymentPods } from './pod-names';
import type { SimulationContext } from './simulation-context';
import type { CallFault, CallNode, TraceFamily } from './trace-generator';

/**
 * A small gRPC bookshop, unlike the other scenarios' systems: a storefront (the HTTP entry point)
 * in front of gRPC services written in several languages, traced with client spans named
 * `bookshop.v1.Service/Method` in the caller and server spans named `/bookshop.v1.Service/Method`
 * in the callee (the names differ between the two sides, as they do between gRPC tracers).
 * Every pod exports the same resource and latency metrics; only the storefront writes logs.
 */
export const BOOKSHOP_SERVICES = ['storefront', 'catalog', 'pricing', 'basket', 'recommend', 'checkout', 'shipping', 'payment', 'mailer'] as const;
export type BookshopService = (typeof BOOKSHOP_SERVICES)[number];

export const BOOKSHOP_CALLS: ReadonlyArray<{ from: BookshopService; to: BookshopService }> = [
  { from: 'storefront', to: 'catalog' },
  { from: 'storefront', to: 'pricing' },
  { from: 'storefront', to: 'basket' },
  { from: 'storefront', to: 'recommend' },
  { from: 'storefront', to: 'checkout' },
  { from: 'recommend', to: 'catalog' },
  { from: 'checkout', to: 'basket' },
  { from: 'checkout', to: 'pricing' },
  { from: 'checkout', to: 'shipping' },
  { from: 'checkout', to: 'payment' },
  { from: 'checkout', to: 'mailer' },
];

/** The server operation of a gRPC method and the caller's client operation for it. */
export function grpcMethod(service: string, method: string): { operation: string; clientOperation: string } {
  const full = `bookshop.v1.${service.charAt(0).toUpperCase()}${service.slice(1)}/${method}`;
  return { operation: `/${full}`, clientOperation: full };
}

export type Pods = Record<BookshopService, string[]>;

export function bookshopPods(ctx: SimulationContext): Pods {
  const names = ctx.random.fork('pods');
  const entries = BOOKSHOP_SERVICES.map((service) => [service, deploymentPods(names, service, service === 'storefront' ? 2 : 1)] as const);
  return Object.fromEntries(entries) as Pods;
}

/** Per-call faults, by callee service. */
export type Faults = Partial<Record<BookshopService, (call: Parameters<NonNullable<CallNode['fault']>>[0]) => CallFault | undefined>>;

/** The storefront's three request flows (browse, book page, checkout) as trace families. */
export function bookshopFlows(pods: Pods, faults: Faults, window: { from: number; until: number }): TraceFamily[] {
  const node = (service: BookshopService, method: string, selfMs: number, children: CallNode[] = [], extra: Partial<CallNode> = {}): CallNode => ({
    service,
    ...grpcMethod(service, method),
    instances: pods[service],
    selfMs,
    children,
    ...(faults[service] ? { fault: (call) => faults[service]?.(call) } : {}),
    ...extra,
  });
  const step = (service: BookshopService, operation: string, selfMs: number): CallNode => ({ service, operation, instances: pods[service], selfMs, internal: true });
  const listBooks = () => node('catalog', 'ListBooks', 3, [step('catalog', 'catalog.index scan', 2)]);
  const quote = () => node('pricing', 'Quote', 2, [step('pricing', 'pricing.fx_table lookup', 1.5)]);
  const basket = () => node('basket', 'GetBasket', 1.5, [step('basket', 'kv HGETALL', 0.8)]);
  const suggest = () => node('recommend', 'Suggest', 4, [listBooks()]);
  const storefront = (operation: string, children: CallNode[]): CallNode => ({ service: 'storefront', operation, instances: pods.storefront, selfMs: 6, children, stopsAfterFailedCall: true });
  const checkout = node(
    'checkout',
    'PlaceOrder',
    3,
    [basket(), quote(), node('shipping', 'Estimate', 2, [step('shipping', 'rate_table lookup', 3)]), node('payment', 'Charge', 12), node('mailer', 'SendConfirmation', 5)],
    { stopsAfterFailedCall: true },
  );
  const common = { ...window, withStatus: false };
  return [
    { label: 'browse', everySeconds: 15, root: storefront('GET /', [listBooks(), suggest(), quote(), basket()]), ...common },
    { label: 'book', everySeconds: 20, root: storefront('GET /book/{id}', [node('catalog', 'GetBook', 2), quote(), suggest()]), ...common },
    { label: 'checkout', everySeconds: 8, root: storefront('POST /cart/checkout', [checkout]), ...common },
  ];
}

/** Resource and latency levels of each service's pods. */
const PROFILES: Record<BookshopService, { cpu: number; memoryMiB: number; latency: number; ops: number }> = {
  storefront: { cpu: 31, memoryMiB: 210, latency: 0.06, ops: 1.1 },
  catalog: { cpu: 18, memoryMiB: 340, latency: 0.008, ops: 1.2 },
  pricing: { cpu: 12, memoryMiB: 96, latency: 0.006, ops: 1 },
  basket: { cpu: 14, memoryMiB: 180, latency: 0.004, ops: 0.9 },
  recommend: { cpu: 22, memoryMiB: 410, latency: 0.012, ops: 0.7 },
  checkout: { cpu: 16, memoryMiB: 150, latency: 0.05, ops: 0.25 },
  shipping: { cpu: 9, memoryMiB: 120, latency: 0.008, ops: 0.25 },
  payment: { cpu: 11, memoryMiB: 130, latency: 0.016, ops: 0.25 },
  mailer: { cpu: 8, memoryMiB: 160, latency: 0.008, ops: 0.25 },
};

/**
 * Every pod's metrics: CPU as a share of its limit, memory, served and client-side latency
 * p90, request rate; the storefront adds its success rate. Effects by service and metric.
 */
export function addBookshopMetrics(ctx: SimulationContext, pods: Pods, effects: Partial<Record<BookshopService, Record<string, MetricEffect[]>>> = {}): void {
  for (const service of BOOKSHOP_SERVICES) {
    const profile = PROFILES[service];
    const own = effects[service] ?? {};
    const series = (metric: string, base: number, noise: number, extra: { max?: number } = {}) =>
      addMetricSeries(ctx, { service, instances: pods[service], metric, base, noise, effects: own[metric] ?? [], ...extra });
    series('cpu_usage_rate_percent', profile.cpu, 0.08, { max: 100 });
    series('memory_usage_mebibytes', profile.memoryMiB, 0.01);
    series('server_latency_p90_seconds', profile.latency, 0.1);
    series('client_latency_p90_seconds', profile.latency * 0.8, 0.1);
    series('workload_ops_per_second', profile.ops * 10, 0.08);
  }
  addMetricSeries(ctx, { service: 'storefront', instances: [''], metric: 'latency_p90_seconds', base: 0.09, noise: 0.08, effects: effects.storefront?.latency_p90_seconds ?? [] });
  addMetricSeries(ctx, { service: 'storefront', instances: [''], metric: 'success_rate_percent', base: 99.6, noise: 0.002, max: 100, effects: effects.storefront?.success_rate_percent ?? [] });
}
