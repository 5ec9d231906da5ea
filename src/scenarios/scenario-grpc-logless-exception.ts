import { alertmanagerAlert } from './alert-formats';
import { addBookshopMetrics, BOOKSHOP_CALLS, BOOKSHOP_SERVICES, bookshopFlows, bookshopPods, grpcMethod, type Faults } from './bookshop-system';
import { emitLogs } from './log-lines';
import { ramp, step } from './metric-series';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

const ESTIMATE = grpcMethod('shipping', 'Estimate');

/**
 * A code fault in a system that writes no logs and records no span status. The gRPC bookshop's
 * shipping service starts throwing at the top of its Estimate handler for most orders: its spans
 * end at once and never reach the rate-table lookup they normally make. Checkout, which calls
 * shipping, returns the error and skips the payment and confirmation calls that follow; the
 * storefront's checkout requests end early and its success rate drops. Nothing is slow and no
 * resource moved, while payment's and mailer's traffic falls (they are simply not called) and
 * recommend's CPU wobbles.
 */
export const grpcLoglessExceptionScenario: ScenarioDefinition = {
  id: 'grpc-logless-exception',
  title: 'gRPC bookshop: a code fault without logs',
  description:
    "storefront success rate alerts; shipping's Estimate handler throws as it starts, so checkout stops before payment. No service logs it and spans carry no status: only the traces' shape shows where the work stops. The fault is attributed to shipping (exception).",
  startsAt: '2024-11-19T16:40:00Z',
  timeline: { alertDelaySeconds: 150 },
  topology: { services: [...BOOKSHOP_SERVICES], calls: [...BOOKSHOP_CALLS] },
  answer: {
    rootCause: {
      service: 'shipping',
      faultType: 'exception',
      indicator: `${ESTIMATE.operation} spans end at once and stop calling "rate_table lookup"; checkout then skips payment and mailer`,
    },
    chain: [
      { service: 'storefront', kind: 'downstream-errors' },
      { service: 'shipping', kind: 'error-surge' },
    ],
    notTheCause: ['checkout', 'payment', 'mailer', 'recommend'],
    location: { operation: ESTIMATE.operation, statements: [] },
  },
  build(ctx) {
    const { timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const pods = bookshopPods(ctx);
    const fewerCalls = (factor: number) => [step(fault, { factor })];
    addBookshopMetrics(ctx, pods, {
      storefront: { success_rate_percent: [ramp(fault, 20, { delta: -17 })] },
      payment: { workload_ops_per_second: fewerCalls(0.25) },
      mailer: { workload_ops_per_second: fewerCalls(0.25) },
      recommend: { cpu_usage_rate_percent: [ramp(fault - 200, 60, { delta: 6 })] },
    });
    emitLogs(ctx, {
      label: 'access', service: 'storefront', instances: pods.storefront, format: 'plain', everySeconds: 15,
      templates: [{ level: 'INFO', logger: 'storefront.http', message: (r) => `GET / 200 ${r.int(40, 90)}ms` }],
    });
    const throwing: Faults = { shipping: ({ t, random }) => (t >= fault && random.chance(0.8) ? { throws: true } : undefined) };
    for (const window of [{ from: timeline.baseline.start + 300, until: timeline.baseline.end }, { from: fault - 300, until: timeline.end }]) {
      for (const family of bookshopFlows(pods, throwing, window)) generateTraces(ctx, { ...family, label: `${family.label}@${window.from}` });
    }

    const success = writer.observe({ service: 'storefront', metric: 'success_rate_percent', at: timeline.alertAt, windowSeconds: 60 });
    const alert = alertmanagerAlert({
      labels: { alertname: 'StorefrontSuccessRateLow', namespace: 'bookshop', service: 'storefront', severity: 'critical' },
      summary: 'storefront success rate is below its objective',
      description: `storefront success rate over the last minute is ${success.toFixed(1)}% (objective 99%).`,
      firedAt: timeline.alertAt,
      expr: 'sum(rate(http_requests_total{service="storefront",code!~"5.."}[1m])) / sum(rate(http_requests_total{service="storefront"}[1m])) * 100 < 99',
      runbook: 'bookshop/storefront-success-rate',
    });
    return { alert };
  },
};
