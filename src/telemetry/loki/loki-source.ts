import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import { LogSearchParamsSchema, LogTemplateCountsParamsSchema, TelemetryQuerySchema, type QueryParams, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { rangeMs, timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { toEvidence, type AnswerSummary } from '../evidence-record';
import { grafanaExploreLink, type GrafanaExploreTarget } from '../grafana/grafana-explore-link';
import { BackendRequestError } from '../http/backend-request-error';
import { JsonHttpClient } from '../http/json-http-client';
import type { SpanLookup } from '../traces/span-lookup';
import { DEFAULT_OPERATION_FIELDS, lineFields } from './log-fields';
import { readEntries, type EntryPage } from './loki-entries';
import { countTemplates, type ReadLine } from './loki-template-counts';
import { logQuery, streamSelector } from './logql';
import type { QueryResultData } from '../../core/telemetry/query-results';

export interface LokiSourceOptions {
  url: string;
  id?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** The stream label that names a line's service (default `service_name`, which Loki 3 fills in). */
  serviceLabel?: string;
  /** The label that names the instance (default `pod`). */
  instanceLabel?: string;
  /** Extra stream matchers every query carries, e.g. `{ namespace: "shop" }`. */
  selector?: Record<string, string>;
  /** `auto` (default) parses JSON and logfmt lines here; `json` / `logfmt` add Loki's parser stage. */
  format?: 'auto' | 'json' | 'logfmt' | 'raw';
  /** Fields that name the operation a line belongs to, when the application logs one. */
  operationFields?: string[];
  /** Most lines read for one query (default 50 000); a query that hits it says its counts are partial. */
  maxLines?: number;
  /** Lines per `query_range` request (default 5000, Loki's usual `max_entries_limit_per_query`). */
  pageSize?: number;
  /** Grafana Explore, where evidence links open (else they open the Loki API request itself). */
  grafana?: GrafanaExploreTarget;
  /** Spans of a trace backend, to join lines to the operations they were written in. */
  spans?: SpanLookup;
  now?: () => Date;
}

interface Answer extends AnswerSummary {
  queryText: string;
  parameters: Record<string, unknown>;
  timeRange: TimeRange;
  data?: QueryResultData;
}

/** Reads of the same query and range within one investigation are shared. */
const CACHE_ENTRIES = 12;
const DEFAULT_LOOKBACK_MS = 60 * 60_000;

/**
 * A TelemetrySource over Grafana Loki's HTTP API: `log_search` and `log_template_counts` from
 * LogQL `query_range` reads (paged, capped), templates mined exactly as over a bundle, services
 * from the values of the service label. Every evidence record carries the exact LogQL and a link
 * into Grafana Explore; failures (unreachable, 401/403, HTML instead of JSON, a timeout, Loki's
 * own error) come back as error evidence saying so.
 */
export class LokiSource implements TelemetrySource {
  readonly id: string;
  readonly kind = 'loki';
  private readonly client: JsonHttpClient;
  private readonly serviceLabel: string;
  private readonly instanceLabel: string;
  private readonly format: NonNullable<LokiSourceOptions['format']>;
  private readonly operationFields: readonly string[];
  private readonly now: () => Date;
  private readonly cache = new Map<string, Promise<EntryPage>>();
  private counter = 0;

  constructor(private readonly options: LokiSourceOptions) {
    this.id = options.id ?? 'loki';
    this.client = new JsonHttpClient({ name: 'Loki', url: options.url, timeoutMs: options.timeoutMs ?? 10_000, headers: options.headers, exampleUrl: 'http://loki:3100' });
    this.serviceLabel = options.serviceLabel ?? 'service_name';
    this.instanceLabel = options.instanceLabel ?? 'pod';
    this.format = options.format ?? 'auto';
    this.operationFields = options.operationFields ?? DEFAULT_OPERATION_FIELDS;
    this.now = options.now ?? (() => new Date());
  }

  capabilities(): QueryDescriptor[] {
    return [
      { name: 'log_search', description: `Log lines from Loki (LogQL over ${this.serviceLabel}) by service, level, case-insensitive text or regex; the first \`limit\` and the total.`, params: LogSearchParamsSchema },
      {
        name: 'log_template_counts',
        description: 'Counts of log templates (variable parts masked) per service and level from Loki; groupBy=operation splits them by the operation of each line\'s span (or its operation field).',
        params: LogTemplateCountsParamsSchema,
      },
    ];
  }

  async health(): Promise<SourceHealth> {
    try {
      // Build info first: it is JSON, so a wrong URL (a UI, a login page) shows here; old versions lack it (404).
      const info = await this.client.getJson<{ version?: string }>('/loki/api/v1/status/buildinfo').catch((error: unknown) => {
        if (error instanceof BackendRequestError && error.failure === 'http' && error.status === 404) return {} as { version?: string };
        throw error;
      });
      const ready = await this.client.get('/ready');
      const version = info.version ? `Loki ${info.version}` : 'Loki';
      if (ready.status !== 200) return { ok: false, message: `${version} at ${this.client.base} is not ready (${ready.status}): ${ready.text.trim().slice(0, 200)}` };
      return { ok: true, message: `${version} at ${this.client.base} is ready` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  /** Services: the values of the service label with lines around the period. Rejects when Loki cannot be read. */
  async catalog(options: { around?: TimeRange } = {}): Promise<SourceCatalog> {
    const range = options.around ?? this.lastHour();
    const { startMs, endMs } = rangeMs(range);
    const params: Array<[string, string]> = [['start', `${startMs}000000`], ['end', `${endMs}000000`]];
    if (this.options.selector && Object.keys(this.options.selector).length > 0) params.push(['query', streamSelector(this.serviceLabel, undefined, this.options.selector)]);
    const body = await this.client.getJson<{ status?: string; data?: string[] | null }>(`/loki/api/v1/label/${encodeURIComponent(this.serviceLabel)}/values`, params);
    const services = [...new Set((body.data ?? []).filter((s) => typeof s === 'string' && s !== ''))].sort();
    return { services, metrics: {}, hasLogs: services.length > 0, hasSpans: false, hasEvents: false, hasTopology: false };
  }

  async run(query: TelemetryQuery, options: { signal?: AbortSignal } = {}): Promise<QueryOutcome> {
    const startedAt = this.now();
    const parsed = TelemetryQuerySchema.safeParse(query);
    const name = typeof (query as { name?: unknown })?.name === 'string' ? (query as { name: string }).name : 'unknown';
    let answer: Answer;
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(query)'}: ${issue.message}`).join('; ');
      answer = this.notRun(name, `invalid ${name} query: ${issues}; fix the parameters and retry`);
    } else if (parsed.data.name === 'log_search' || parsed.data.name === 'log_template_counts') {
      answer = await this.answerLogs(parsed.data, options.signal);
    } else {
      answer = this.notRun(parsed.data.name, `${parsed.data.name} is not a query this Loki source answers; it answers log_search and log_template_counts`);
    }
    const links = answer.queryText.endsWith('(not run)') ? [] : [this.linkOf(answer.queryText, answer.timeRange)];
    const evidence = toEvidence(
      { id: `L${++this.counter}`, sourceId: this.id, queryName: parsed.success ? parsed.data.name : name, queryText: answer.queryText, parameters: answer.parameters, timeRange: answer.timeRange, startedAt, finishedAt: this.now(), links },
      answer,
    );
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }

  private async answerLogs(query: Extract<TelemetryQuery, { name: 'log_search' | 'log_template_counts' }>, signal?: AbortSignal): Promise<Answer> {
    const params = query.params;
    const filters = query.name === 'log_search' ? { text: query.params.text, regex: query.params.regex } : {};
    const logql = logQuery(streamSelector(this.serviceLabel, params.service, this.options.selector ?? {}), filters, this.format);
    const base = { queryText: logql, parameters: { ...params }, timeRange: params.range };
    let page: EntryPage;
    try {
      page = await this.read(logql, params.range, signal);
    } catch (error) {
      return { ...base, status: 'error', summary: (error as Error).message, digest: {} };
    }
    const lines = page.entries.map((e): ReadLine => {
      const instance = e.labels[this.instanceLabel];
      return { tsMs: e.tsMs, service: e.labels[this.serviceLabel] ?? 'unknown', ...(instance ? { instance } : {}), ...lineFields(e.line, e.labels, this.operationFields) };
    });
    const partial = page.truncated ? ` (partial: stopped at the first ${page.entries.length} lines, maxLines)` : '';
    if (query.name === 'log_search') return { ...base, ...this.search(lines, query.params, partial) };
    if (lines.length === 0) return { ...base, status: 'no_data', summary: `no log lines for ${logql} in ${params.range.start} → ${params.range.end}`, digest: { lines: 0, requests: page.requests } };
    const spans = query.params.groupBy === 'operation' || this.options.spans ? await this.options.spans?.spanIndex(params.range, signal).catch(() => undefined) : undefined;
    const { data, joined } = countTemplates(lines, query.params, spans);
    const counted = data.templates.reduce((sum, t) => sum + t.count, 0);
    const services = Object.keys(data.linesPerService).length;
    const top = data.templates[0];
    const join = query.params.groupBy === 'operation' ? `; ${joined} lines joined to spans${spans ? '' : ' (no trace source to join with)'}` : '';
    return {
      ...base,
      status: 'ok',
      summary: `${counted} ${query.params.level ?? ''}${query.params.level ? ' ' : ''}log lines in ${data.templates.length} templates across ${services} services${join}${partial}` + (top ? `; top: ${top.service} "${top.template.slice(0, 120)}" ×${top.count}` : ''),
      digest: { lines: lines.length, templates: data.templates.length, services, requests: page.requests, ...(page.truncated ? { truncated: 1 } : {}), ...(query.params.groupBy === 'operation' ? { joinedLines: joined } : {}) },
      data,
    };
  }

  private search(lines: ReadLine[], params: QueryParams<'log_search'>, partial: string): Omit<Answer, 'queryText' | 'parameters' | 'timeRange'> {
    const level = params.level?.toUpperCase();
    const matched = level === undefined ? lines : lines.filter((l) => l.level === level);
    if (matched.length === 0) return { status: 'no_data', summary: `no ${params.level ?? ''}${params.level ? ' ' : ''}log lines matched in the range${partial}`, digest: { lines: 0 } };
    const shown = matched.slice(0, params.limit).map((l) => ({ ts: new Date(l.tsMs).toISOString(), service: l.service, ...(l.instance ? { instance: l.instance } : {}), level: l.level, message: l.message, traceId: l.traceId, spanId: l.spanId }));
    return {
      status: 'ok',
      summary: `${matched.length} log lines matched${partial}, first ${shown.length} returned; first: ${shown[0].service} "${shown[0].message.slice(0, 120)}"`,
      digest: { lines: shown.length, totalMatches: matched.length },
      data: { kind: 'log_search', lines: shown, totalMatches: matched.length },
    };
  }

  private read(logql: string, range: TimeRange, signal?: AbortSignal): Promise<EntryPage> {
    const key = `${logql}\u0000${range.start}\u0000${range.end}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const read = readEntries(this.client, logql, range, { pageSize: this.options.pageSize ?? 5000, maxEntries: this.options.maxLines ?? 50_000, signal });
    this.cache.set(key, read);
    read.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return read;
  }

  private linkOf(logql: string, range: TimeRange): EvidenceLink {
    if (this.options.grafana) return grafanaExploreLink(this.options.grafana, 'loki', { expr: logql, queryType: 'range' }, range);
    const { startMs, endMs } = rangeMs(range);
    return { label: 'Loki API', url: this.client.urlOf('/loki/api/v1/query_range', [['query', logql], ['start', `${startMs}000000`], ['end', `${endMs}000000`], ['direction', 'forward']]) };
  }

  private notRun(name: string, summary: string): Answer {
    return { status: 'error', summary, digest: {}, queryText: `${name} (not run)`, parameters: {}, timeRange: this.lastHour() };
  }

  private lastHour(): TimeRange {
    const end = this.now().getTime();
    return timeRange(end - DEFAULT_LOOKBACK_MS, end);
  }
}
