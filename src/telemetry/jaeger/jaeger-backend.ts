import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import type { SourceHealth } from '../../core/ports/telemetry-source';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import { BackendRequestError } from '../http/backend-request-error';
import { JsonHttpClient } from '../http/json-http-client';
import type { BackendSpan, TraceBackend, TraceRead } from '../traces/trace-backend';
import { spansOfJaeger, type JaegerTraceJson } from './jaeger-trace-parser';

export interface JaegerBackendOptions {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** The Jaeger UI's URL when it differs from the query API's (links open there). */
  uiUrl?: string;
}

interface Structured<T> {
  data?: T | null;
  errors?: Array<{ code?: number; msg?: string }> | null;
}

/**
 * Jaeger's HTTP query API (the one its UI uses): `/api/services`, `/api/traces?service=…` with
 * microsecond `start`/`end` and a `limit`, and `/api/traces/{id}`. Jaeger searches one service at
 * a time, so a period's traces of every service are read service by service (deduplicated) until
 * the trace cap. Links open the Jaeger UI's search or trace view.
 */
export class JaegerBackend implements TraceBackend {
  readonly name = 'Jaeger';
  private readonly client: JsonHttpClient;

  constructor(private readonly options: JaegerBackendOptions) {
    this.client = new JsonHttpClient({ name: 'Jaeger', url: options.url, timeoutMs: options.timeoutMs, headers: options.headers, exampleUrl: 'http://jaeger-query:16686' });
  }

  get base(): string {
    return this.client.base;
  }

  async health(): Promise<SourceHealth> {
    try {
      const services = await this.allServices();
      return { ok: true, message: `Jaeger query API at ${this.base} answers (${services.length} services)` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  services(): Promise<string[]> {
    return this.allServices();
  }

  searchText(range: TimeRange, service?: string): string {
    const { startMs, endMs } = rangeMs(range);
    return `GET /api/traces?service=${service ?? '<each service>'}&start=${startMs * 1000}&end=${endMs * 1000}`;
  }

  async read(range: TimeRange, service: string | undefined, maxTraces: number, signal?: AbortSignal): Promise<TraceRead> {
    const services = service === undefined ? await this.allServices(signal) : [service];
    const { startMs, endMs } = rangeMs(range);
    const traces = new Map<string, JaegerTraceJson>();
    let truncated = false;
    for (const name of services) {
      if (traces.size >= maxTraces) {
        truncated = true;
        break;
      }
      const body = await this.structured<JaegerTraceJson[]>('/api/traces', [['service', name], ['start', String(startMs * 1000)], ['end', String(endMs * 1000)], ['limit', String(maxTraces + 1)]], signal);
      const found = body ?? [];
      if (found.length > maxTraces) truncated = true;
      for (const trace of found) if (trace.traceID && traces.size < maxTraces && !traces.has(trace.traceID)) traces.set(trace.traceID, trace);
    }
    return { spans: spansOfJaeger([...traces.values()]), traces: traces.size, truncated, queryText: this.searchText(range, service), failures: [] };
  }

  async trace(traceId: string, signal?: AbortSignal): Promise<BackendSpan[] | undefined> {
    try {
      const traces = await this.structured<JaegerTraceJson[]>(`/api/traces/${encodeURIComponent(traceId)}`, [], signal);
      return spansOfJaeger(traces ?? []);
    } catch (error) {
      if (error instanceof BackendRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  link(range: TimeRange, target: { service?: string; traceId?: string }): EvidenceLink {
    const ui = (this.options.uiUrl ?? this.options.url).replace(/\/+$/, '');
    if (target.traceId) return { label: 'Jaeger UI', url: `${ui}/trace/${encodeURIComponent(target.traceId)}` };
    const { startMs, endMs } = rangeMs(range);
    const params = new URLSearchParams({ ...(target.service ? { service: target.service } : {}), start: String(startMs * 1000), end: String(endMs * 1000), limit: '20', lookback: 'custom' });
    return { label: 'Jaeger UI', url: `${ui}/search?${params.toString()}` };
  }

  private async allServices(signal?: AbortSignal): Promise<string[]> {
    const data = await this.structured<string[]>('/api/services', [], signal);
    return (data ?? []).filter((s) => typeof s === 'string' && s !== '').sort();
  }

  /** Jaeger answers `{data, errors}`; errors with a 200 status are failures too. */
  private async structured<T>(path: string, params: Array<[string, string]>, signal?: AbortSignal): Promise<T | null | undefined> {
    const body = await this.client.getJson<Structured<T>>(path, params, signal);
    const error = body.errors?.find((e) => e?.msg);
    if (error) throw new BackendRequestError(`Jaeger answered ${error.code ?? 'an error'} to ${path}: ${error.msg}`, 'http', error.code);
    return body.data;
  }
}
