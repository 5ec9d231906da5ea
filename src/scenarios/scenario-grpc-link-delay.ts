import { addBookshopMetrics, BOOKSHOP_CALLS, BOOKSHOP_SERVICES, bookshopFlows, bookshopPods, type Faults } from './bookshop-system';
import { grafanaAlert } from './alert-formats';
import { emitLogs } from './log-lines';
import { ramp } from './metric-series';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * A gRPC bookshop whose pricing pod's network degrades: every call into pricing (from the
 * storefront and from checkout) waits ~250 ms more on the wire. The callers' client spans grow
 * tenfold and more while pricing's own server spans stay at a few milliseconds, and the callers'
 * client-side latency metrics rise with the storefront's. Client and server spans are named
 * differently, and tracing covered only part of the incident (the collector dropped out), so the
 * comparison must rest on the minutes that hold traces. Meanwhile recommend's memory creeps up a
 * little, as it always does, and no service logs anything useful.
 */
export const grpcLinkDelayScenario: ScenarioDefinition = {
  id: 'grpc-link-delay',
  title: 'gRPC bookshop: network delay in front of pricing',
  description:
    'storefront latency alerts; calls into pricing wait ~250 ms more on the wire while its server spans stay fast. gRPC client/server spans are named differently and the traces cover only part of the incident. The fault is attributed to pricing (network-delay).',
  startsAt: '2024-10-08T07:05:00Z',
  timeline: { alertDelaySeconds: 120 },
  topology: { services: [...BOOKSHOP_SERVICES], calls: [...BOOKSHOP_CALLS] },
  answer: {
    rootCause: {
      service: 'pricing',
      faultType: 'network-delay',
      indicator: 'client spans bookshop.v1.Pricing/Quote in storefront and checkout take ~250 ms longer than pricing server spans /bookshop.v1.Pricing/Quote',
    },
    chain: [
      { service: 'storefront', kind: 'downstream-latency' },
      { service: 'pricing', kind: 'network-delay' },
    ],
    notTheCause: ['recommend', 'checkout', 'catalog'],
  },
  build(ctx) {
    const { timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const pods = bookshopPods(ctx);
    const slower = (delta: number) => [ramp(fault, 30, { delta })];
    addBookshopMetrics(ctx, pods, {
      storefront: { latency_p90_seconds: slower(0.5), client_latency_p90_seconds: slower(0.5), server_latency_p90_seconds: slower(0.5) },
      checkout: { client_latency_p90_seconds: slower(0.25), server_latency_p90_seconds: slower(0.25) },
      recommend: { memory_usage_mebibytes: [ramp(timeline.start, 1800, { delta: 9 })] },
    });
    emitLogs(ctx, {
      label: 'access', service: 'storefront', instances: pods.storefront, format: 'plain', everySeconds: 15,
      templates: [{ level: 'INFO', logger: 'storefront.http', message: (r) => `GET / 200 ${r.int(40, 90)}ms` }],
    });
    // Traces only from 7 minutes before the fault to 100 s after it (then the collector dropped
    // out): none in the baseline, and most of the incident's traced minutes are still normal.
    const delayed: Faults = { pricing: ({ t, random }) => (t >= fault ? { networkDelayMs: random.between(220, 290) } : undefined) };
    for (const family of bookshopFlows(pods, delayed, { from: fault - 420, until: fault + 100 })) generateTraces(ctx, family);

    const p90 = writer.observe({ service: 'storefront', metric: 'latency_p90_seconds', at: timeline.alertAt, windowSeconds: 60 });
    const usual = writer.observe({ service: 'storefront', metric: 'latency_p90_seconds', at: timeline.baseline.end, windowSeconds: 600 });
    const alert = grafanaAlert({
      labels: { alertname: 'Storefront latency p90', grafana_folder: 'Bookshop SLOs', namespace: 'bookshop', service: 'storefront', quantile: 'p90', severity: 'warning' },
      values: { A: p90, B: usual, C: 1 },
      description: `storefront p90 request latency is ${p90.toFixed(2)} s, ${(p90 / usual).toFixed(1)}x its 30-minute median of ${usual.toFixed(2)} s.`,
      summary: 'Bookshop storefront p90 latency is anomalous',
      firedAt: timeline.alertAt,
      ruleUid: 'bookshop-storefront-latency',
      dashboardUid: 'bookshop-slo',
    });
    return { alert };
  },
};
