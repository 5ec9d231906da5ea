import { alertmanagerAlert } from './alert-formats';
import { emitLogs, fixed, writeLog, type LogTemplate } from './log-lines';
import { addServiceMetrics, spike, step } from './metric-series';
import { deploymentPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * A code-level fault that leaves almost no trace. trip-service starts throwing inside its
 * distance calculation: the exception is turned into a generic servlet error (a line every
 * Spring service writes, so it points nowhere) and the line that closes the calculation is never
 * written again, while the operation keeps serving requests. Meanwhile p90 latency spikes in
 * every other service at once (a shared wobble), and over the window more searches take the
 * distance branch than during the baseline, so a line count scaled by traffic alone would barely
 * move. Only the companion line (logged alongside the silenced one in the baseline) shows how many
 * lines are missing.
 */
export const silencedCodePathScenario: ScenarioDefinition = {
  id: 'silenced-code-path',
  title: 'A silenced code path behind a noisy latency wobble',
  description:
    'storefront error rate alerts; trip-service throws inside its distance calculation, which only shows as a log line that stopped while its operation kept running. seat, route, price and order services all show p90 latency spikes at the same time.',
  startsAt: '2024-09-03T14:10:00Z',
  topology: {
    services: ['storefront', 'trip-service', 'seat-service', 'route-service', 'price-service', 'order-service'],
    calls: [
      { from: 'storefront', to: 'trip-service' },
      { from: 'storefront', to: 'order-service' },
      { from: 'trip-service', to: 'seat-service' },
      { from: 'trip-service', to: 'route-service' },
      { from: 'storefront', to: 'price-service' },
    ],
  },
  answer: {
    rootCause: {
      service: 'trip-service',
      faultType: 'exception',
      indicator: 'the line "TripServiceImpl#372 distance calculated" stops while "TripServiceImpl#366 calculating distance" and the queryInfo spans continue; the exception is only logged by the generic servlet handler',
    },
    chain: [
      { service: 'storefront', kind: 'downstream-errors' },
      { service: 'trip-service', kind: 'error-surge' },
    ],
    notTheCause: ['seat-service', 'route-service', 'price-service', 'order-service'],
    location: { operation: 'TripController.queryInfo', statements: ['t.s.TripServiceImpl#366', 't.s.TripServiceImpl#372'] },
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const names = random.fork('pods');
    const storefront = deploymentPods(names, 'storefront', 2);
    const trips = deploymentPods(names, 'trip-service', 1);
    const seats = deploymentPods(names, 'seat-service', 1);
    const routes = deploymentPods(names, 'route-service', 1);
    const prices = deploymentPods(names, 'price-service', 1);
    const orders = deploymentPods(names, 'order-service', 1);
    const wobble = (base: number) => [spike(fault + 30, fault + 150, { delta: base * 6 })];

    addServiceMetrics(ctx, {
      service: 'storefront', instances: storefront, cpuPercent: 22, memoryMiB: 380, requestsPerSecond: 30, latencyP90Seconds: 0.3, errorRatePercent: 0.4,
      effects: { error_rate_percent: [step(fault + 10, { delta: 9 })] },
    });
    addServiceMetrics(ctx, { service: 'trip-service', instances: trips, cpuPercent: 18, memoryMiB: 470, requestsPerSecond: 12, latencyP90Seconds: 0.09 });
    addServiceMetrics(ctx, { service: 'seat-service', instances: seats, cpuPercent: 25, memoryMiB: 520, requestsPerSecond: 40, latencyP90Seconds: 0.012, effects: { latency_p90_seconds: wobble(0.012) } });
    addServiceMetrics(ctx, { service: 'route-service', instances: routes, cpuPercent: 12, memoryMiB: 410, requestsPerSecond: 20, latencyP90Seconds: 0.02, effects: { latency_p90_seconds: wobble(0.02) } });
    addServiceMetrics(ctx, { service: 'price-service', instances: prices, cpuPercent: 10, memoryMiB: 400, requestsPerSecond: 20, latencyP90Seconds: 0.01, effects: { latency_p90_seconds: wobble(0.01) } });
    addServiceMetrics(ctx, { service: 'order-service', instances: orders, cpuPercent: 20, memoryMiB: 450, requestsPerSecond: 25, latencyP90Seconds: 0.02, effects: { latency_p90_seconds: wobble(0.02) } });

    // The generic error every Spring service writes; storefront writes it all the time.
    const servletError = fixed('ERROR', 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', 'Servlet.service() for servlet [dispatcherServlet] threw exception');
    emitLogs(ctx, {
      label: 'background', service: 'storefront', instances: storefront, format: 'logback', everySeconds: 20,
      templates: [{ level: 'INFO', logger: 'c.s.f.SearchController', weight: 10, message: (r) => `search from ${r.pick(['shanghai', 'nanjing', 'beijing'])} took ${r.int(80, 300)} ms` }, { ...servletError, weight: 0.5 }],
    });
    for (const [service, instances] of [['seat-service', seats], ['route-service', routes], ['price-service', prices], ['order-service', orders]] as const) {
      emitLogs(ctx, { label: 'background', service, instances, format: 'logback', everySeconds: 30, templates: [fixed('INFO', `c.s.${service.split('-')[0]}.Controller`, 'request served')] });
    }

    const traces = generateTraces(ctx, {
      label: 'search', everySeconds: 16,
      root: {
        service: 'storefront', operation: 'GET /search', instances: storefront, selfMs: 15,
        children: [
          {
            service: 'trip-service', operation: 'TripController.queryInfo', clientOperation: 'HTTP POST', instances: trips, selfMs: 8,
            children: [
              { service: 'seat-service', operation: 'SeatController.getLeftTickets', clientOperation: 'HTTP POST', instances: seats, selfMs: 3 },
              { service: 'route-service', operation: 'RouteController.queryById', instances: routes, selfMs: 2 },
            ],
          },
        ],
      },
    });

    // trip-service logs inside each queryInfo span. More searches take the distance branch as the
    // day goes on (40 % at the start of the window, 90 % at its end); from the fault on, the
    // calculation throws before its closing line.
    const logs = random.fork('trip-logs');
    const query: LogTemplate = { level: 'INFO', logger: 't.s.TripServiceImpl#120', message: (r) => `[queryInfo][Query trips][from ${r.pick(['shanghai', 'nanjing'])}]` };
    const calculating = fixed('INFO', 't.s.TripServiceImpl#366', '[getTickets][Calculate distance][start]');
    const calculated: LogTemplate = { level: 'INFO', logger: 't.s.TripServiceImpl#372', message: (r) => `[getTickets][Calculate distance][calculate time: ${r.int(1, 30)} ms]` };
    for (const span of traces.flat()) {
      if (span.service !== 'trip-service' || span.operation !== 'TripController.queryInfo') continue;
      const at = (offsetMs: number) => span.t + Math.min(offsetMs, span.durationMs) / 1000;
      const line = (t: number, template: LogTemplate) => writeLog(ctx, { t, service: span.service, instance: span.instance ?? trips[0], format: 'logback', template, random: logs, traceId: span.traceId, spanId: span.spanId });
      line(at(1), query);
      const share = 0.4 + (0.5 * (span.t - timeline.start)) / (timeline.end - timeline.start);
      if (!logs.chance(share)) continue;
      line(at(2), calculating);
      if (span.t < fault) line(at(4), calculated);
      else line(at(4), servletError);
    }

    const errors = writer.observe({ service: 'storefront', metric: 'error_rate_percent', at: timeline.alertAt, windowSeconds: 60 });
    const alert = alertmanagerAlert({
      labels: { alertname: 'StorefrontHighErrorRate', namespace: 'shop', service: 'storefront', severity: 'critical' },
      summary: 'storefront is returning errors',
      description: `storefront 5xx ratio over the last minute is ${errors.toFixed(2)}% (threshold 5%).`,
      firedAt: timeline.alertAt,
      expr: 'sum(rate(http_requests_total{service="storefront",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="storefront"}[1m])) * 100 > 5',
      runbook: 'shop/storefront-errors',
    });
    return { alert };
  },
};
