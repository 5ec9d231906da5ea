/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
const RETRY_STATUSES = new Set([408, 409, 429]);
/** The longest wait a Retry-After header may ask for before the call is given up. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** What went wrong with one HTTP attempt, read from the OpenAI client's errors. */
export interface AttemptFailure {
  kind: 'http' | 'timeout' | 'connection' | 'other';
  status?: number;
  retryAfterMs?: number;
  /** The provider's error message (never model output). */
  message: string;
}

export function classifyAttemptError(error: unknown): AttemptFailure {
  const e = error as { status?: unknown; name?: unknown; message?: unknown; headers?: unknown; constructor?: { name?: string } } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (status !== undefined) return { kind: 'http', status, retryAfterMs: retryAfter(e?.headers), message };
  const name = `${String(e?.name ?? '')} ${e?.constructor?.name ?? ''}`;
  if (/Timeout/i.test(name) || /timed? ?out/i.test(message)) return { kind: 'timeout', message };
  if (/Connection|FetchError|AbortError/i.test(name) || /ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|network/i.test(message)) return { kind: 'connection', message };
  return { kind: 'other', message };
}

export function isRetryable(failure: AttemptFailure): boolean {
  if (failure.kind === 'timeout' || failure.kind === 'connection') return true;
  return failure.kind === 'http' && failure.status !== undefined && (RETRY_STATUSES.has(failure.status) || failure.status >= 500);
}

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After when it
 * sends one (up to 30 s), else exponential backoff from `baseMs` with ±25 % jitter.
 */
export function backoffMs(attempt: number, failure: AttemptFailure, baseMs: number, random: () => number = Math.random): number {
  if (failure.retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, failure.retryAfterMs);
  const exponential = baseMs * 2 ** (attempt - 1);
  return Math.round(exponential * (0.75 + 0.5 * random()));
}

function retryAfter(headers: unknown): number | undefined {
  const read = (name: string): string | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
    const value = typeof h.get === 'function' ? h.get(name) : h[name];
    return typeof value === 'string' ? value : undefined;
  };
  const ms = read('retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = read('retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
