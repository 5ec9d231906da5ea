import type { OtlpSpan, OtlpTracesBody } from '../../../src/scenarios/cluster-otlp-traces';
import { FakeHttpBackend, sendJson } from '../../fakes/fake-http-backend';

interface StoredSpan {
  span: OtlpSpan;
  resource: OtlpTracesBody['resourceSpans'][number]['resource'];
  service: string;
  startNs: bigint;
  endNs: bigint;
}

/** Spans of an OTLP export grouped by trace id. */
function tracesOf(body: OtlpTracesBody): Map<string, StoredSpan[]> {
  const traces = new Map<string, StoredSpan[]>();
  for (const resource of body.resourceSpans) {
    const service = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown';
    for (const scope of resource.scopeSpans) {
      for (const span of scope.spans) {
        const list = traces.get(span.traceId) ?? [];
        list.push({ span, resource: resource.resource, service, startNs: BigInt(span.startTimeUnixNano), endNs: BigInt(span.endTimeUnixNano) });
        traces.set(span.traceId, list);
      }
    }
  }
  return traces;
}

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/**
 * A local server speaking the parts of Grafana Tempo's HTTP API a trace source uses, with the
 * shapes of Tempo's documentation: `/ready`, `/api/status/buildinfo`, service tag values, TraceQL
 * search (`{ }` and `{ resource.service.name = "…" }`; anything else gets Tempo's parse error)
 * and trace by id in Tempo's JSON (`batches`, base64 ids). `failTraces` makes some trace fetches
 * fail with a 500, as a partial answer.
 */
export class FakeTempoServer extends FakeHttpBackend {
  readonly traces: Map<string, StoredSpan[]>;
  failTraces = new Set<string>();

  constructor(body: OtlpTracesBody) {
    super((request, response) => {
      if (request.path === '/ready') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('ready');
      if (request.path === '/api/status/buildinfo') return sendJson(response, 200, { version: '2.6.1', revision: '4b8a3f7', branch: 'HEAD', buildUser: '', buildDate: '', goVersion: 'go1.23.2' });
      if (request.path === '/api/search/tag/service.name/values') {
        const services = new Set(this.inRange(request.query).flatMap((spans) => spans.map((s) => s.service)));
        return sendJson(response, 200, { tagValues: [...services].sort(), metrics: { inspectedBytes: '1024' } });
      }
      if (request.path === '/api/search') {
        const q = request.query.get('q') ?? '{}';
        const match = /^\{\s*(?:resource\.service\.name\s*=\s*("(?:[^"\\]|\\.)*")\s*)?\}$/.exec(q.trim());
        if (!match) return void response.writeHead(400, { 'content-type': 'text/plain' }).end(`invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER`);
        const service = match[1] ? (JSON.parse(match[1]) as string) : undefined;
        const limit = Number(request.query.get('limit') ?? '20');
        const found = this.inRange(request.query).filter((spans) => service === undefined || spans.some((s) => s.service === service)).slice(0, limit);
        return sendJson(response, 200, {
          traces: found.map((spans) => {
            const root = spans.find((s) => !s.span.parentSpanId) ?? spans[0];
            const start = spans.reduce((min, s) => (s.startNs < min ? s.startNs : min), spans[0].startNs);
            const end = spans.reduce((max, s) => (s.endNs > max ? s.endNs : max), spans[0].endNs);
            const matched = spans.filter((s) => service === undefined || s.service === service);
            return {
              traceID: root.span.traceId,
              rootServiceName: root.service,
              rootTraceName: root.span.name,
              startTimeUnixNano: start.toString(),
              durationMs: Number((end - start) / 1_000_000n),
              spanSets: [{ spans: matched.slice(0, Number(request.query.get('spss') ?? '3')).map((s) => ({ spanID: s.span.spanId, startTimeUnixNano: s.startNs.toString(), durationNanos: (s.endNs - s.startNs).toString() })), matched: matched.length }],
            };
          }),
          metrics: { inspectedTraces: this.traces.size, inspectedBytes: '4096', totalBlocks: 1 },
        });
      }
      const byId = /^\/api\/traces\/([0-9a-fA-F]+)$/.exec(request.path);
      if (byId) {
        const spans = this.traces.get(byId[1].toLowerCase());
        if (this.failTraces.has(byId[1].toLowerCase())) return void response.writeHead(500, { 'content-type': 'text/plain' }).end('error querying ingesters in Querier.FindTraceByID: context deadline exceeded');
        if (!spans) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('trace not found');
        const batches = new Map<string, { resource: unknown; scopeSpans: Array<{ scope: { name: string }; spans: unknown[] }> }>();
        for (const s of spans) {
          const key = JSON.stringify(s.resource);
          if (!batches.has(key)) batches.set(key, { resource: s.resource, scopeSpans: [{ scope: { name: 'causa-scenarios' }, spans: [] }] });
          batches.get(key)!.scopeSpans[0].spans.push({ ...s.span, traceId: hexToBase64(s.span.traceId), spanId: hexToBase64(s.span.spanId), ...(s.span.parentSpanId ? { parentSpanId: hexToBase64(s.span.parentSpanId) } : {}) });
        }
        return sendJson(response, 200, { batches: [...batches.values()] });
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    });
    this.traces = tracesOf(body);
  }

  /** Traces overlapping [start, end] (unix seconds), oldest first. */
  inRange(query: URLSearchParams): StoredSpan[][] {
    const start = BigInt(query.get('start') ?? '0') * 1_000_000_000n;
    const end = BigInt(query.get('end') ?? '99999999999') * 1_000_000_000n;
    return [...this.traces.values()]
      .filter((spans) => spans.some((s) => s.endNs >= start && s.startNs <= end))
      .sort((a, b) => (a[0].startNs < b[0].startNs ? -1 : 1));
  }
}

/**
 * A local server speaking Jaeger's HTTP query API as its UI uses it: `/api/services`,
 * `/api/traces?service=…&start=…&end=…&limit=…` (microseconds; `service` required, as Jaeger
 * answers 400 without it) and `/api/traces/{id}`, in Jaeger's `{data, total, limit, offset,
 * errors}` envelope with `processes` and CHILD_OF references.
 */
export class FakeJaegerServer extends FakeHttpBackend {
  private readonly traces: Map<string, StoredSpan[]>;

  constructor(body: OtlpTracesBody) {
    super((request, response) => {
      const envelope = (data: unknown, errors: Array<{ code: number; msg: string }> | null = null) => ({ data, total: Array.isArray(data) ? data.length : 0, limit: 0, offset: 0, errors });
      if (request.path === '/api/services') return sendJson(response, 200, envelope([...new Set([...this.traces.values()].flat().map((s) => s.service))].sort()));
      if (request.path === '/api/traces') {
        const service = request.query.get('service');
        if (!service) return sendJson(response, 400, envelope(null, [{ code: 400, msg: "parameter 'service' is required" }]));
        const start = BigInt(request.query.get('start') ?? '0') * 1000n;
        const end = BigInt(request.query.get('end') ?? '99999999999999999') * 1000n;
        const limit = Number(request.query.get('limit') ?? '20');
        const found = [...this.traces.values()].filter((spans) => spans.some((s) => s.service === service && s.startNs >= start && s.startNs <= end)).slice(0, limit);
        return sendJson(response, 200, envelope(found.map((spans) => this.uiTrace(spans))));
      }
      const byId = /^\/api\/traces\/([0-9a-fA-F]+)$/.exec(request.path);
      if (byId) {
        const spans = this.traces.get(byId[1].toLowerCase());
        if (!spans) return sendJson(response, 404, envelope(null, [{ code: 404, msg: 'trace not found' }]));
        return sendJson(response, 200, envelope([this.uiTrace(spans)]));
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    });
    this.traces = tracesOf(body);
  }

  private uiTrace(spans: StoredSpan[]) {
    const processes: Record<string, { serviceName: string; tags: Array<{ key: string; type: string; value: string }> }> = {};
    const processOf = new Map<string, string>();
    for (const s of spans) {
      const key = JSON.stringify(s.resource);
      if (!processOf.has(key)) {
        const id = `p${processOf.size + 1}`;
        processOf.set(key, id);
        const pod = s.resource.attributes.find((a) => a.key === 'k8s.pod.name')?.value.stringValue;
        processes[id] = { serviceName: s.service, tags: pod ? [{ key: 'k8s.pod.name', type: 'string', value: pod }] : [] };
      }
    }
    return {
      traceID: spans[0].span.traceId,
      spans: spans.map((s) => ({
        traceID: s.span.traceId,
        spanID: s.span.spanId,
        flags: 1,
        operationName: s.span.name,
        references: s.span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: s.span.traceId, spanID: s.span.parentSpanId }] : [],
        startTime: Number(s.startNs / 1000n),
        duration: Number((s.endNs - s.startNs) / 1000n),
        tags: s.span.status?.code === 'STATUS_CODE_ERROR' ? [{ key: 'error', type: 'bool', value: true }] : [],
        logs: [],
        processID: processOf.get(JSON.stringify(s.resource)),
        warnings: null,
      })),
      processes,
      warnings: null,
    };
  }
}
