import { alertmanagerAlert } from './alert-formats';
import { emitLogs, fixed, writeLog } from './log-lines';
import { addServiceMetrics, step } from './metric-series';
import { deploymentPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * web-store error-rate alert. web-store logs a flood of `call to inventory-service failed: 503`,
 * but it only relays a failure: inventory-service started throwing a NullPointerException in
 * InventoryRepository (a template never seen before the fault) on ~40 % of requests. web-store
 * also has a steady background of failed calls to recommendation-service, before and after.
 */
export const dependencyErrorsScenario: ScenarioDefinition = {
  id: 'dependency-errors',
  title: 'Errors relayed from a failing dependency',
  description:
    'web-store error rate alerts and it logs many "call to inventory-service failed: 503" lines; the cause is a new NullPointerException in inventory-service, visible in its error spans and logs.',
  startsAt: '2024-08-20T07:05:00Z',
  topology: {
    services: ['web-store', 'inventory-service', 'inventory-db', 'recommendation-service', 'auth-service'],
    calls: [
      { from: 'web-store', to: 'auth-service' },
      { from: 'web-store', to: 'inventory-service' },
      { from: 'web-store', to: 'recommendation-service' },
      { from: 'inventory-service', to: 'inventory-db' },
    ],
  },
  answer: {
    rootCause: {
      service: 'inventory-service',
      faultType: 'exception',
      indicator: 'new NullPointerException at InventoryRepository.findBySku in inventory-service (error spans and logs from the fault on); web-store only relays the 503s',
    },
    chain: [
      { service: 'web-store', kind: 'downstream-errors' },
      { service: 'inventory-service', kind: 'error-surge' },
    ],
    notTheCause: ['web-store', 'recommendation-service'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const names = random.fork('pods');
    const stores = deploymentPods(names, 'web-store', 2);
    const inventory = deploymentPods(names, 'inventory-service', 2);
    const recommendations = deploymentPods(names, 'recommendation-service', 2);
    const auth = deploymentPods(names, 'auth-service', 2);
    const database = ['inventory-db-0'];

    addServiceMetrics(ctx, {
      service: 'web-store', instances: stores, cpuPercent: 28, memoryMiB: 420, requestsPerSecond: 60, latencyP90Seconds: 0.28, errorRatePercent: 0.6,
      effects: { error_rate_percent: [step(fault + 5, { delta: 12 })] },
    });
    addServiceMetrics(ctx, {
      service: 'inventory-service', instances: inventory, cpuPercent: 24, memoryMiB: 580, requestsPerSecond: 45, latencyP90Seconds: 0.05, errorRatePercent: 0.2,
      effects: { error_rate_percent: [step(fault, { delta: 38 })] },
    });
    addServiceMetrics(ctx, { service: 'inventory-db', instances: database, cpuPercent: 20, memoryMiB: 2048, latencyP90Seconds: 0.004 });
    addServiceMetrics(ctx, { service: 'recommendation-service', instances: recommendations, cpuPercent: 40, memoryMiB: 1200, requestsPerSecond: 50, latencyP90Seconds: 0.4, errorRatePercent: 1.5 });
    addServiceMetrics(ctx, { service: 'auth-service', instances: auth, cpuPercent: 15, memoryMiB: 260, requestsPerSecond: 60, latencyP90Seconds: 0.015, errorRatePercent: 0.1 });

    writer.addEvent({ ts: timeline.start + 360, service: 'recommendation-service', reason: 'restart', message: `Container recommendation-service in pod ${recommendations[0]} restarted after liveness probe timeout` });

    const npe = fixed(
      'ERROR', 'c.s.i.InventoryController',
      'Unhandled exception in GET /api/inventory/{sku}: java.lang.NullPointerException: Cannot invoke "com.shop.inventory.Warehouse.getRegion()" because "warehouse" is null at com.shop.inventory.InventoryRepository.findBySku(InventoryRepository.java:112)',
    );
    emitLogs(ctx, {
      label: 'background', service: 'web-store', instances: stores, format: 'plain', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'store.http', weight: 8, message: (r) => `GET /product/${r.int(1000, 9999)} 200 ${r.int(60, 280)}ms` },
        fixed('ERROR', 'store.clients', 'call to recommendation-service failed: 504 Gateway Timeout', 1.5),
      ],
    });
    emitLogs(ctx, {
      label: 'inventory-failures', service: 'web-store', instances: stores, format: 'plain', everySeconds: 4, from: fault + 5,
      templates: [{ level: 'ERROR', logger: 'store.clients', message: (r) => `call to inventory-service failed: 503 Service Unavailable (GET /api/inventory/SKU-${r.int(1000, 9999)})` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'inventory-service', instances: inventory, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.s.i.InventoryController', weight: 8, message: (r) => `Reserved ${r.int(1, 5)} units of SKU-${r.int(1000, 9999)}` },
        { level: 'WARN', logger: 'c.s.i.InventoryRepository', message: (r) => `Slow query on stock_levels took ${r.int(250, 400)} ms` },
      ],
    });
    emitLogs(ctx, { label: 'npe', service: 'inventory-service', instances: inventory, format: 'logback', everySeconds: 8, from: fault, templates: [npe] });
    emitLogs(ctx, {
      label: 'background', service: 'recommendation-service', instances: recommendations, format: 'logback', everySeconds: 25,
      templates: [
        { level: 'INFO', logger: 'c.s.r.RecommendationController', weight: 4, message: (r) => `Served ${r.int(4, 12)} recommendations in ${r.int(80, 400)} ms` },
        fixed('ERROR', 'c.s.r.ModelClient', 'Model server timed out after 400 ms; serving popular items'),
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'auth-service', instances: auth, format: 'logback', everySeconds: 40,
      templates: [fixed('INFO', 'c.s.a.TokenVerifier', 'Token verified'), fixed('WARN', 'c.s.a.TokenVerifier', 'Token expires in less than 60 s', 0.3)],
    });

    const traces = generateTraces(ctx, {
      label: 'product', everySeconds: 20,
      root: {
        service: 'web-store', operation: 'GET /product/{id}', instances: stores, selfMs: 18,
        children: [
          { service: 'auth-service', operation: 'POST /api/verify', clientOperation: 'HTTP POST', instances: auth, selfMs: 3 },
          {
            service: 'inventory-service', operation: 'GET /api/inventory/{sku}', instances: inventory, selfMs: 10,
            fault: ({ t, random: r }) => (t >= fault && r.chance(0.4) ? { error: true } : undefined),
            children: [{ service: 'inventory-db', operation: 'SELECT stock_levels', clientOperation: 'SELECT shop.stock_levels', instances: database, selfMs: 2 }],
          },
          { service: 'recommendation-service', operation: 'GET /api/recommendations', instances: recommendations, selfMs: 60, errorRate: 0.02 },
        ],
      },
    });
    // The exception is logged inside the failing request, so those lines carry its trace ids.
    const correlated = random.fork('correlated-logs');
    for (const span of traces.flat()) {
      if (span.service !== 'inventory-service' || span.error !== true || span.operation.startsWith('HTTP')) continue;
      writeLog(ctx, { t: span.t + span.durationMs / 2000, service: span.service, instance: span.instance ?? inventory[0], format: 'logback', template: npe, random: correlated, traceId: span.traceId, spanId: span.spanId });
    }

    const errors = writer.observe({ service: 'web-store', metric: 'error_rate_percent', at: timeline.alertAt, windowSeconds: 60 });
    const alert = alertmanagerAlert({
      labels: { alertname: 'WebStoreHighErrorRate', namespace: 'shop', service: 'web-store', severity: 'critical' },
      summary: 'web-store is returning errors',
      description: `web-store 5xx ratio over the last minute is ${errors.toFixed(2)}% (threshold 5%).`,
      firedAt: timeline.alertAt,
      expr: 'sum(rate(http_requests_total{service="web-store",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="web-store"}[1m])) * 100 > 5',
      runbook: 'shop/web-store-errors',
    });
    return { alert };
  },
};
