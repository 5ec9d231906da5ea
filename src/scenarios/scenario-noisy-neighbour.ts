import { grafanaAlert } from './alert-formats';
import { emitLogs, fixed } from './log-lines';
import { addMetricSeries, addServiceMetrics, ramp, step } from './metric-series';
import { deploymentPods, statefulPods } from './pod-names';
import type { ScenarioDefinition } from './scenario-definition';
import { generateTraces } from './trace-generator';

const NODES = ['ip-10-0-1-17.ec2.internal', 'ip-10-0-2-88.ec2.internal', 'ip-10-0-3-41.ec2.internal'];

/**
 * search-api latency alert. A batch-reindexer Job starts on the node that also hosts one of the
 * two search-api pods and burns ~6 cores; the node's CPU saturates and that search-api pod is
 * throttled and slow while its sibling on another node stays fast. elasticsearch looks suspicious
 * (search-api logs timeouts to it, it logs GC warnings as always) but its server spans stay fast.
 */
export const noisyNeighbourScenario: ScenarioDefinition = {
  id: 'noisy-neighbour',
  title: 'Noisy neighbour: a batch job starves a search-api pod on the same node',
  description:
    'A batch-reindexer pod saturates the CPU of the node it shares with one search-api pod; that pod is throttled and search latency alerts. topology.json carries the instance-to-node placement.',
  startsAt: '2024-07-16T13:00:00Z',
  timeline: { alertDelaySeconds: 160 },
  topology: {
    services: ['web-frontend', 'search-api', 'elasticsearch', 'batch-reindexer', 'user-profile'],
    calls: [
      { from: 'web-frontend', to: 'search-api' },
      { from: 'web-frontend', to: 'user-profile' },
      { from: 'search-api', to: 'elasticsearch' },
      { from: 'batch-reindexer', to: 'elasticsearch' },
    ],
  },
  answer: {
    rootCause: {
      service: 'batch-reindexer',
      faultType: 'cpu',
      indicator: 'batch-reindexer uses ~6 cores on node ip-10-0-3-41; node_cpu_usage_percent saturates and the co-located search-api pod shows cpu_throttled_percent rising',
    },
    chain: [
      { service: 'search-api', kind: 'cpu-saturation' },
      { service: 'batch-reindexer', kind: 'noisy-neighbour' },
    ],
    notTheCause: ['elasticsearch'],
  },
  build(ctx) {
    const { random, timeline, writer } = ctx;
    const fault = timeline.faultAt;
    const jobAt = fault - 10;
    const names = random.fork('pods');
    const frontends = deploymentPods(names, 'web-frontend', 2);
    const search = deploymentPods(names, 'search-api', 2);
    const profiles = deploymentPods(names, 'user-profile', 2);
    const elastic = statefulPods('elasticsearch', 3);
    const job = [`batch-reindexer-28641840-${names.podSuffix(5)}`];
    const victim = search[1];
    const placement: Record<string, string> = {
      [frontends[0]]: NODES[0], [frontends[1]]: NODES[1], [search[0]]: NODES[0], [victim]: NODES[2],
      [elastic[0]]: NODES[0], [elastic[1]]: NODES[1], [elastic[2]]: NODES[1],
      [profiles[0]]: NODES[1], [profiles[1]]: NODES[2], [job[0]]: NODES[2],
    };
    const jobGap = [{ from: timeline.start, until: jobAt }];

    addServiceMetrics(ctx, {
      service: 'web-frontend', instances: frontends, cpuPercent: 22, memoryMiB: 350, requestsPerSecond: 50, latencyP90Seconds: 0.25, errorRatePercent: 0.3,
      effects: { latency_p90_seconds: [ramp(fault + 15, 30, { delta: 0.45 })] },
    });
    addServiceMetrics(ctx, {
      service: 'search-api', instances: search, cpuPercent: 55, memoryMiB: 760, requestsPerSecond: 25, latencyP90Seconds: 0.15, errorRatePercent: 0.2,
      effects: {
        latency_p90_seconds: [ramp(fault + 15, 30, { delta: 1.1 }, { instance: victim })],
        cpu_usage_percent: [step(fault + 10, { factor: 0.8 }, { instance: victim })],
        error_rate_percent: [step(fault + 30, { delta: 1.5 }, { instance: victim })],
      },
    });
    addMetricSeries(ctx, {
      service: 'search-api', instances: search, metric: 'cpu_throttled_percent', base: 1.5, noise: 0.3, max: 100,
      effects: [ramp(fault + 10, 30, { delta: 42 }, { instance: victim })],
    });
    addServiceMetrics(ctx, {
      service: 'user-profile', instances: profiles, cpuPercent: 12, memoryMiB: 300, requestsPerSecond: 30, latencyP90Seconds: 0.02, errorRatePercent: 0.1,
      effects: { latency_p90_seconds: [ramp(fault + 15, 30, { delta: 0.03 }, { instance: profiles[1] })] },
    });
    addServiceMetrics(ctx, { service: 'elasticsearch', instances: elastic, cpuPercent: 35, memoryMiB: 6144, requestsPerSecond: 30, latencyP90Seconds: 0.03, errorRatePercent: 0.05 });
    addMetricSeries(ctx, { service: 'elasticsearch', instances: elastic, metric: 'es_indexing_ops_per_second', base: 50, noise: 0.1, effects: [ramp(jobAt, 30, { factor: 6 })] });
    addServiceMetrics(ctx, {
      service: 'batch-reindexer', instances: job, cpuPercent: 5, memoryMiB: 1500, gaps: jobGap,
      effects: { cpu_usage_percent: [ramp(jobAt, 30, { delta: 635 })] },
    });
    for (const [node, base] of [[NODES[0], 45], [NODES[1], 40], [NODES[2], 42]] as const) {
      const pods = Object.keys(placement).filter((pod) => placement[pod] === node);
      for (const service of ['web-frontend', 'search-api', 'elasticsearch', 'batch-reindexer', 'user-profile']) {
        const instances = pods.filter((pod) => pod.startsWith(service));
        if (instances.length === 0) continue;
        addMetricSeries(ctx, {
          service, instances, metric: 'node_cpu_usage_percent', base, noise: 0.05, spread: 0, max: 100,
          effects: node === NODES[2] ? [ramp(jobAt, 30, { delta: 56 })] : [],
          gaps: service === 'batch-reindexer' ? jobGap : undefined,
        });
      }
    }

    writer.addEvent({ ts: jobAt - 2, service: 'batch-reindexer', reason: 'job-started', message: `CronJob batch-reindexer created Job batch-reindexer-28641840 (schedule "20 13 * * *")` });
    writer.addEvent({ ts: jobAt, service: 'batch-reindexer', instance: job[0], reason: 'scheduled', message: `Successfully assigned search/${job[0]} to ${NODES[2]}` });

    emitLogs(ctx, {
      label: 'background', service: 'search-api', instances: search, format: 'logback', everySeconds: 20,
      templates: [
        { level: 'INFO', logger: 'c.s.s.SearchController', weight: 8, message: (r) => `query q=${r.pick(['boots', 'tent', 'jacket', 'stove'])} hits=${r.int(0, 900)} took ${r.int(20, 140)} ms` },
        fixed('WARN', 'c.s.s.QueryParser', 'Query contains unsupported operator "~"; treating as literal'),
      ],
    });
    emitLogs(ctx, {
      label: 'slow', service: 'search-api', instances: [victim], format: 'logback', everySeconds: 5, from: fault + 20,
      templates: [
        { level: 'WARN', logger: 'c.s.s.SearchController', weight: 2, message: (r) => `Slow search request took ${r.int(900, 1900)} ms (threshold 500 ms)` },
        { level: 'ERROR', logger: 'c.s.s.ElasticClient', message: () => 'Search request to elasticsearch timed out after 1000 ms; returning partial results' },
      ],
    });
    emitLogs(ctx, {
      label: 'background', service: 'elasticsearch', instances: elastic, format: 'logback', everySeconds: 50,
      templates: [
        { level: 'WARN', logger: 'o.e.m.j.JvmGcMonitorService', message: (r) => `[gc][young][${r.int(10000, 99999)}] overhead, spent [${r.int(250, 420)}ms] collecting in the last [1s]` },
        { level: 'INFO', logger: 'o.e.c.m.MetadataMappingService', message: () => '[products-v41/kX2] update_mapping [_doc]' },
      ],
    });
    emitLogs(ctx, {
      label: 'reindex', service: 'batch-reindexer', instances: job, format: 'plain', everySeconds: 12, from: jobAt + 3,
      templates: [{ level: 'INFO', logger: 'reindexer', message: (r) => `Reindexed batch ${r.int(1, 400)}/400 (5000 docs) into products-v42` }],
    });
    emitLogs(ctx, {
      label: 'background', service: 'web-frontend', instances: frontends, format: 'plain', everySeconds: 25,
      templates: [
        { level: 'INFO', logger: 'web.http', weight: 6, message: (r) => `GET /search?q=${r.pick(['boots', 'tent', 'jacket'])} 200 ${r.int(80, 300)}ms` },
        fixed('ERROR', 'web.analytics', 'Analytics beacon rejected: 400 Bad Request', 0.5),
      ],
    });

    generateTraces(ctx, {
      label: 'search', everySeconds: 20,
      root: {
        service: 'web-frontend', operation: 'GET /search', instances: frontends, selfMs: 12,
        children: [
          { service: 'user-profile', operation: 'GET /api/profile', instances: profiles, selfMs: 5 },
          {
            service: 'search-api', operation: 'GET /api/search', instances: search, selfMs: 35,
            fault: ({ t, instance, random: r }) => (instance === victim && t >= fault + 15 ? { extraSelfMs: r.between(600, 1300) } : undefined),
            children: [{ service: 'elasticsearch', operation: 'POST /products/_search', clientOperation: 'HTTP POST', instances: elastic, selfMs: 18 }],
          },
        ],
      },
    });
    generateTraces(ctx, {
      label: 'reindex', everySeconds: 30, from: jobAt + 3,
      root: {
        service: 'batch-reindexer', operation: 'reindex batch', instances: job, selfMs: 400,
        children: [{ service: 'elasticsearch', operation: 'POST /_bulk', clientOperation: 'HTTP POST', instances: elastic, selfMs: 120 }],
      },
    });

    const p90 = writer.observe({ service: 'search-api', metric: 'latency_p90_seconds', at: timeline.alertAt, windowSeconds: 60, combine: 'max' });
    const usual = writer.observe({ service: 'search-api', metric: 'latency_p90_seconds', at: timeline.baseline.end, windowSeconds: 600, combine: 'max' });
    const alert = grafanaAlert({
      labels: { alertname: 'search-api latency p90', grafana_folder: 'Search SLOs', namespace: 'search', service: 'search-api', quantile: 'p90', severity: 'warning' },
      values: { A: p90, B: usual, C: 1 },
      description: `search-api p90 request latency is ${p90.toFixed(2)} s, ${(p90 / usual).toFixed(1)}x its 30-minute median of ${usual.toFixed(2)} s.`,
      summary: 'search-api p90 latency is high',
      firedAt: timeline.alertAt,
      ruleUid: 'search-api-latency',
      dashboardUid: 'search-slo',
    });
    return { alert, placement };
  },
};
