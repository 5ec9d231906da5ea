import { alertmanagerAlert } from './alert-formats';
import { addBookshopMetrics, BOOKSHOP_CALLS, BOOKSHOP_SERVICES, bookshopFlows, bookshopPods, grpcMethod, type Faults } from './bookshop-system';
import { emitLogs } from './log-lines';
import { ramp, step } from './metric-series';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

const QUOTE = grpcMethod('pricing', 'Quote');

/**
 * A wrong value, without logs or span status. The gRPC bookshop's pricing service starts
 * answering most quotes with an amount checkout rejects: pricing's spans look exactly as before
 * (as fast, the same lookup), but checkout abandons the order right after its call to pricing, so
 * shipping, payment and the confirmation mail are no longer called and the storefront's success
 * rate drops. Only the point where checkout's work stops points at pricing's answer.
 */
export const grpcWrongAnswerScenario: ScenarioDefinition = {
  id: 'grpc-wrong-answer',
  title: 'gRPC bookshop: a wrong answer without logs',
  description:
    "storefront success rate alerts; pricing answers quotes that checkout rejects, so checkout stops right after calling it. Pricing's own spans do not change and nothing is logged. The fault is attributed to pricing (wrong-return).",
  startsAt: '2024-12-03T09:15:00Z',
  timeline: { alertDelaySeconds: 150 },
  topology: { services: [...BOOKSHOP_SERVICES], calls: [...BOOKSHOP_CALLS] },
  answer: {
    rootCause: {
      service: 'pricing',
      faultType: 'wrong-return',
      indicator: `checkout stops right after its call to ${QUOTE.operation}, which answers as fast as before; shipping, payment and mailer are no longer called`,
    },
    chain: [
      { service: 'storefront', kind: 'downstream-errors' },
      { service: 'pricing', kind: 'wrong-results' },
    ],
    notTheCause: ['shipping', 'payment', 'mailer'],
    location: { operation: QUOTE.operation, statements: [] },
  },
  build(ctx) {
    const { timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const pods = bookshopPods(ctx);
    addBookshopMetrics(ctx, pods, {
      storefront: { success_rate_percent: [ramp(fault, 20, { delta: -14 })] },
      payment: { workload_ops_per_second: [step(fault, { factor: 0.3 })] },
      shipping: { workload_ops_per_second: [step(fault, { factor: 0.3 })] },
    });
    emitLogs(ctx, {
      label: 'access', service: 'storefront', instances: pods.storefront, format: 'plain', everySeconds: 15,
      templates: [{ level: 'INFO', logger: 'storefront.http', message: (r) => `GET / 200 ${r.int(40, 90)}ms` }],
    });
    // Only checkout rejects the quotes it gets (the storefront only shows them).
    const rejected: Faults = { pricing: ({ t, random, callerInstance }) => (t >= fault && pods.checkout.includes(callerInstance) && random.chance(0.7) ? { wrongAnswer: true } : undefined) };
    for (const window of [{ from: timeline.baseline.start + 300, until: timeline.baseline.end }, { from: fault - 300, until: timeline.end }]) {
      for (const family of bookshopFlows(pods, rejected, window)) generateTraces(ctx, { ...family, label: `${family.label}@${window.from}` });
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
