import { BackendRequestError } from './backend-request-error';

export interface JsonHttpClientOptions {
  /** The backend's product name, used in messages ("Loki", "Tempo", "Jaeger"). */
  name: string;
  url: string;
  timeoutMs: number;
  /** Extra request headers (authorization, tenant ids); never echoed in messages. */
  headers?: Record<string, string>;
  /** Largest response body read, bytes (default 32 MiB); a larger one is a `too-large` failure. */
  maxResponseBytes?: number;
  /** How to say what a good URL looks like, e.g. "http://loki:3100". */
  exampleUrl?: string;
}

/** How an API's own error body reads: `{error}`, `{message}`, Jaeger's `{errors: [{msg}]}`. */
function apiMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as { error?: unknown; message?: unknown; errors?: Array<{ msg?: unknown }> };
  if (typeof record.error === 'string' && record.error) return record.error;
  if (typeof record.message === 'string' && record.message) return record.message;
  const first = Array.isArray(record.errors) ? record.errors.find((e) => typeof e?.msg === 'string') : undefined;
  return typeof first?.msg === 'string' ? first.msg : undefined;
}

/** The network-level reason of a failed fetch (`connect ECONNREFUSED 127.0.0.1:9`), whatever realm made the error. */
function causeOf(error: unknown): string {
  const described = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const { message, code, errors } = value as { message?: unknown; code?: unknown; errors?: unknown[] };
    if (typeof message === 'string' && message !== '') return message;
    if (Array.isArray(errors) && errors.length > 0) return described(errors[0]);
    return typeof code === 'string' ? code : undefined;
  };
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return described(cause) ?? described(error) ?? String(error);
}

/**
 * A small HTTP client for the JSON APIs of telemetry backends (Loki, Tempo, Jaeger): a per-request
 * timeout, configured headers, a cap on the response size, and failures that say what is wrong —
 * unreachable, a timeout, 401/403, an HTML page where JSON was expected (a wrong URL or a login
 * page), or the API's own error message.
 */
export class JsonHttpClient {
  readonly base: string;
  private readonly maxBytes: number;

  constructor(private readonly options: JsonHttpClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.maxBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
  }

  /** The URL of `path` with `params`, as requested (for links and messages). */
  urlOf(path: string, params: Array<[string, string]> = []): string {
    const query = new URLSearchParams(params).toString();
    return `${this.base}${path}${query ? `?${query}` : ''}`;
  }

  /** GETs `path` and parses its JSON body; rejects with a BackendRequestError. */
  async getJson<T>(path: string, params: Array<[string, string]> = [], signal?: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
    const { status, contentType, text } = await this.get(path, params, signal, { accept: 'application/json', ...headers });
    const name = this.options.name;
    let body: unknown;
    let parsed = true;
    try {
      body = JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (status === 401 || status === 403) {
      throw new BackendRequestError(
        `${name} at ${this.base} refused the request (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}${parsed && apiMessage(body) ? `: ${apiMessage(body)}` : ''}): set the credentials it expects in the source's headers (e.g. authorization, X-Scope-OrgID)`,
        'unauthorized',
        status,
      );
    }
    if (!parsed && (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text))) {
      const title = /<title>([^<]{0,120})<\/title>/i.exec(text)?.[1]?.trim();
      throw new BackendRequestError(
        `${name} at ${this.base} answered ${path} with an HTML page${title ? ` ("${title}")` : ''} instead of JSON (HTTP ${status}): the URL must point at the ${name} API${this.options.exampleUrl ? `, e.g. ${this.options.exampleUrl}` : ''}, not a UI, proxy or login page`,
        'not-json',
        status,
      );
    }
    if (status < 200 || status >= 300) {
      const detail = (parsed ? apiMessage(body) : undefined) ?? (text.slice(0, 300).trim() || `HTTP ${status}`);
      throw new BackendRequestError(`${name} answered ${status} to ${path}: ${detail}`, 'http', status);
    }
    if (!parsed) {
      throw new BackendRequestError(`${name} at ${this.base} answered ${path} with something that is not JSON (${text.slice(0, 80).trim() || 'an empty body'}); check the URL`, 'not-json', status);
    }
    return body as T;
  }

  /** GETs `path` and returns its status and text (for readiness endpoints that answer plain text). */
  async get(path: string, params: Array<[string, string]> = [], signal?: AbortSignal, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; text: string }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const name = this.options.name;
    let response: Response;
    try {
      response = await fetch(this.urlOf(path, params), { headers: { ...headers, ...this.options.headers }, signal: combined });
    } catch (error) {
      throw this.transportError(error, timeout, signal);
    }
    try {
      const text = await this.readCapped(response, path);
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
    } catch (error) {
      if (error instanceof BackendRequestError) throw error;
      throw this.transportError(error, timeout, signal, `${name} at ${this.base} broke off its answer to ${path}`);
    }
  }

  private transportError(error: unknown, timeout: AbortSignal, signal: AbortSignal | undefined, lead?: string): BackendRequestError {
    const name = this.options.name;
    if (timeout.aborted) return new BackendRequestError(`${name} at ${this.base} did not answer within ${this.options.timeoutMs} ms (timeoutMs)`, 'timeout');
    if (signal?.aborted) return new BackendRequestError('the query was cancelled', 'cancelled');
    return new BackendRequestError(`${lead ?? `${name} at ${this.base} is unreachable`}: ${causeOf(error)}`, 'unreachable');
  }

  private async readCapped(response: Response, path: string): Promise<string> {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BackendRequestError(`${this.options.name}'s answer to ${path} is larger than ${this.maxBytes} bytes (maxResponseBytes); narrow the time range or raise the cap`, 'too-large');
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
