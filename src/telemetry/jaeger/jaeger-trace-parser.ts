import type { BackendSpan } from '../traces/trace-backend';

type Tag = { key?: string; type?: string; value?: unknown };
/** One trace of Jaeger's query API (the JSON its UI reads). */
export interface JaegerTraceJson {
  traceID?: string;
  spans?: Array<{
    traceID?: string;
    spanID?: string;
    operationName?: string;
    references?: Array<{ refType?: string; traceID?: string; spanID?: string }>;
    startTime?: number;
    duration?: number;
    tags?: Tag[];
    processID?: string;
  }>;
  processes?: Record<string, { serviceName?: string; tags?: Tag[] }>;
}

function tag(tags: Tag[] | undefined, key: string): unknown {
  return tags?.find((t) => t.key === key)?.value;
}

/** The spans of Jaeger traces: microsecond times, CHILD_OF parents, `error` / `otel.status_code` tags. */
export function spansOfJaeger(traces: JaegerTraceJson[]): BackendSpan[] {
  const out: BackendSpan[] = [];
  for (const trace of traces) {
    for (const span of trace.spans ?? []) {
      const traceId = span.traceID ?? trace.traceID;
      if (!traceId || !span.spanID || typeof span.startTime !== 'number') continue;
      const process = span.processID ? trace.processes?.[span.processID] : undefined;
      const parent = span.references?.find((r) => r.refType === 'CHILD_OF') ?? span.references?.[0];
      const instance = tag(process?.tags, 'k8s.pod.name') ?? tag(process?.tags, 'hostname') ?? tag(process?.tags, 'host.name');
      const node = tag(process?.tags, 'k8s.node.name');
      const errorTag = tag(span.tags, 'error');
      out.push({
        traceId: traceId.toLowerCase(),
        spanId: span.spanID.toLowerCase(),
        parentSpanId: parent?.spanID ? parent.spanID.toLowerCase() : null,
        service: process?.serviceName ?? 'unknown',
        ...(typeof instance === 'string' ? { instance } : {}),
        ...(typeof node === 'string' ? { node } : {}),
        operation: span.operationName ?? '',
        startMs: span.startTime / 1000,
        durationMs: (span.duration ?? 0) / 1000,
        error: errorTag === true || errorTag === 'true' || tag(span.tags, 'otel.status_code') === 'ERROR',
      });
    }
  }
  return out;
}
