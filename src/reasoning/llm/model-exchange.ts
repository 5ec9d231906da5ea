import { AsyncLocalStorage } from 'node:async_hooks';

/** The last HTTP answer of the model endpoint within one gateway call. */
export interface ExchangeRecord {
  status?: number;
  body?: string;
}

const current = new AsyncLocalStorage<ExchangeRecord>();

/** Runs `call` with a fresh record of the HTTP answer it gets. */
export async function withExchange<T>(call: () => Promise<T>): Promise<{ result?: T; error?: unknown; exchange: ExchangeRecord }> {
  const exchange: ExchangeRecord = {};
  try {
    return { result: await current.run(exchange, call), exchange };
  } catch (error) {
    return { error, exchange };
  }
}

/** The JSON body of the last answer, when it was one. */
export function exchangeJson(exchange: ExchangeRecord): Record<string, any> | undefined {
  if (exchange.body === undefined) return undefined;
  try {
    const value = JSON.parse(exchange.body) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The fetch the OpenAI client uses: one timeout per attempt covering the whole answer (headers
 * and body), and a copy of each answer's body for the gateway. The client parses JSON-schema
 * answers itself and throws on invalid JSON, losing the usage fields; with the copy, a malformed
 * answer still has its tokens counted and its failure told apart (not JSON, refused, cut short).
 */
export function modelFetch(timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const outer = init?.signal;
    const forward = () => controller.abort();
    if (outer?.aborted) controller.abort();
    else outer?.addEventListener('abort', forward, { once: true });
    try {
      const response = await base(input, { ...init, signal: controller.signal });
      const body = await response.text();
      const exchange = current.getStore();
      if (exchange) {
        exchange.status = response.status;
        exchange.body = body;
      }
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (timedOut) throw new Error(`the request timed out after ${timeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  };
}
