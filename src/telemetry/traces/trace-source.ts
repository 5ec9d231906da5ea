import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import type { SpanRecord } from '../../core/telemetry/query-results';
import { CallStatsParamsSchema, OperationShapeParamsSchema, SpanSearchParamsSchema, SpanStatsParamsSchema, TelemetryQuerySchema, TopologyParamsSchema, type QueryParams, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { rangeMs, timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { SpanIndexBuilder, type SpanIndex } from '../bundle/span-index';
import { runOperationShape } from '../bundle/operation-shape';
import { runCallStats, runSpanStats } from '../bundle/span-statistics';
import { derivedTopology } from '../bundle/topology-reader';
import { toEvidence, type AnswerSummary } from '../evidence-record';
import type { QueryResultData } from '../../core/telemetry/query-results';
import type { SpanLookup } from './span-lookup';
import type { BackendSpan, TraceBackend, TraceRead } from './trace-backend';

export interface TraceSourceOptions {
  id: string;
  kind: string;
  backend: TraceBackend;
  /** Most traces read for one period (default 500); more means statistics from a sample, and the evidence says so. */
  maxTraces?: number;
  now?: () => Date;
}

interface Answer extends AnswerSummary {
  queryText: string;
  data?: QueryResultData;
  link?: { service?: string; traceId?: string };
}

const READS_KEPT = 16;

/**
 * A TelemetrySource over a trace backend (Tempo, Jaeger): the traces of a period are read once
 * (capped), indexed like a bundle's spans, and answer `span_search`, `span_stats`, `call_stats`
 * and `topology` with the bundle's own analyses; the call graph comes from parent/child spans in
 * different services and says so. It is also the SpanLookup a log source joins lines with.
 */
export class TraceSource implements TelemetrySource, SpanLookup {
  readonly id: string;
  readonly kind: string;
  private readonly backend: TraceBackend;
  private readonly maxTraces: number;
  private readonly now: () => Date;
  private readonly reads = new Map<string, Promise<{ read: TraceRead; index: SpanIndex }>>();
  private counter = 0;

  constructor(options: TraceSourceOptions) {
    this.id = options.id;
    this.kind = options.kind;
    this.backend = options.backend;
    this.maxTraces = options.maxTraces ?? 500;
    this.now = options.now ?? (() => new Date());
  }

  capabilities(): QueryDescriptor[] {
    const from = `from ${this.backend.name} traces`;
    return [
      { name: 'span_search', description: `Spans ${from} starting in a range, by service, operation, trace id or minimum duration.`, params: SpanSearchParamsSchema },
      { name: 'span_stats', description: `Span count, p50/p90/p99, mean and self time per service or operation, ${from}.`, params: SpanStatsParamsSchema },
      { name: 'call_stats', description: `Per caller→callee edge: client vs server duration and the gap between them, ${from}.`, params: CallStatsParamsSchema },
      { name: 'operation_shape', description: `Per service operation: spans, failures, median duration and its direct calls (count, failures, median, start order), ${from}.`, params: OperationShapeParamsSchema },
      { name: 'topology', description: `The call graph derived ${from} (parent and child spans in different services).`, params: TopologyParamsSchema },
    ];
  }

  health(): Promise<SourceHealth> {
    return this.backend.health();
  }

  async catalog(options: { around?: TimeRange } = {}): Promise<SourceCatalog> {
    const services = await this.backend.services(options.around ?? this.lastHour());
    return { services: [...new Set(services)].sort(), metrics: {}, hasLogs: false, hasSpans: services.length > 0, hasEvents: false, hasTopology: services.length > 0 };
  }

  async spanIndex(range: TimeRange, signal?: AbortSignal): Promise<SpanIndex | undefined> {
    return (await this.readRange(range, undefined, signal)).index;
  }

  async run(query: TelemetryQuery, options: { signal?: AbortSignal } = {}): Promise<QueryOutcome> {
    const startedAt = this.now();
    const parsed = TelemetryQuerySchema.safeParse(query);
    const name = typeof (query as { name?: unknown })?.name === 'string' ? (query as { name: string }).name : 'unknown';
    let answer: Answer;
    let range = this.lastHour();
    let parameters: Record<string, unknown> = {};
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(query)'}: ${issue.message}`).join('; ');
      answer = { status: 'error', summary: `invalid ${name} query: ${issues}; fix the parameters and retry`, digest: {}, queryText: `${name} (not run)` };
    } else {
      parameters = { ...parsed.data.params };
      range = ('range' in parsed.data.params && parsed.data.params.range) || range;
      try {
        answer = await this.answer(parsed.data, range, options.signal);
      } catch (error) {
        answer = { status: 'error', summary: (error as Error).message, digest: {}, queryText: this.backend.searchText(range), link: {} };
      }
    }
    const links = answer.link ? [this.backend.link(range, answer.link)] : [];
    const evidence = toEvidence({ id: `T${++this.counter}`, sourceId: this.id, queryName: parsed.success ? parsed.data.name : name, queryText: answer.queryText, parameters, timeRange: range, startedAt, finishedAt: this.now(), links }, answer);
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }

  private async answer(query: TelemetryQuery, range: TimeRange, signal?: AbortSignal): Promise<Answer> {
    if (query.name === 'span_search' && query.params.traceId) return this.traceById(query.params, signal);
    if (query.name !== 'span_search' && query.name !== 'span_stats' && query.name !== 'call_stats' && query.name !== 'operation_shape' && query.name !== 'topology') {
      return { status: 'error', summary: `${query.name} is not a query this ${this.backend.name} source answers; it answers span_search, span_stats, call_stats, operation_shape and topology`, digest: {}, queryText: `${query.name} (not run)` };
    }
    // A service's own traces cover its calls (as caller and callee) best under the cap.
    const service = query.name === 'span_search' || query.name === 'span_stats' || query.name === 'operation_shape' ? query.params.service : query.name === 'call_stats' ? query.params.callee ?? query.params.caller : undefined;
    const { read, index } = await this.readRange(range, service, signal);
    const base = { queryText: read.queryText, link: { service } };
    const sample = read.truncated ? ` (a sample: the first ${read.traces} traces, maxTraces)` : '';
    const failed = read.failures.length > 0 ? `; ${read.failures.length} traces could not be read (${read.failures[0]})` : '';
    const readDigest = { traces: read.traces, ...(read.truncated ? { truncated: 1 } : {}), ...(read.failures.length > 0 ? { failedTraces: read.failures.length } : {}) };
    if (index.count === 0) return { ...base, status: 'no_data', summary: `no traces${service ? ` of ${service}` : ''} in ${range.start} → ${range.end}${failed}`, digest: readDigest };
    const named = [query.name === 'call_stats' ? query.params.caller : undefined, query.name === 'call_stats' ? query.params.callee : service].filter((s): s is string => s !== undefined);
    const missing = named.find((s) => !index.serviceNames.includes(s));
    if (missing) return { ...base, status: 'no_data', summary: `service "${missing}" recorded no spans in ${this.backend.name} in ${range.start} → ${range.end}`, digest: readDigest };
    let answer: AnswerSummary & { data?: QueryResultData };
    if (query.name === 'span_stats') answer = runSpanStats(index, query.params);
    else if (query.name === 'call_stats') answer = runCallStats(index, query.params);
    else if (query.name === 'operation_shape') answer = runOperationShape(index, query.params);
    else if (query.name === 'span_search') answer = searchSpans(read.spans, query.params);
    else {
      // OpenTelemetry's k8s.node.name resource attribute places each pod on its node.
      const placement = Object.fromEntries(read.spans.filter((s) => s.instance && s.node).map((s) => [s.instance!, s.node!]));
      const placed = Object.keys(placement).length;
      const data = { ...derivedTopology(index), ...(placed > 0 ? { placement } : {}) };
      answer = data.calls.length === 0
        ? { status: 'no_data', summary: `no calls between services in ${read.traces} traces from ${this.backend.name}`, digest: {} }
        : { status: 'ok', summary: `call graph derived from ${read.traces} traces in ${this.backend.name} (${this.id}): ${data.services.length} services, ${data.calls.length} calls${placed > 0 ? `, ${placed} pods placed on nodes (k8s.node.name)` : ''}`, digest: { services: data.services.length, calls: data.calls.length, placedInstances: placed }, data };
    }
    return { ...base, ...answer, summary: `${answer.summary}${sample}${failed}`, digest: { ...answer.digest, ...readDigest } };
  }

  private async traceById(params: QueryParams<'span_search'>, signal?: AbortSignal): Promise<Answer> {
    const traceId = params.traceId!;
    const base = { queryText: `trace ${traceId}`, link: { traceId } };
    const spans = await this.backend.trace(traceId, signal);
    if (!spans || spans.length === 0) return { ...base, status: 'no_data', summary: `${this.backend.name} has no trace ${traceId}`, digest: {} };
    return { ...base, ...searchSpans(spans, { ...params, range: timeRange(0, 8.64e15) }) };
  }

  private readRange(range: TimeRange, service: string | undefined, signal?: AbortSignal): Promise<{ read: TraceRead; index: SpanIndex }> {
    const key = `${range.start}\u0000${range.end}\u0000${service ?? ''}`;
    const cached = this.reads.get(key);
    if (cached) return cached;
    const pending = this.backend.read(range, service, this.maxTraces, signal).then((read) => {
      const builder = new SpanIndexBuilder();
      for (const span of read.spans) builder.add(span);
      return { read, index: builder.build() };
    });
    this.reads.set(key, pending);
    pending.catch(() => this.reads.delete(key));
    while (this.reads.size > READS_KEPT) this.reads.delete(this.reads.keys().next().value as string);
    return pending;
  }

  private lastHour(): TimeRange {
    const end = this.now().getTime();
    return timeRange(end - 60 * 60_000, end);
  }
}

/** `span_search` over read spans: start in range, by service, operation, trace and minimum duration. */
function searchSpans(spans: BackendSpan[], params: QueryParams<'span_search'>): AnswerSummary & { data?: QueryResultData } {
  const { startMs, endMs } = rangeMs(params.range);
  const matched = spans
    .filter((s) => s.startMs >= startMs && s.startMs <= endMs)
    .filter((s) => (params.service === undefined || s.service === params.service) && (params.operation === undefined || s.operation === params.operation))
    .filter((s) => (params.traceId === undefined || s.traceId === params.traceId) && (params.minDurationMs === undefined || s.durationMs >= params.minDurationMs))
    .sort((a, b) => a.startMs - b.startMs);
  if (matched.length === 0) return { status: 'no_data', summary: 'no spans matched', digest: { spans: 0 } };
  const records: SpanRecord[] = matched.slice(0, params.limit).map((s) => ({
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    service: s.service,
    ...(s.instance ? { instance: s.instance } : {}),
    operation: s.operation,
    start: new Date(s.startMs).toISOString(),
    durationMs: Math.round(s.durationMs * 1000) / 1000,
    ...(s.error ? { error: true } : {}),
  }));
  return { status: 'ok', summary: `${matched.length} spans matched, first ${records.length} returned`, digest: { spans: records.length, totalMatches: matched.length }, data: { kind: 'span_search', spans: records, totalMatches: matched.length } };
}
