import { alertmanagerAlert } from './alert-formats';
import { emitLogs, fixed } from './log-lines';
import { addMetricSeries, addServiceMetrics, ramp, step } from './metric-series';
import { deploymentPods, statefulPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

/**
 * Consumer lag on orders-consumer. The real chain: disk I/O on the group coordinator broker
 * (kafka-broker-1) saturates → offset commits slow down (~50 s before lag grows) → the consumer's
 * throughput drops → lag grows. Meanwhile checkout-api, the producer, logs loud CRITICAL payment
 * timeouts — but its produce rate into the topic never changes, so it cannot explain the lag.
 */
export const kafkaConsumerLagScenario: ScenarioDefinition = {
  id: 'kafka-consumer-lag',
  title: 'Kafka consumer lag with a loud but innocent producer',
  description:
    'orders-consumer lags because broker commit latency rose after disk I/O saturation on kafka-broker-1; checkout-api logs CRITICAL payment timeouts at the same time but produces at an unchanged rate.',
  startsAt: '2024-05-14T09:00:00Z',
  timeline: { alertDelaySeconds: 170 },
  topology: {
    services: ['checkout-api', 'inventory-service', 'kafka-broker', 'orders-consumer', 'orders-db'],
    calls: [
      { from: 'checkout-api', to: 'inventory-service' },
      { from: 'checkout-api', to: 'kafka-broker' },
      { from: 'orders-consumer', to: 'kafka-broker' },
      { from: 'orders-consumer', to: 'orders-db' },
    ],
  },
  answer: {
    rootCause: {
      service: 'kafka-broker',
      faultType: 'disk',
      indicator: 'disk_io_utilization_percent of kafka-broker-1 (group coordinator) saturates; kafka_commit_latency_seconds rises ~50 s before kafka_consumer_lag_messages grows',
    },
    chain: [
      { service: 'orders-consumer', kind: 'consumer-lag' },
      { service: 'kafka-broker', kind: 'broker-commit-latency' },
      { service: 'kafka-broker', kind: 'disk-saturation' },
    ],
    notTheCause: ['checkout-api'],
  },
  build(ctx) {
    const { random, timeline } = ctx;
    const fault = timeline.faultAt;
    const commitSlowAt = fault + 30;
    const lagAt = fault + 80;
    const loudAt = fault + 70;
    const names = random.fork('pods');
    const checkout = deploymentPods(names, 'checkout-api', 2);
    const inventory = deploymentPods(names, 'inventory-service', 2);
    const consumers = deploymentPods(names, 'orders-consumer', 2);
    const brokers = statefulPods('kafka-broker', 3);
    const coordinator = brokers[1];

    addServiceMetrics(ctx, {
      service: 'checkout-api', instances: checkout, cpuPercent: 35, memoryMiB: 620, requestsPerSecond: 60,
      latencyP90Seconds: 0.18, errorRatePercent: 0.4, effects: { latency_p90_seconds: [ramp(loudAt, 30, { delta: 0.25 })] },
    });
    addMetricSeries(ctx, { service: 'checkout-api', instances: checkout, metric: 'messages_produced_per_second', base: 60, noise: 0.05 });
    addServiceMetrics(ctx, { service: 'inventory-service', instances: inventory, cpuPercent: 22, memoryMiB: 480, requestsPerSecond: 55, latencyP90Seconds: 0.04, errorRatePercent: 0.1 });
    addServiceMetrics(ctx, { service: 'kafka-broker', instances: brokers, cpuPercent: 28, memoryMiB: 3800 });
    addMetricSeries(ctx, {
      service: 'kafka-broker', instances: brokers, metric: 'disk_io_utilization_percent', base: 32, noise: 0.08, max: 100,
      effects: [ramp(fault, 60, { delta: 62 }, { instance: coordinator })],
    });
    addMetricSeries(ctx, {
      service: 'kafka-broker', instances: brokers, metric: 'kafka_commit_latency_seconds', base: 0.006, noise: 0.1,
      effects: [ramp(commitSlowAt, 15, { delta: 0.85 }, { instance: coordinator })],
    });
    addServiceMetrics(ctx, { service: 'orders-consumer', instances: consumers, cpuPercent: 40, memoryMiB: 900 });
    addMetricSeries(ctx, {
      service: 'orders-consumer', instances: consumers, metric: 'messages_consumed_per_second', base: 60, noise: 0.05, spread: 0.02,
      effects: [ramp(lagAt, 20, { factor: 0.3 })],
    });
    addMetricSeries(ctx, {
      service: 'orders-consumer', instances: consumers, metric: 'kafka_consumer_lag_messages', base: 40, noise: 0.12, integer: true,
      effects: [{ kind: 'custom', apply: (t, level) => (t < lagAt ? level : level + 42 * (t - lagAt)) }],
    });
    addServiceMetrics(ctx, {
      service: 'orders-db', instances: ['orders-db-0'], cpuPercent: 25, memoryMiB: 2048, latencyP90Seconds: 0.008,
      effects: { cpu_usage_percent: [step(lagAt, { factor: 0.6 })] },
    });

    emitLogs(ctx, {
      label: 'background', service: 'checkout-api', instances: checkout, format: 'plain', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'checkout.orders', weight: 8, message: (r) => `Order ord-${r.int(100000, 999999)} placed; published to topic orders partition ${r.int(0, 11)}` },
        { level: 'WARN', logger: 'checkout.inventory', message: (r) => `Slow response from inventory-service: ${r.int(300, 900)} ms` },
        fixed('ERROR', 'checkout.analytics', 'Failed to send analytics event: connection reset by peer (will retry)', 0.6),
      ],
    });
    emitLogs(ctx, {
      label: 'payment-timeouts', service: 'checkout-api', instances: checkout, format: 'plain', everySeconds: 6, from: loudAt,
      templates: [
        { level: 'CRITICAL', logger: 'checkout.payments', weight: 3, message: (r) => `CRITICAL payment provider timeout after 3000 ms (provider=payfast-eu, order=ord-${r.int(100000, 999999)}, attempt=1/3)` },
        { level: 'ERROR', logger: 'checkout.payments', message: (r) => `Payment authorization failed for order ord-${r.int(100000, 999999)}: upstream timeout; retrying with backup route` },
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'inventory-service', instances: inventory, format: 'logback', everySeconds: 40,
      templates: [
        { level: 'INFO', logger: 'c.s.i.StockController', weight: 6, message: (r) => `Stock lookup sku=SKU-${r.int(1000, 9999)} available=${r.int(0, 400)}` },
        fixed('WARN', 'c.s.i.CacheConfig', 'Cache stock-levels near capacity (94%); evicting least recently used entries'),
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'kafka-broker', instances: brokers, format: 'logback', everySeconds: 45,
      templates: [
        { level: 'INFO', logger: 'kafka.log.LocalLog', message: (r) => `[LocalLog partition=orders-${r.int(0, 11)}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${r.int(1000000, 9000000)}` },
        { level: 'INFO', logger: 'kafka.coordinator.group.GroupCoordinator', message: (r) => `[GroupCoordinator ${r.int(0, 2)}]: Stabilized group analytics-consumer generation ${r.int(10, 90)}` },
      ],
    });
    emitLogs(ctx, {
      label: 'slow-fsync', service: 'kafka-broker', instances: [coordinator], format: 'logback', everySeconds: 25, from: fault + 20,
      templates: [{ level: 'WARN', logger: 'kafka.log.LogFlushStats', message: (r) => `Flush of __consumer_offsets-${r.int(0, 49)} took ${r.int(700, 2400)} ms` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'orders-consumer', instances: consumers, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.s.o.OrderBatchListener', weight: 8, message: (r) => `Processed batch of ${r.int(200, 500)} records from orders-${r.int(0, 11)}` },
        { level: 'WARN', logger: 'c.s.o.OrderMapper', message: (r) => `Record for order ord-${r.int(100000, 999999)} has deprecated field 'coupon_code'; ignoring` },
        fixed('ERROR', 'c.s.o.CustomerEnricher', 'Customer profile lookup failed: cache miss, using defaults', 0.5),
      ],
    });
    emitLogs(ctx, {
      label: 'slow-commit', service: 'orders-consumer', instances: consumers, format: 'logback', everySeconds: 30, from: commitSlowAt + 10,
      templates: [{ level: 'WARN', logger: 'o.a.k.c.c.i.ConsumerCoordinator', message: (r) => `[Consumer groupId=orders-consumer] Offset commit took ${r.int(700, 1100)} ms` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'orders-db', instances: ['orders-db-0'], format: 'plain', everySeconds: 90,
      templates: [{ level: 'LOG', logger: 'postgres', message: (r) => `checkpoint complete: wrote ${r.int(200, 900)} buffers; write=${r.int(10, 40)}.1 s` }],
    });

    generateTraces(ctx, {
      label: 'checkout', everySeconds: 30,
      root: {
        service: 'checkout-api', operation: 'POST /api/v1/checkout', instances: checkout, selfMs: 25,
        fault: ({ t }) => (t >= loudAt ? { extraSelfMs: 180 } : undefined),
        children: [
          { service: 'inventory-service', operation: 'GET /api/v1/stock/{sku}', instances: inventory, selfMs: 8 },
          { service: 'kafka-broker', operation: 'Produce', clientOperation: 'orders send', instances: brokers, selfMs: 3 },
        ],
      },
    });
    generateTraces(ctx, {
      label: 'consume', everySeconds: 30,
      root: {
        service: 'orders-consumer', operation: 'orders process', instances: consumers, selfMs: 12,
        children: [
          { service: 'orders-db', operation: 'INSERT orders.orders', clientOperation: 'INSERT orders.orders', instances: ['orders-db-0'], selfMs: 3 },
          {
            service: 'kafka-broker', operation: 'OffsetCommit', clientOperation: 'orders commit', instances: [coordinator], selfMs: 4,
            fault: ({ t, random: r }) => (t >= commitSlowAt ? { extraSelfMs: r.between(650, 1000) } : undefined),
          },
        ],
      },
    });

    const lag = ctx.writer.observe({ service: 'orders-consumer', metric: 'kafka_consumer_lag_messages', at: timeline.alertAt, windowSeconds: 20, combine: 'sum' });
    const alert = alertmanagerAlert({
      labels: { alertname: 'KafkaConsumerGroupLagHigh', namespace: 'orders', service: 'orders-consumer', consumergroup: 'orders-consumer', topic: 'orders', severity: 'critical' },
      summary: 'Kafka consumer group orders-consumer is lagging',
      description: `consumer group orders-consumer is ${Math.round(lag)} messages behind on topic orders (threshold 5000) and the lag keeps growing.`,
      firedAt: timeline.alertAt,
      expr: 'sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup="orders-consumer"}) > 5000',
      runbook: 'kafka/consumer-lag',
    });
    return { alert };
  },
};
