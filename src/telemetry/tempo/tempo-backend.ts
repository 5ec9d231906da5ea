import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import type { SourceHealth } from '../../core/ports/telemetry-source';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import { grafanaExploreLink, type GrafanaExploreTarget } from '../grafana/grafana-explore-link';
import { BackendRequestError } from '../http/backend-request-error';
import { JsonHttpClient } from '../http/json-http-client';
import type { BackendSpan, TraceBackend, TraceRead } from '../traces/trace-backend';
import { spansOfOtlp, type OtlpTraceJson } from './otlp-trace-parser';

export interface TempoBackendOptions {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  grafana?: GrafanaExploreTarget;
  /** Trace fetches in flight at once (default 8). */
  concurrency?: number;
}

interface SearchResponse {
  traces?: Array<{ traceID?: string }>;
}

const TRACES_KEPT = 5000;

/**
 * Grafana Tempo's HTTP API: TraceQL search (`/api/search`) for the traces of a period, trace by id
 * (`/api/traces/<id>`, OTLP/JSON) for their spans, tag values for the services, `/ready` and
 * build info for health. Traces are cached by id, so overlapping periods are read once.
 */
export class TempoBackend implements TraceBackend {
  readonly name = 'Tempo';
  private readonly client: JsonHttpClient;
  private readonly traces = new Map<string, Promise<BackendSpan[] | undefined>>();

  constructor(private readonly options: TempoBackendOptions) {
    this.client = new JsonHttpClient({ name: 'Tempo', url: options.url, timeoutMs: options.timeoutMs, headers: options.headers, exampleUrl: 'http://tempo:3200' });
  }

  get base(): string {
    return this.client.base;
  }

  async health(): Promise<SourceHealth> {
    try {
      // Build info first: it is JSON, so a wrong URL (a UI, a login page) shows here; old versions lack it (404).
      const info = await this.client.getJson<{ version?: string }>('/api/status/buildinfo').catch((error: unknown) => {
        if (error instanceof BackendRequestError && error.failure === 'http' && error.status === 404) return {} as { version?: string };
        throw error;
      });
      const ready = await this.client.get('/ready');
      const version = info.version ? `Tempo ${info.version}` : 'Tempo';
      if (ready.status !== 200) return { ok: false, message: `${version} at ${this.base} is not ready (${ready.status}): ${ready.text.trim().slice(0, 200)}` };
      return { ok: true, message: `${version} at ${this.base} is ready` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  async services(range: TimeRange, signal?: AbortSignal): Promise<string[]> {
    const body = await this.client.getJson<{ tagValues?: string[] }>('/api/search/tag/service.name/values', this.seconds(range), signal);
    return (body.tagValues ?? []).filter((v) => typeof v === 'string' && v !== '');
  }

  searchText(_range: TimeRange, service?: string): string {
    return service === undefined ? '{ }' : `{ resource.service.name = ${JSON.stringify(service)} }`;
  }

  async read(range: TimeRange, service: string | undefined, maxTraces: number, signal?: AbortSignal): Promise<TraceRead> {
    const queryText = this.searchText(range, service);
    const body = await this.client.getJson<SearchResponse>('/api/search', [['q', queryText], ...this.seconds(range), ['limit', String(maxTraces + 1)], ['spss', '1']], signal);
    const ids = [...new Set((body.traces ?? []).map((t) => t.traceID).filter((id): id is string => typeof id === 'string' && id !== ''))];
    const wanted = ids.slice(0, maxTraces);
    const failures: string[] = [];
    const spans: BackendSpan[] = [];
    let next = 0;
    const worker = async () => {
      while (next < wanted.length) {
        const id = wanted[next++];
        try {
          spans.push(...((await this.trace(id, signal)) ?? []));
        } catch (error) {
          if (error instanceof BackendRequestError && (error.failure === 'timeout' || error.failure === 'unreachable' || error.failure === 'cancelled')) throw error;
          failures.push(`${id}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, wanted.length) }, worker));
    return { spans, traces: wanted.length, truncated: ids.length > maxTraces, queryText, failures };
  }

  trace(traceId: string, signal?: AbortSignal): Promise<BackendSpan[] | undefined> {
    const cached = this.traces.get(traceId);
    if (cached) return cached;
    const pending = this.client.getJson<OtlpTraceJson>(`/api/traces/${encodeURIComponent(traceId)}`, [], signal).then(
      (document) => spansOfOtlp(document),
      (error: unknown) => {
        if (error instanceof BackendRequestError && error.status === 404) return undefined;
        throw error;
      },
    );
    this.traces.set(traceId, pending);
    pending.catch(() => this.traces.delete(traceId));
    while (this.traces.size > TRACES_KEPT) this.traces.delete(this.traces.keys().next().value as string);
    return pending;
  }

  link(range: TimeRange, target: { service?: string; traceId?: string }): EvidenceLink {
    const query = target.traceId ?? this.searchText(range, target.service);
    if (this.options.grafana) return grafanaExploreLink(this.options.grafana, 'tempo', { queryType: 'traceql', query }, range);
    if (target.traceId) return { label: 'Tempo API', url: this.client.urlOf(`/api/traces/${encodeURIComponent(target.traceId)}`) };
    return { label: 'Tempo API', url: this.client.urlOf('/api/search', [['q', query], ...this.seconds(range)]) };
  }

  private seconds(range: TimeRange): Array<[string, string]> {
    const { startMs, endMs } = rangeMs(range);
    return [['start', String(Math.floor(startMs / 1000))], ['end', String(Math.ceil(endMs / 1000))]];
  }
}
