import { datadogAlert } from './alert-formats';
import { emitLogs, fixed } from './log-lines';
import { addMetricSeries, addServiceMetrics, ramp, step } from './metric-series';
import { deploymentPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * frontend latency alert. The network in front of payment-service degrades (+~400 ms per call,
 * TCP retransmits up): booking-service's client spans to payment-service grow while
 * payment-service's own server spans stay fast.
 *
 * Attribution follows the benchmark's convention for network-delay faults: the fault belongs to
 * the service whose network was degraded — the callee whose inbound link is slow — here
 * payment-service, fault type `network-delay`. booking-service shows the latency (and logs slow
 * calls) but only waits on the wire.
 */
export const networkDelayScenario: ScenarioDefinition = {
  id: 'network-delay',
  title: 'Network delay in front of payment-service',
  description:
    'Calls from booking-service to payment-service take ~400 ms longer on the wire while payment-service server spans stay fast; frontend latency alerts. The fault is attributed to payment-service (network-delay).',
  startsAt: '2024-08-06T19:40:00Z',
  timeline: { alertDelaySeconds: 150 },
  topology: {
    services: ['frontend', 'booking-service', 'payment-service', 'availability-service', 'payments-db'],
    calls: [
      { from: 'frontend', to: 'booking-service' },
      { from: 'booking-service', to: 'availability-service' },
      { from: 'booking-service', to: 'payment-service' },
      { from: 'payment-service', to: 'payments-db' },
    ],
  },
  answer: {
    rootCause: {
      service: 'payment-service',
      faultType: 'network-delay',
      indicator: 'client spans booking-service -> payment-service take ~400 ms longer than payment-service server spans; tcp_retransmits_per_second of payment-service rises',
    },
    chain: [
      { service: 'frontend', kind: 'downstream-latency' },
      { service: 'booking-service', kind: 'downstream-latency' },
      { service: 'payment-service', kind: 'network-delay' },
    ],
    notTheCause: ['booking-service'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const names = random.fork('pods');
    const frontends = deploymentPods(names, 'frontend', 2);
    const bookings = deploymentPods(names, 'booking-service', 2);
    const payments = deploymentPods(names, 'payment-service', 2);
    const availability = deploymentPods(names, 'availability-service', 2);
    const database = ['payments-db-0'];

    addServiceMetrics(ctx, {
      service: 'frontend', instances: frontends, cpuPercent: 24, memoryMiB: 320, requestsPerSecond: 40, latencyP90Seconds: 0.35, errorRatePercent: 0.3,
      effects: { latency_p90_seconds: [ramp(fault, 20, { delta: 0.42 })] },
    });
    addServiceMetrics(ctx, {
      service: 'booking-service', instances: bookings, cpuPercent: 30, memoryMiB: 610, requestsPerSecond: 20, latencyP90Seconds: 0.22, errorRatePercent: 0.2,
      effects: { latency_p90_seconds: [ramp(fault, 20, { delta: 0.42 })] },
    });
    addServiceMetrics(ctx, { service: 'payment-service', instances: payments, cpuPercent: 26, memoryMiB: 540, requestsPerSecond: 18, latencyP90Seconds: 0.09, errorRatePercent: 0.1 });
    addMetricSeries(ctx, { service: 'payment-service', instances: payments, metric: 'tcp_retransmits_per_second', base: 0.4, noise: 0.3, effects: [step(fault, { delta: 18 })] });
    addMetricSeries(ctx, { service: 'booking-service', instances: bookings, metric: 'tcp_retransmits_per_second', base: 0.5, noise: 0.3 });
    addServiceMetrics(ctx, { service: 'availability-service', instances: availability, cpuPercent: 20, memoryMiB: 480, requestsPerSecond: 35, latencyP90Seconds: 0.04, errorRatePercent: 0.1 });
    addServiceMetrics(ctx, { service: 'payments-db', instances: database, cpuPercent: 22, memoryMiB: 2048, latencyP90Seconds: 0.005 });

    writer.addEvent({ ts: timeline.start + 300, service: 'availability-service', reason: 'scaled', message: 'Scaled replica set availability-service to 2 (HPA: cpu below target)' });

    emitLogs(ctx, {
      label: 'background', service: 'booking-service', instances: bookings, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.t.b.BookingController', weight: 8, message: (r) => `Booking bk-${r.hex(8)} confirmed for ${r.int(1, 6)} guests` },
        fixed('WARN', 'c.t.b.LoyaltyClient', 'Loyalty points service disabled by feature flag; skipping accrual'),
        fixed('ERROR', 'c.t.b.EmailHook', 'Failed to render booking email template: missing locale fr_CA, using en', 0.5),
      ],
    });
    emitLogs(ctx, {
      label: 'slow-calls', service: 'booking-service', instances: bookings, format: 'logback', everySeconds: 8, from: fault + 5,
      templates: [{ level: 'WARN', logger: 'c.t.b.PaymentClient', message: (r) => `Call to payment-service POST /payments/authorize took ${r.int(420, 520)} ms (slow threshold 300 ms)` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'payment-service', instances: payments, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.t.p.AuthorizationService', weight: 8, message: (r) => `Authorized payment pay-${r.hex(10)} in ${r.int(25, 80)} ms` },
        fixed('WARN', 'c.t.p.BinLookup', 'Card BIN lookup fallback used (cache miss)'),
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'frontend', instances: frontends, format: 'plain', everySeconds: 25,
      templates: [
        { level: 'INFO', logger: 'frontend.http', weight: 8, message: (r) => `POST /book 200 ${r.int(200, 500)}ms` },
        fixed('ERROR', 'frontend.maps', 'Map tile provider returned 429; serving cached tiles', 0.5),
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'availability-service', instances: availability, format: 'logback', everySeconds: 40,
      templates: [{ level: 'INFO', logger: 'c.t.a.AvailabilityController', message: (r) => `Availability for hotel h-${r.int(100, 999)}: ${r.int(0, 40)} rooms` }],
    });

    generateTraces(ctx, {
      label: 'booking', everySeconds: 20,
      root: {
        service: 'frontend', operation: 'POST /book', instances: frontends, selfMs: 20,
        children: [{
          service: 'booking-service', operation: 'POST /api/bookings', clientOperation: 'HTTP POST', instances: bookings, selfMs: 25,
          children: [
            { service: 'availability-service', operation: 'GET /api/availability', instances: availability, selfMs: 12 },
            {
              service: 'payment-service', operation: 'POST /payments/authorize', clientOperation: 'HTTP POST', instances: payments, selfMs: 30,
              fault: ({ t, random: r }) => (t >= fault ? { networkDelayMs: r.between(370, 440) } : undefined),
              children: [{ service: 'payments-db', operation: 'INSERT payments', clientOperation: 'INSERT pay.payments', instances: database, selfMs: 3 }],
            },
          ],
        }],
      },
    });

    const p90 = writer.observe({ service: 'frontend', metric: 'latency_p90_seconds', at: timeline.alertAt, windowSeconds: 60 });
    const usual = writer.observe({ service: 'frontend', metric: 'latency_p90_seconds', at: timeline.baseline.end, windowSeconds: 600 });
    const alert = datadogAlert({
      monitor: 'frontend p90 latency is anomalous',
      priority: 'P2',
      tags: { env: 'prod', service: 'frontend', quantile: 'p90' },
      description: `frontend p90 request latency is ${p90.toFixed(2)} s, ${(p90 / usual).toFixed(1)}x its 30-minute median of ${usual.toFixed(2)} s.`,
      query: "avg(last_1m):anomalies(avg:travel.frontend.latency.p90{env:prod,service:frontend}, 'basic', 2) >= 1",
      metricValue: p90,
      firedAt: timeline.alertAt,
      monitorId: 48813920,
      notify: '@slack-travel-oncall',
      dashboard: 'travel-slo-overview',
    });
    return { alert };
  },
};
