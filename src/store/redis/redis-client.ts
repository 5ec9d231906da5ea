import { Redis } from 'ioredis';
import { ConfigError, errorMessage } from '../../core/errors';

/** Options of `createRedisClient`. */
export interface RedisClientOptions {
  /** Give up on one connection attempt after this long. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Reconnect attempts a command waits through before it fails. Default 1. */
  maxRetriesPerRequest?: number;
  /** Connection errors (the client keeps reconnecting); default: ignored, `checkRedis` reports them. */
  onError?: (error: Error) => void;
}

/** Result of `checkRedis`; `message` says how to fix a failure. */
export interface RedisHealth {
  ok: boolean;
  message: string;
}

/**
 * An ioredis client for `url` (`redis://` or `rediss://`) that fails fast instead of queueing
 * commands forever: a bounded connect timeout and few retries per command, while it keeps
 * reconnecting in the background. The caller owns the client and calls `quit()`.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('the Redis URL is not a valid URL — use e.g. redis://127.0.0.1:6379');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(`the Redis URL "${redactUrl(parsed)}" must start with redis:// or rediss://`);
  }
  const client = new Redis(url, {
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
    // disconnect() arms this timer even when the socket is already gone; the 2 s default keeps a
    // CLI run (e.g. a failed health check) alive after it is done.
    disconnectTimeout: 500,
  });
  // Without a listener ioredis prints every failed reconnect to stderr.
  client.on('error', (error: Error) => options.onError?.(error));
  return client;
}

/**
 * Pings Redis within `timeoutMs` (default 5000 ms). On failure the message names the address,
 * the cause (e.g. ECONNREFUSED) and how to fix it.
 */
export async function checkRedis(client: Redis, timeoutMs = 5_000): Promise<RedisHealth> {
  const address = describeAddress(client);
  let lastError: Error | undefined;
  const remember = (error: Error) => {
    // The give-up error follows the real cause (ECONNREFUSED, …); keep the cause.
    if (error.name !== 'MaxRetriesPerRequestError' || lastError === undefined) lastError = error;
  };
  client.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const reply = await Promise.race([client.ping(), timeout]);
    return { ok: true, message: `Redis at ${address} answered ${reply}` };
  } catch (error) {
    const cause = describeCause(lastError ?? error);
    return { ok: false, message: `Redis at ${address} is not reachable: ${cause} — start redis-server or set REDIS_URL` };
  } finally {
    clearTimeout(timer);
    client.off('error', remember);
  }
}

function describeCause(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : errorMessage(error);
}

function describeAddress(client: Redis): string {
  const { host, port, path, tls } = client.options;
  if (path) return `unix:${path}`;
  return `${tls ? 'rediss' : 'redis'}://${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}
