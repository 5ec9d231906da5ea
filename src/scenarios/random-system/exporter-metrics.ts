import type { MetricRow } from '../bundle-writer';
import type { SimulationContext } from '../simulation-context';
import type { RandomSystem } from './random-topology';

/**
 * The rest of what a cluster's exporters give for every pod, derived from the series already
 * drawn so that they move together as they do in a real cluster: CPU in millicores (the rate
 * times the pod's limit), memory as a share of its limit, syscalls that follow its traffic, and
 * the metrics of the node it runs on (CPU, memory, network received), shared by every pod there.
 * A CPU hog therefore also lifts its node's CPU for its neighbours, and a service whose callers
 * stop calling sends and receives fewer bytes; the diagnosis has to read past both.
 */
export function addExporterMetrics(ctx: SimulationContext, system: RandomSystem): void {
  const { timeline, writer } = ctx;
  const random = ctx.random.fork('exporter metrics');
  const nodes = Array.from({ length: random.int(3, 5) }, () => ({ name: `node-10-0-${random.int(1, 9)}-${random.int(10, 250)}`, cores: random.pick([4, 8, 16]), baseCpu: random.between(8, 30), memory: random.between(30, 70) }));
  const pods = system.services.flatMap((service) => system.pods[service].map((pod) => ({ service, pod, node: random.pick(nodes), cpuLimit: random.pick([500, 1000, 2000]), headroom: random.between(1.5, 4), perCall: random.between(2, 12) })));
  const bucket = (t: number) => Math.floor((t - timeline.start) / timeline.stepSeconds);
  const series = new Map<string, Map<number, MetricRow>>();
  for (const row of writer.metrics) {
    if (!row.instance) continue;
    const key = `${row.metric}\t${row.instance}`;
    (series.get(key) ?? series.set(key, new Map()).get(key))?.set(bucket(row.timestamp), row);
  }
  const at = (metric: string, pod: string, b: number) => series.get(`${metric}\t${pod}`)?.get(b);
  const nodeCpu = new Map<string, number>();
  const nodeBytes = new Map<string, number>();
  const sum = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
  for (const p of pods) {
    for (const [b, cpu] of series.get(`cpu_usage_rate_percent\t${p.pod}`) ?? []) {
      const millicores = (cpu.value / 100) * p.cpuLimit;
      writer.addMetric({ ...cpu, metric: 'cpu_usage_millicores', value: millicores });
      sum(nodeCpu, `${p.node.name}\t${b}`, millicores);
      sum(nodeBytes, `${p.node.name}\t${b}`, at('network_receive_bytes_per_second', p.pod, b)?.value ?? 0);
    }
    const memory = [...(series.get(`memory_usage_mebibytes\t${p.pod}`)?.values() ?? [])];
    // Limits are set with headroom over what the pod uses, in the usual power-of-two steps.
    const limit = memory.length > 0 ? 2 ** Math.ceil(Math.log2(memory[0].value * p.headroom)) : 1024;
    for (const row of memory) writer.addMetric({ ...row, metric: 'memory_usage_rate_percent', value: (100 * row.value) / limit });
    for (const [b, ops] of series.get(`workload_ops_per_second\t${p.pod}`) ?? []) {
      const calls = ops.value * timeline.stepSeconds * p.perCall;
      writer.addMetric({ ...ops, metric: 'syscall_read_count', value: Math.round((calls + random.between(50, 120)) * (1 + 0.05 * random.normal())) });
      writer.addMetric({ ...ops, metric: 'syscall_write_count', value: Math.round((calls * 0.8 + random.between(40, 100)) * (1 + 0.05 * random.normal())) });
    }
  }
  for (const p of pods) {
    for (const [b, cpu] of series.get(`cpu_usage_rate_percent\t${p.pod}`) ?? []) {
      const key = `${p.node.name}\t${b}`;
      const row = { timestamp: cpu.timestamp, service: p.service, instance: p.pod };
      // Other tenants of the node (system daemons, pods of other namespaces) keep it busy too.
      const cpuShare = p.node.baseCpu * (1 + 0.04 * random.normal()) + (100 * (nodeCpu.get(key) ?? 0)) / (p.node.cores * 1000);
      writer.addMetric({ ...row, metric: 'node_cpu_usage_rate_percent', value: Math.min(100, cpuShare) });
      writer.addMetric({ ...row, metric: 'node_memory_usage_rate_percent', value: p.node.memory * (1 + 0.005 * random.normal()) });
      writer.addMetric({ ...row, metric: 'node_network_receive_bytes_per_second', value: (nodeBytes.get(key) ?? 0) + 50_000 * (1 + 0.1 * random.normal()) });
    }
  }
}
