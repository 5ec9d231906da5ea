import type { BackendSpan } from '../traces/trace-backend';

type Attribute = { key?: string; value?: { stringValue?: string; intValue?: string | number } };
interface OtlpSpanJson {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  status?: { code?: string | number };
}
interface ResourceSpansJson {
  resource?: { attributes?: Attribute[] };
  scopeSpans?: Array<{ spans?: OtlpSpanJson[] }>;
  instrumentationLibrarySpans?: Array<{ spans?: OtlpSpanJson[] }>;
}
/** Tempo's `/api/traces/<id>` (`batches`), its v2 (`trace.resourceSpans`) and plain OTLP/JSON (`resourceSpans`). */
export interface OtlpTraceJson {
  batches?: ResourceSpansJson[];
  resourceSpans?: ResourceSpansJson[];
  trace?: { resourceSpans?: ResourceSpansJson[] };
}

/**
 * Hex of a trace or span id: OTLP/JSON writes hex, Tempo's trace-by-id JSON writes the bytes in
 * base64. A 16- or 32-character hex string is taken as hex; anything else is decoded as base64.
 */
export function hexId(id: string): string {
  if (/^[0-9a-f]{16}$|^[0-9a-f]{32}$/i.test(id)) return id.toLowerCase();
  const bytes = Buffer.from(id, 'base64');
  return bytes.length > 0 ? bytes.toString('hex') : id.toLowerCase();
}

function attribute(attributes: Attribute[] | undefined, key: string): string | undefined {
  const value = attributes?.find((a) => a.key === key)?.value;
  if (value?.stringValue !== undefined) return value.stringValue;
  return value?.intValue !== undefined ? String(value.intValue) : undefined;
}

/** Every span of an OTLP/JSON trace document (as Tempo returns them), with its service and pod. */
export function spansOfOtlp(document: OtlpTraceJson): BackendSpan[] {
  const resources = document.batches ?? document.resourceSpans ?? document.trace?.resourceSpans ?? [];
  const out: BackendSpan[] = [];
  for (const resource of resources) {
    const attributes = resource.resource?.attributes;
    const service = attribute(attributes, 'service.name') ?? 'unknown';
    const instance = attribute(attributes, 'k8s.pod.name') ?? attribute(attributes, 'service.instance.id') ?? attribute(attributes, 'host.name');
    const node = attribute(attributes, 'k8s.node.name');
    for (const scope of [...(resource.scopeSpans ?? []), ...(resource.instrumentationLibrarySpans ?? [])]) {
      for (const span of scope.spans ?? []) {
        if (!span.traceId || !span.spanId || span.startTimeUnixNano === undefined) continue;
        const start = BigInt(span.startTimeUnixNano);
        const end = span.endTimeUnixNano === undefined ? start : BigInt(span.endTimeUnixNano);
        const parent = span.parentSpanId ? hexId(span.parentSpanId) : null;
        out.push({
          traceId: hexId(span.traceId),
          spanId: hexId(span.spanId),
          parentSpanId: parent && !/^0+$/.test(parent) ? parent : null,
          service,
          ...(instance ? { instance } : {}),
          ...(node ? { node } : {}),
          operation: span.name ?? '',
          startMs: Number(start / 1000n) / 1000,
          durationMs: Number(end - start) / 1e6,
          error: span.status?.code === 'STATUS_CODE_ERROR' || span.status?.code === 2,
        });
      }
    }
  }
  return out;
}
