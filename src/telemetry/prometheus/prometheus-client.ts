/**
 * A minimal client of the Prometheus HTTP API (also spoken by Thanos, Mimir, VictoriaMetrics):
 * form-encoded POSTs to the endpoints that take them (queries and series, whose selectors can be
 * long), GETs elsewhere; a per-request timeout, extra headers (tenant ids, authorization) and the
 * API's own error messages surfaced as they are.
 */
const POST_ENDPOINTS = new Set(['query', 'query_range', 'series', 'labels']);
export interface PrometheusClientOptions {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}

/** A request the backend refused or could not answer, with its message. */
export class PrometheusRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrometheusRequestError';
  }
}

export class PrometheusClient {
  private readonly base: string;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Calls `/api/v1/<path>` and returns its `data`; rejects with a PrometheusRequestError saying what went wrong. */
  async call<T>(path: string, params: Array<[string, string]>, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const form = new URLSearchParams(params).toString();
    const post = POST_ENDPOINTS.has(path);
    const url = `${this.base}/api/v1/${path}${!post && form ? `?${form}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: post ? 'POST' : 'GET',
        headers: { ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), accept: 'application/json', ...this.options.headers },
        ...(post ? { body: form } : {}),
        signal: combined,
      });
    } catch (error) {
      if (timeout.aborted) throw new PrometheusRequestError(`Prometheus at ${this.base} did not answer within ${this.options.timeoutMs} ms`);
      if (signal?.aborted) throw new PrometheusRequestError('the query was cancelled');
      throw new PrometheusRequestError(`Prometheus at ${this.base} is unreachable: ${causeOf(error)}`);
    }
    const text = await response.text();
    let body: { status?: string; data?: T; error?: string; errorType?: string } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    if (!response.ok || body?.status !== 'success') {
      const detail = body?.error ? `${body.errorType ? `${body.errorType}: ` : ''}${body.error}` : text.slice(0, 200).trim() || response.statusText;
      throw new PrometheusRequestError(`Prometheus answered ${response.status} to ${path}: ${detail}`, response.status);
    }
    return body.data as T;
  }
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error.message;
  }
  return String(error);
}
