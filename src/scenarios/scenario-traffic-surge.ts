import { grafanaAlert } from './alert-formats';
import { emitLogs, fixed } from './log-lines';
import { addServiceMetrics, ramp } from './metric-series';
import { deploymentPods, statefulPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces, type TraceFamily } from './trace-generator';

/**
 * api-gateway latency alert. Traffic on api-gateway and catalog-service triples (a partner feed
 * crawls the catalogue); no deploy, no errors. api-gateway has headroom, catalog-service does not:
 * its CPU saturates and its latency follows, capped by its autoscaler's maxReplicas.
 *
 * Attribution: the surge passes through api-gateway, but the service that saturates — and whose
 * capacity is the fix — is catalog-service, so it is the root cause, fault type `overload`.
 */
export const trafficSurgeScenario: ScenarioDefinition = {
  id: 'traffic-surge',
  title: 'Traffic surge overloads catalog-service',
  description:
    'requests_per_second on api-gateway and catalog-service triple with no deploy and no errors; catalog-service CPU saturates and api-gateway latency alerts. Root cause catalog-service (overload).',
  startsAt: '2024-09-10T17:50:00Z',
  timeline: { alertDelaySeconds: 160 },
  topology: {
    services: ['api-gateway', 'catalog-service', 'catalog-db', 'redis-catalog', 'user-service'],
    calls: [
      { from: 'api-gateway', to: 'catalog-service' },
      { from: 'api-gateway', to: 'user-service' },
      { from: 'catalog-service', to: 'redis-catalog' },
      { from: 'catalog-service', to: 'catalog-db' },
    ],
  },
  answer: {
    rootCause: {
      service: 'catalog-service',
      faultType: 'overload',
      indicator: 'requests_per_second of api-gateway and catalog-service triple; catalog-service cpu_usage_percent saturates (~92%) and its latency follows; no deploy, no errors',
    },
    chain: [
      { service: 'api-gateway', kind: 'downstream-latency' },
      { service: 'catalog-service', kind: 'cpu-saturation' },
      { service: 'catalog-service', kind: 'traffic-surge' },
    ],
    notTheCause: ['api-gateway'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const surge = timeline.faultAt;
    const saturated = surge + 40;
    const names = random.fork('pods');
    const gateways = deploymentPods(names, 'api-gateway', 2);
    const catalog = deploymentPods(names, 'catalog-service', 3);
    const users = deploymentPods(names, 'user-service', 2);

    const tripled = [ramp(surge, 60, { factor: 3 })];
    addServiceMetrics(ctx, {
      service: 'api-gateway', instances: gateways, cpuPercent: 20, memoryMiB: 300, requestsPerSecond: 150, latencyP90Seconds: 0.12, errorRatePercent: 0.2,
      effects: { requests_per_second: tripled, cpu_usage_percent: [ramp(surge, 60, { factor: 2.2 })], latency_p90_seconds: [ramp(saturated, 60, { delta: 0.8 })] },
    });
    addServiceMetrics(ctx, {
      service: 'catalog-service', instances: catalog, cpuPercent: 30, memoryMiB: 800, requestsPerSecond: 100, latencyP90Seconds: 0.06, errorRatePercent: 0.1,
      effects: { requests_per_second: tripled, cpu_usage_percent: [ramp(surge, 60, { delta: 62 })], latency_p90_seconds: [ramp(saturated - 10, 60, { delta: 0.75 })] },
    });
    addServiceMetrics(ctx, {
      service: 'redis-catalog', instances: statefulPods('redis-catalog', 1), cpuPercent: 10, memoryMiB: 900, requestsPerSecond: 300, latencyP90Seconds: 0.001,
      effects: { requests_per_second: tripled, cpu_usage_percent: [ramp(surge, 60, { factor: 2.5 })] },
    });
    addServiceMetrics(ctx, {
      service: 'catalog-db', instances: ['catalog-db-0'], cpuPercent: 35, memoryMiB: 4096, latencyP90Seconds: 0.007,
      effects: { cpu_usage_percent: [ramp(surge, 60, { delta: 20 })] },
    });
    addServiceMetrics(ctx, { service: 'user-service', instances: users, cpuPercent: 18, memoryMiB: 350, requestsPerSecond: 40, latencyP90Seconds: 0.02, errorRatePercent: 0.1 });

    writer.addEvent({ ts: surge + 90, service: 'catalog-service', reason: 'scaled', message: 'HorizontalPodAutoscaler catalog-service: desired replicas 7 exceeds maxReplicas 3; keeping 3' });

    emitLogs(ctx, {
      label: 'background', service: 'api-gateway', instances: gateways, format: 'plain', everySeconds: 20,
      templates: [{ level: 'INFO', logger: 'gateway.access', message: (r) => `GET /api/products?category=${r.pick(['shoes', 'tents', 'bikes'])} -> catalog-service 200 ${r.int(40, 150)}ms` }],
    });
    emitLogs(ctx, {
      label: 'surge', service: 'api-gateway', instances: gateways, format: 'plain', everySeconds: 10, from: surge,
      templates: [
        { level: 'INFO', logger: 'gateway.access', weight: 3, message: (r) => `GET /api/products?page=${r.int(1, 900)} -> catalog-service 200 ${r.int(60, 900)}ms client=partner-feed` },
        fixed('WARN', 'gateway.ratelimit', 'rate limit nearly exhausted for client partner-feed (90% of 500 rps)'),
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'catalog-service', instances: catalog, format: 'logback', everySeconds: 25,
      templates: [
        { level: 'INFO', logger: 'c.s.k.ProductController', weight: 8, message: (r) => `GET /products?page=${r.int(1, 50)} 200 in ${r.int(10, 70)} ms` },
        fixed('ERROR', 'c.s.k.CurrencyRates', 'Failed to refresh currency rates: 429 from rates provider (will retry)', 0.7),
      ],
    });
    emitLogs(ctx, {
      label: 'queueing', service: 'catalog-service', instances: catalog, format: 'logback', everySeconds: 15, from: saturated,
      templates: [{ level: 'WARN', logger: 'o.a.t.u.t.ThreadPoolExecutor', message: (r) => `Request queue depth ${r.int(50, 180)} exceeds 50; worker pool saturated (16/16 busy)` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'user-service', instances: users, format: 'logback', everySeconds: 40,
      templates: [fixed('INFO', 'c.s.u.UserController', 'GET /api/users/me 200'), fixed('WARN', 'c.s.u.SessionStore', 'Session store eviction: 120 expired sessions', 0.3)],
    });

    const family = (label: string, everySeconds: number, from?: number, until?: number): TraceFamily => ({
      label, everySeconds, from, until,
      root: {
        service: 'api-gateway', operation: 'GET /api/products', instances: gateways, selfMs: 4,
        children: [{
          service: 'catalog-service', operation: 'GET /products', instances: catalog, selfMs: 25,
          fault: ({ t, random: r }) => (t >= saturated ? { extraSelfMs: r.between(350, 900) } : undefined),
          children: [
            { service: 'redis-catalog', operation: 'GET', clientOperation: 'GET', instances: ['redis-catalog-0'], selfMs: 0.5 },
            { service: 'catalog-db', operation: 'SELECT products', clientOperation: 'SELECT shop.products', instances: ['catalog-db-0'], selfMs: 4 },
          ],
        }],
      },
    });
    // Traces are sampled at a fixed ratio, so three times the traffic yields three times the traces.
    generateTraces(ctx, family('products-before', 36, undefined, surge));
    generateTraces(ctx, family('products-surge', 12, surge));

    const p90 = writer.observe({ service: 'api-gateway', metric: 'latency_p90_seconds', at: timeline.alertAt, windowSeconds: 60 });
    const usual = writer.observe({ service: 'api-gateway', metric: 'latency_p90_seconds', at: timeline.baseline.end, windowSeconds: 600 });
    const alert = grafanaAlert({
      labels: { alertname: 'api-gateway latency p90', grafana_folder: 'Edge SLOs', namespace: 'edge', service: 'api-gateway', quantile: 'p90', severity: 'warning' },
      values: { A: p90, B: usual, C: 1 },
      description: `api-gateway p90 request latency is ${p90.toFixed(2)} s, ${(p90 / usual).toFixed(1)}x its 30-minute median of ${usual.toFixed(2)} s.`,
      summary: 'api-gateway p90 latency is high',
      firedAt: timeline.alertAt,
      ruleUid: 'edge-gateway-latency',
      dashboardUid: 'edge-slo',
    });
    return { alert };
  },
};
