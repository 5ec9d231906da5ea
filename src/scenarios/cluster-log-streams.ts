/**
 * The built-in scenarios' logs as a cluster would ship them to Grafana Loki (the JSON body of
 * `POST /loki/api/v1/push`): one stream per pod with the labels a Kubernetes log agent sets
 * (`service_name`, `namespace`, `pod`, `container`), the line as the application wrote it, and
 * structured metadata as OpenTelemetry log exporters attach it (`trace_id`, `span_id`) plus the
 * `detected_level` Loki derives.
 */
export interface LokiPushBody {
  streams: Array<{ stream: Record<string, string>; values: Array<[string, string] | [string, string, Record<string, string>]> }>;
}

interface BundleLogLine {
  ts: string;
  service: string;
  instance?: string;
  level: string | null;
  message: string;
  traceId?: string | null;
  spanId?: string | null;
}

/** Nanoseconds since the epoch of an ISO time, as Loki writes them. */
export function isoToNanos(iso: string): string {
  const fraction = /\.(\d+)Z$/.exec(iso)?.[1] ?? '';
  const seconds = BigInt(Math.floor(Date.parse(iso.replace(/\.\d+Z$/, 'Z')) / 1000));
  return (seconds * 1_000_000_000n + BigInt((fraction + '000000000').slice(0, 9))).toString();
}

/** Converts a bundle's `logs.jsonl` text into Loki push streams for `namespace`. */
export function logStreamsOf(logsJsonl: string, namespace: string): LokiPushBody {
  const streams = new Map<string, LokiPushBody['streams'][number]>();
  for (const text of logsJsonl.split('\n')) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as BundleLogLine;
    const pod = line.instance ?? line.service;
    const key = `${line.service}\u0000${pod}`;
    let stream = streams.get(key);
    if (!stream) streams.set(key, (stream = { stream: { service_name: line.service, namespace, pod, container: line.service }, values: [] }));
    const metadata: Record<string, string> = {};
    if (line.level) metadata.detected_level = line.level.toLowerCase();
    if (line.traceId) metadata.trace_id = line.traceId;
    if (line.spanId) metadata.span_id = line.spanId;
    stream.values.push(Object.keys(metadata).length > 0 ? [isoToNanos(line.ts), line.message, metadata] : [isoToNanos(line.ts), line.message]);
  }
  return { streams: [...streams.values()] };
}
