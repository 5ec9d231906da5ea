import { grafanaAlert } from './alert-formats';
import { emitLogs, fixed, type LogTemplate } from './log-lines';
import { addServiceMetrics, ramp, step, type MetricEffect } from './metric-series';
import { deploymentPods, statefulPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * A rollout of cart-service v2.0.0 replaces its pods; the new pods throw IllegalStateException on
 * a share of requests and respond slower. The alert is frontend's error rate. An earlier,
 * harmless deploy of pricing-service sits in the same window as a decoy.
 */
export const deployRegressionScenario: ScenarioDefinition = {
  id: 'deploy-regression',
  title: 'Error surge after a deploy of cart-service v2',
  description:
    'cart-service v2.0.0 rolls out and its new pods throw IllegalStateException; frontend error rate alerts. pricing-service was also deployed earlier in the window, without effect.',
  startsAt: '2024-06-18T10:30:00Z',
  topology: {
    services: ['frontend', 'cart-service', 'pricing-service', 'redis-cart', 'catalog-service'],
    calls: [
      { from: 'frontend', to: 'cart-service' },
      { from: 'frontend', to: 'catalog-service' },
      { from: 'cart-service', to: 'redis-cart' },
      { from: 'cart-service', to: 'pricing-service' },
    ],
  },
  answer: {
    rootCause: {
      service: 'cart-service',
      faultType: 'exception',
      indicator: 'deploy of cart-service v2.0.0; new IllegalStateException at CartPricer.applyPromotions on the new pods; error_rate_percent and latency_p90_seconds of cart-service rise',
    },
    chain: [
      { service: 'frontend', kind: 'downstream-errors' },
      { service: 'cart-service', kind: 'error-surge' },
      { service: 'cart-service', kind: 'deploy-change' },
    ],
    notTheCause: ['frontend', 'pricing-service'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const deployAt = timeline.faultAt;
    const newReadyAt = deployAt + 25;
    const oldGoneAt = deployAt + 40;
    const names = random.fork('pods');
    const frontends = deploymentPods(names, 'frontend', 2);
    const oldCarts = deploymentPods(names, 'cart-service', 2);
    const newCarts = deploymentPods(names, 'cart-service', 2);
    const pricing = deploymentPods(names, 'pricing-service', 2);
    const catalog = deploymentPods(names, 'catalog-service', 2);
    const replicaSet = (pod: string): string => pod.slice(0, pod.lastIndexOf('-'));

    addServiceMetrics(ctx, {
      service: 'frontend', instances: frontends, cpuPercent: 25, memoryMiB: 300, requestsPerSecond: 80, latencyP90Seconds: 0.3, errorRatePercent: 0.4,
      effects: { error_rate_percent: [ramp(newReadyAt, 20, { delta: 5 })], latency_p90_seconds: [ramp(newReadyAt, 20, { delta: 0.2 })] },
    });
    const cart = { service: 'cart-service', cpuPercent: 30, memoryMiB: 520, requestsPerSecond: 45, latencyP90Seconds: 0.09, errorRatePercent: 0.3 };
    addServiceMetrics(ctx, { ...cart, instances: oldCarts, gaps: [{ from: oldGoneAt, until: timeline.end + 1 }] });
    const regression: Record<string, MetricEffect[]> = {
      error_rate_percent: [step(newReadyAt, { delta: 11 })],
      latency_p90_seconds: [step(newReadyAt, { delta: 0.35 })],
      cpu_usage_percent: [step(newReadyAt, { delta: 8 })],
    };
    addServiceMetrics(ctx, { ...cart, instances: newCarts, gaps: [{ from: timeline.start, until: deployAt + 8 }], effects: regression });
    addServiceMetrics(ctx, { service: 'pricing-service', instances: pricing, cpuPercent: 20, memoryMiB: 410, requestsPerSecond: 40, latencyP90Seconds: 0.03, errorRatePercent: 0.2 });
    addServiceMetrics(ctx, { service: 'redis-cart', instances: statefulPods('redis-cart', 1), cpuPercent: 8, memoryMiB: 200, latencyP90Seconds: 0.001 });
    addServiceMetrics(ctx, { service: 'catalog-service', instances: catalog, cpuPercent: 28, memoryMiB: 640, requestsPerSecond: 60, latencyP90Seconds: 0.05, errorRatePercent: 0.1 });

    writer.addEvent({ ts: timeline.start + 240, service: 'pricing-service', reason: 'deploy', message: 'Deployment pricing-service image updated: registry.example.internal/shop/pricing-service:v3.2.2 (was v3.2.1)' });
    writer.addEvent({ ts: timeline.start + 480, service: 'catalog-service', reason: 'config-change', message: 'ConfigMap shop/catalog-feature-flags changed: annotation update only' });
    writer.addEvent({ ts: deployAt, service: 'cart-service', reason: 'deploy', message: 'Deployment cart-service image updated: registry.example.internal/shop/cart-service:v2.0.0 (was v1.14.2)' });
    writer.addEvent({ ts: deployAt + 2, service: 'cart-service', reason: 'scaled', message: `Scaled up replica set ${replicaSet(newCarts[0])} to 2` });
    writer.addEvent({ ts: oldGoneAt, service: 'cart-service', reason: 'scaled', message: `Scaled down replica set ${replicaSet(oldCarts[0])} to 0` });

    const cartBackground: LogTemplate[] = [
      { level: 'INFO', logger: 'c.s.c.CartController', weight: 8, message: (r) => `GET /api/cart/${r.hex(8)} 200 in ${r.int(12, 90)} ms` },
      fixed('WARN', 'c.s.c.RedisConfig', 'Redis connection pool low watermark reached (2 idle)'),
      fixed('ERROR', 'c.s.c.EventPublisher', 'Failed to publish cart-abandoned event; will retry', 0.5),
    ];
    emitLogs(ctx, { label: 'background', service: 'cart-service', instances: oldCarts, format: 'logback', everySeconds: 25, templates: cartBackground, until: oldGoneAt });
    emitLogs(ctx, { label: 'background', service: 'cart-service', instances: newCarts, format: 'logback', everySeconds: 25, templates: cartBackground, from: deployAt + 8 });
    emitLogs(ctx, {
      label: 'startup', service: 'cart-service', instances: newCarts, format: 'logback', everySeconds: 3, from: deployAt + 8, until: deployAt + 12,
      templates: [fixed('INFO', 'c.s.c.CartServiceApplication', 'Started CartServiceApplication in 6.8 seconds (version v2.0.0)')],
    });
    emitLogs(ctx, {
      label: 'regression', service: 'cart-service', instances: newCarts, format: 'logback', everySeconds: 6, from: newReadyAt,
      templates: [{
        level: 'ERROR', logger: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
        message: (r) => `Servlet.service() for servlet [dispatcherServlet] threw exception: java.lang.IllegalStateException: Cart line price is null for sku SKU-${r.int(1000, 9999)} at com.shop.cart.pricing.CartPricer.applyPromotions(CartPricer.java:88)`,
      }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'frontend', instances: frontends, format: 'plain', everySeconds: 25,
      templates: [
        { level: 'INFO', logger: 'frontend.http', weight: 8, message: (r) => `GET ${r.pick(['/', '/cart', '/products', '/product/{id}'])} 200 ${r.int(40, 300)}ms` },
        fixed('ERROR', 'frontend.widgets', 'Failed to load recommendation widget: timeout after 500ms', 0.7),
      ],
    });
    emitLogs(ctx, {
      label: 'cart-errors', service: 'frontend', instances: frontends, format: 'plain', everySeconds: 6, from: newReadyAt + 2,
      templates: [{ level: 'ERROR', logger: 'frontend.http', message: (r) => `GET /cart failed: 500 Internal Server Error from cart-service (request ${r.hex(12)})` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'pricing-service', instances: pricing, format: 'logback', everySeconds: 30,
      templates: [
        { level: 'INFO', logger: 'c.s.p.PriceController', weight: 5, message: (r) => `Priced ${r.int(1, 12)} lines in ${r.int(2, 15)} ms` },
        fixed('WARN', 'c.s.p.PromotionCache', 'Promotion cache refresh took 1200 ms'),
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'catalog-service', instances: catalog, format: 'logback', everySeconds: 30,
      templates: [{ level: 'INFO', logger: 'c.s.k.ProductController', message: (r) => `GET /products?page=${r.int(1, 20)} 200 in ${r.int(10, 60)} ms` }],
    });

    generateTraces(ctx, {
      label: 'cart', everySeconds: 25,
      root: {
        service: 'frontend', operation: 'GET /cart', instances: frontends, selfMs: 15,
        children: [{
          service: 'cart-service', operation: 'GET /api/cart/{id}', instances: oldCarts, selfMs: 20,
          instancesAt: (t) => (t < newReadyAt ? oldCarts : t < oldGoneAt ? [...oldCarts, ...newCarts] : newCarts),
          fault: ({ instance, random: r }) => (newCarts.includes(instance) ? { extraSelfMs: r.between(200, 450), error: r.chance(0.25) } : undefined),
          children: [
            { service: 'redis-cart', operation: 'HGETALL', clientOperation: 'HGETALL', instances: ['redis-cart-0'], selfMs: 0.6 },
            { service: 'pricing-service', operation: 'POST /api/price', clientOperation: 'HTTP POST', instances: pricing, selfMs: 9 },
          ],
        }],
      },
    });
    generateTraces(ctx, {
      label: 'products', everySeconds: 40,
      root: {
        service: 'frontend', operation: 'GET /products', instances: frontends, selfMs: 18,
        children: [{ service: 'catalog-service', operation: 'GET /products', instances: catalog, selfMs: 22 }],
      },
    });

    const errors = writer.observe({ service: 'frontend', metric: 'error_rate_percent', at: timeline.alertAt, windowSeconds: 60 });
    const usual = writer.observe({ service: 'frontend', metric: 'error_rate_percent', at: timeline.baseline.end, windowSeconds: 600 });
    const alert = grafanaAlert({
      labels: { alertname: 'Shop frontend error rate', grafana_folder: 'Shop SLOs', namespace: 'shop', service: 'frontend', severity: 'critical' },
      values: { A: errors, B: 2, C: 1 },
      description: `frontend error rate is ${errors.toFixed(2)}% over the last minute (threshold 2%, usual ${usual.toFixed(2)}%).`,
      summary: 'Shop frontend is returning errors',
      firedAt: timeline.alertAt,
      ruleUid: 'shop-frontend-errors',
      dashboardUid: 'shop-slo',
    });
    return { alert };
  },
};
