import type { MetricRow, SimulatedSpan } from '../bundle-writer';
import { quantile } from '../../core/analysis/robust-statistics';
import type { SeededRandom } from '../seeded-random';

/**
 * The per-pod request metrics a service mesh or client library exports, computed from the
 * requests themselves rather than drawn separately: per scrape interval, the p90 of the pod's
 * server spans (`server_latency_p90_seconds`), of the calls it made to other services
 * (`client_latency_p90_seconds`) and its request rate (`workload_ops_per_second`); for the entry
 * point, the p90 of its requests and their success rate. A fault therefore shows in the metrics
 * exactly as much as it does in the requests, whichever service it strikes. Like a real exporter,
 * it also gives the p95 and p99 beside each p90, the entry point's p50, and each pod's network
 * bytes received and sent (its requests and answers, and those of the calls it makes).
 */
export function requestMetrics(spans: readonly SimulatedSpan[], options: { start: number; end: number; stepSeconds: number; entry: string; random: SeededRandom }): MetricRow[] {
  const { start, end, stepSeconds, entry, random } = options;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const bucket = (t: number) => Math.floor((t - start) / stepSeconds);
  const server = new Map<string, number[]>();
  const client = new Map<string, number[]>();
  const entryRequests = new Map<number, { durations: number[]; failed: number }>();
  const bytes = new Map<string, { received: number; sent: number }>();
  const size = new Map<string, { request: number; answer: number }>();
  const sizes = random.fork('message sizes');
  const sizeOf = (service: string) => size.get(service) ?? size.set(service, { request: sizes.between(200, 2000), answer: sizes.between(300, 20000) }).get(service)!;
  const count = (service: string, instance: string | undefined, b: number, received: number, sent: number) => {
    const key = `${service}\t${instance ?? ''}\t${b}`;
    const total = bytes.get(key) ?? bytes.set(key, { received: 0, sent: 0 }).get(key)!;
    total.received += received;
    total.sent += sent;
  };
  const add = (map: Map<string, number[]>, key: string, value: number) => (map.get(key) ?? map.set(key, []).get(key))?.push(value);
  for (const span of spans) {
    const parent = span.parentSpanId === null ? undefined : byId.get(span.parentSpanId);
    if (parent && parent.service === span.service) continue;
    const b = bucket(span.t);
    add(server, `${span.service}\t${span.instance ?? ''}\t${b}`, span.durationMs);
    const message = sizeOf(span.service);
    count(span.service, span.instance, b, message.request, message.answer);
    if (parent) {
      add(client, `${parent.service}\t${parent.instance ?? ''}\t${bucket(parent.t)}`, parent.durationMs);
      count(parent.service, parent.instance, bucket(parent.t), message.answer, message.request);
    }
    if (!parent && span.service === entry) {
      const request = entryRequests.get(b) ?? { durations: [], failed: 0 };
      request.durations.push(span.durationMs);
      if (span.error) request.failed += 1;
      entryRequests.set(b, request);
    }
  }
  const rows: MetricRow[] = [];
  const jitter = () => 1 + 0.03 * random.normal();
  const extra = random.fork('tail quantiles');
  const tailJitter = () => 1 + 0.03 * extra.normal();
  const at = (b: number) => start + (b + 1) * stepSeconds;
  const tails = (row: Omit<MetricRow, 'metric' | 'value'>, side: 'server' | 'client', durations: number[]) => {
    for (const q of [95, 99]) rows.push({ ...row, metric: `${side}_latency_p${q}_seconds`, value: (quantile(durations, q / 100) / 1000) * tailJitter() });
  };
  for (const [key, durations] of server) {
    const [service, instance, b] = key.split('\t');
    if (at(Number(b)) > end) continue;
    rows.push({ timestamp: at(Number(b)), service, instance, metric: 'server_latency_p90_seconds', value: (quantile(durations, 0.9) / 1000) * jitter() });
    rows.push({ timestamp: at(Number(b)), service, instance, metric: 'workload_ops_per_second', value: (durations.length / stepSeconds) * jitter() });
    tails({ timestamp: at(Number(b)), service, instance }, 'server', durations);
  }
  for (const [key, durations] of client) {
    const [service, instance, b] = key.split('\t');
    if (at(Number(b)) > end) continue;
    rows.push({ timestamp: at(Number(b)), service, instance, metric: 'client_latency_p90_seconds', value: (quantile(durations, 0.9) / 1000) * jitter() });
    tails({ timestamp: at(Number(b)), service, instance }, 'client', durations);
  }
  // Probes, metric scrapes and the mesh's own chatter: every pod sends and receives some bytes per second.
  const background = new Map<string, number>();
  const chatter = (pod: string) => background.get(pod) ?? background.set(pod, sizes.between(300, 3000)).get(pod)!;
  for (const [key, total] of bytes) {
    const [service, instance, b] = key.split('\t');
    if (at(Number(b)) > end) continue;
    const floor = chatter(`${service}\t${instance}`);
    rows.push({ timestamp: at(Number(b)), service, instance, metric: 'network_receive_bytes_per_second', value: (total.received / stepSeconds + floor) * tailJitter() });
    rows.push({ timestamp: at(Number(b)), service, instance, metric: 'network_transmit_bytes_per_second', value: (total.sent / stepSeconds + floor) * tailJitter() });
  }
  for (const [b, request] of entryRequests) {
    if (at(b) > end) continue;
    rows.push({ timestamp: at(b), service: entry, instance: '', metric: 'latency_p90_seconds', value: quantile(request.durations, 0.9) / 1000 });
    rows.push({ timestamp: at(b), service: entry, instance: '', metric: 'success_rate_percent', value: (100 * (request.durations.length - request.failed)) / request.durations.length });
    for (const q of [50, 95, 99]) rows.push({ timestamp: at(b), service: entry, instance: '', metric: `latency_p${q}_seconds`, value: quantile(request.durations, q / 100) / 1000 });
  }
  return rows.sort((a, b) => a.timestamp - b.timestamp);
}

/** Requests each pod served per scrape interval (for CPU that follows load). */
export function podLoad(rows: readonly MetricRow[]): Map<string, Map<number, number>> {
  const load = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (row.metric !== 'workload_ops_per_second') continue;
    const key = `${row.service}\t${row.instance}`;
    (load.get(key) ?? load.set(key, new Map()).get(key))?.set(row.timestamp, row.value);
  }
  return load;
}
