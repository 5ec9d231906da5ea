import { datadogAlert } from './alert-formats';
import { emitLogs, fixed } from './log-lines';
import { addMetricSeries, addServiceMetrics, ramp, step } from './metric-series';
import { deploymentPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * orders-api latency alert. A config refresh cut the connection pool of orders-api from 40 to 8;
 * under unchanged load the pool sits at its max, threads queue for connections and requests wait.
 * The database is healthy (it even gets less work) but logs its usual checkpoint warnings.
 */
export const dbPoolExhaustionScenario: ScenarioDefinition = {
  id: 'db-pool-exhaustion',
  title: 'Connection-pool exhaustion in orders-api after a config change',
  description:
    'orders-api latency rises because its database connection pool is exhausted (max cut from 40 to 8 by a config refresh); orders-db stays healthy, api-gateway logs upstream timeouts.',
  startsAt: '2024-07-02T08:15:00Z',
  timeline: { alertDelaySeconds: 140 },
  topology: {
    services: ['api-gateway', 'orders-api', 'orders-db', 'customer-service', 'notification-service'],
    calls: [
      { from: 'api-gateway', to: 'orders-api' },
      { from: 'orders-api', to: 'orders-db' },
      { from: 'orders-api', to: 'customer-service' },
      { from: 'orders-api', to: 'notification-service' },
    ],
  },
  answer: {
    rootCause: {
      service: 'orders-api',
      faultType: 'misconfiguration',
      indicator: 'db_pool_max_connections of orders-api cut from 40 to 8 by a config change; db_pool_active_connections pinned at the max and db_pool_wait_seconds rising',
    },
    chain: [
      { service: 'orders-api', kind: 'connection-pool-saturation' },
      { service: 'orders-api', kind: 'config-change' },
    ],
    notTheCause: ['orders-db', 'api-gateway'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const configAt = fault - 15;
    const names = random.fork('pods');
    const gateways = deploymentPods(names, 'api-gateway', 2);
    const orders = deploymentPods(names, 'orders-api', 2);
    const customers = deploymentPods(names, 'customer-service', 2);
    const notifications = deploymentPods(names, 'notification-service', 1);
    const database = ['orders-db-0'];

    addServiceMetrics(ctx, {
      service: 'api-gateway', instances: gateways, cpuPercent: 18, memoryMiB: 256, requestsPerSecond: 70, latencyP90Seconds: 0.16, errorRatePercent: 0.3,
      effects: { latency_p90_seconds: [ramp(fault, 30, { delta: 2.5 })], error_rate_percent: [step(fault + 60, { delta: 2 })] },
    });
    addServiceMetrics(ctx, {
      service: 'orders-api', instances: orders, cpuPercent: 32, memoryMiB: 900, requestsPerSecond: 35, latencyP90Seconds: 0.12, errorRatePercent: 0.3,
      effects: {
        latency_p90_seconds: [ramp(fault, 30, { delta: 2.6 })],
        error_rate_percent: [step(fault + 60, { delta: 1.5 })],
        cpu_usage_percent: [step(fault, { factor: 0.8 })],
      },
    });
    addMetricSeries(ctx, { service: 'orders-api', instances: orders, metric: 'db_pool_max_connections', base: 40, noise: 0, spread: 0, effects: [step(configAt, { delta: -32 })] });
    const pool = random.fork('pool-usage');
    addMetricSeries(ctx, {
      service: 'orders-api', instances: orders, metric: 'db_pool_active_connections', base: 12, noise: 0, spread: 0, integer: true,
      // Below the max the usage fluctuates; once the pool is too small it is pinned at the max.
      effects: [{ kind: 'custom', apply: (t, level) => (t < configAt ? level * (1 + 0.2 * pool.normal()) : 8) }],
    });
    addMetricSeries(ctx, { service: 'orders-api', instances: orders, metric: 'db_pool_pending_threads', base: 0, noise: 0.25, integer: true, effects: [ramp(fault, 20, { delta: 22 })] });
    addMetricSeries(ctx, { service: 'orders-api', instances: orders, metric: 'db_pool_wait_seconds', base: 0.002, noise: 0.15, effects: [ramp(fault, 30, { delta: 2.4 })] });
    addServiceMetrics(ctx, {
      service: 'orders-db', instances: database, cpuPercent: 30, memoryMiB: 4096, latencyP90Seconds: 0.006,
      effects: { cpu_usage_percent: [step(fault, { factor: 0.7 })] },
    });
    addMetricSeries(ctx, { service: 'orders-db', instances: database, metric: 'db_connections_active', base: 28, noise: 0.08, integer: true, effects: [step(fault, { delta: -12 })] });
    addServiceMetrics(ctx, { service: 'customer-service', instances: customers, cpuPercent: 20, memoryMiB: 450, requestsPerSecond: 30, latencyP90Seconds: 0.03, errorRatePercent: 0.2 });
    addServiceMetrics(ctx, { service: 'notification-service', instances: notifications, cpuPercent: 10, memoryMiB: 300, requestsPerSecond: 12, latencyP90Seconds: 0.02, errorRatePercent: 0.5 });

    writer.addEvent({
      ts: configAt, service: 'orders-api', reason: 'config-change',
      message: 'ConfigMap shop/orders-api-config changed: spring.datasource.hikari.maximum-pool-size 40 -> 8 (applied by /actuator/refresh)',
    });

    emitLogs(ctx, {
      label: 'refresh', service: 'orders-api', instances: orders, format: 'logback', everySeconds: 1, from: configAt + 1, until: configAt + 2.5,
      templates: [fixed('INFO', 'o.s.c.e.event.RefreshListener', 'Refresh keys changed: [spring.datasource.hikari.maximum-pool-size]')],
    });
    emitLogs(ctx, {
      label: 'background', service: 'orders-api', instances: orders, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.s.o.OrderController', weight: 8, message: (r) => `GET /api/orders/${r.int(100000, 999999)} 200 in ${r.int(20, 110)} ms` },
        { level: 'WARN', logger: 'c.s.o.ApiVersionFilter', message: (r) => `Deprecated API version v1 used by client mobile-ios/5.${r.int(0, 4)}` },
        { level: 'ERROR', logger: 'c.s.o.OrderValidator', weight: 0.5, message: (r) => `Validation failed for order ${r.int(100000, 999999)}: missing shipping address` },
      ],
    });
    emitLogs(ctx, {
      label: 'pool-timeouts', service: 'orders-api', instances: orders, format: 'logback', everySeconds: 6, from: fault + 5,
      templates: [{ level: 'ERROR', logger: 'c.s.o.OrderRepository', message: (r) => `Timeout waiting for connection from pool (HikariPool-1: total=8, active=8, idle=0, waiting=${r.int(15, 30)})` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'api-gateway', instances: gateways, format: 'plain', everySeconds: 25,
      templates: [{ level: 'INFO', logger: 'gateway.access', message: (r) => `GET /orders/${r.int(100000, 999999)} -> orders-api 200 ${r.int(30, 160)}ms` }],
    });
    emitLogs(ctx, {
      label: 'upstream-timeouts', service: 'api-gateway', instances: gateways, format: 'plain', everySeconds: 10, from: fault + 30,
      templates: [fixed('ERROR', 'gateway.proxy', 'upstream timed out (110: Connection timed out) while reading response header from upstream orders-api')],
    });
    emitLogs(ctx, {
      label: 'background', service: 'orders-db', instances: database, format: 'plain', everySeconds: 40,
      templates: [
        { level: 'WARNING', logger: 'postgres', message: (r) => `checkpoints are occurring too frequently (${r.int(18, 29)} seconds apart)` },
        { level: 'LOG', logger: 'postgres', message: (r) => `automatic vacuum of table "orders.public.order_lines": index scans: ${r.int(0, 2)}` },
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'customer-service', instances: customers, format: 'logback', everySeconds: 30,
      templates: [{ level: 'INFO', logger: 'c.s.c.CustomerController', message: (r) => `GET /api/customers/${r.int(1000, 99999)} 200 in ${r.int(5, 30)} ms` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'notification-service', instances: notifications, format: 'plain', everySeconds: 30,
      templates: [fixed('INFO', 'notify.email', 'Queued order confirmation email'), fixed('ERROR', 'notify.sms', 'SMS provider rejected number: invalid format', 0.6)],
    });

    generateTraces(ctx, {
      label: 'orders', everySeconds: 20,
      root: {
        service: 'api-gateway', operation: 'GET /orders/{id}', instances: gateways, selfMs: 3,
        children: [{
          service: 'orders-api', operation: 'GET /api/orders/{id}', instances: orders, selfMs: 15,
          fault: ({ t, random: r }) => (t >= fault ? { extraSelfMs: r.between(1200, 3000) } : undefined),
          children: [
            { service: 'orders-db', operation: 'SELECT orders', clientOperation: 'SELECT shop.orders', instances: database, selfMs: 3 },
            { service: 'customer-service', operation: 'GET /api/customers/{id}', instances: customers, selfMs: 8 },
          ],
        }],
      },
    });

    const p90 = writer.observe({ service: 'orders-api', metric: 'latency_p90_seconds', at: timeline.alertAt, windowSeconds: 60 });
    const usual = writer.observe({ service: 'orders-api', metric: 'latency_p90_seconds', at: timeline.baseline.end, windowSeconds: 600 });
    const alert = datadogAlert({
      monitor: 'orders-api p90 latency is high',
      priority: 'P2',
      tags: { env: 'prod', service: 'orders-api' },
      description: `orders-api p90 request latency is ${p90.toFixed(2)} s, ${(p90 / usual).toFixed(1)}x its usual ${usual.toFixed(2)} s (threshold 1 s).`,
      query: 'avg(last_1m):avg:trace.http.request.duration.by.service.90p{env:prod,service:orders-api} > 1',
      metricValue: p90,
      firedAt: timeline.alertAt,
      monitorId: 51840217,
      notify: '@slack-orders-oncall',
      dashboard: 'orders-api-overview',
    });
    return { alert };
  },
};
