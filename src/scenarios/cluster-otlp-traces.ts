import { isoToNanos } from './cluster-log-streams';

/** OTLP/JSON attribute (`{ key, value: { stringValue } }`). */
export interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string; boolValue?: boolean };
}

/** One OTLP/JSON span, as an OpenTelemetry SDK exports it (hex ids). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'SPAN_KIND_SERVER' | 'SPAN_KIND_CLIENT' | 'SPAN_KIND_INTERNAL';
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpAttribute[];
  status?: { code?: 'STATUS_CODE_UNSET' | 'STATUS_CODE_OK' | 'STATUS_CODE_ERROR'; message?: string };
}

/** The body of an OTLP/HTTP JSON trace export (`POST /v1/traces`). */
export interface OtlpTracesBody {
  resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }> }>;
}

interface BundleSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  instance?: string;
  operation: string;
  start: string;
  durationMs: number;
  error?: boolean;
}

const text = (key: string, value: string): OtlpAttribute => ({ key, value: { stringValue: value } });

/**
 * A bundle's `spans.jsonl` as the OTLP export of the cluster's pods: one resource per pod
 * (`service.name`, `k8s.pod.name`, `k8s.namespace.name`, and `k8s.node.name` from `placement`
 * as the Kubernetes attributes processor adds it), spans with hex ids, a kind (server for
 * a span whose parent is in another service or absent, client for a call out of the same service)
 * and an error status where the span failed.
 */
export function otlpTracesOf(spansJsonl: string, namespace: string, placement: Record<string, string> = {}): OtlpTracesBody {
  const spans = spansJsonl.split('\n').filter((t) => t.trim() !== '').map((t) => JSON.parse(t) as BundleSpan);
  const serviceOf = new Map(spans.map((s) => [`${s.traceId}\u0000${s.spanId}`, s.service]));
  const resources = new Map<string, OtlpTracesBody['resourceSpans'][number]>();
  for (const span of spans) {
    const pod = span.instance ?? span.service;
    const key = `${span.service}\u0000${pod}`;
    let resource = resources.get(key);
    if (!resource) {
      const node = placement[pod];
      const attributes = [text('service.name', span.service), text('k8s.pod.name', pod), text('k8s.namespace.name', namespace), ...(node ? [text('k8s.node.name', node)] : [])];
      resource = { resource: { attributes }, scopeSpans: [{ scope: { name: 'causa-scenarios' }, spans: [] }] };
      resources.set(key, resource);
    }
    const start = BigInt(isoToNanos(span.start));
    const parentService = span.parentSpanId === null ? undefined : serviceOf.get(`${span.traceId}\u0000${span.parentSpanId}`);
    resource.scopeSpans[0].spans.push({
      traceId: span.traceId,
      spanId: span.spanId,
      ...(span.parentSpanId === null ? {} : { parentSpanId: span.parentSpanId }),
      name: span.operation,
      kind: parentService === undefined || parentService !== span.service ? 'SPAN_KIND_SERVER' : 'SPAN_KIND_CLIENT',
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + BigInt(Math.round(span.durationMs * 1e6))).toString(),
      ...(span.error ? { status: { code: 'STATUS_CODE_ERROR' as const } } : { status: {} }),
    });
  }
  return { resourceSpans: [...resources.values()] };
}
