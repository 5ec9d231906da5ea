import type { StoreConfig } from '../config';
import type { RetentionConfig } from '../config/retention-schema';
import { redisRetention } from '../store/redis/redis-retention';
import type { Redact } from '../config/secret-redaction';
import { RedactingInvestigationStore } from '../store/redacting-investigation-store';
import { CausaError } from '../core/errors';
import type { InvestigationStore } from '../core/ports/investigation-store';
import type { Logger } from '../observability/logger';
import { MemoryInvestigationStore } from '../store/memory/memory-investigation-store';
import { checkRedis, createRedisClient, RedisInvestigationStore } from '../store/redis/redis-investigation-store';

/** A store for the InvestigationService and how to release it. */
export interface OpenedInvestigationStore {
  store: InvestigationStore;
  /** Human-readable description for the start-up log (no secrets). */
  description: string;
  /** Whether the store answers now (`/readyz`). */
  health(): Promise<{ ok: boolean; message: string }>;
  /** Whether the store is connected right now (no round trip): chat requests are refused while it is not. */
  available(): boolean;
  /**
   * One round trip to the store (a Redis PING), with no timeout of its own: the chat routes ask
   * it, within their own bound, whether a store that looks connected still answers.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the store named by the `store` config section: memory (one process only) or Redis (shared
 * by every replica). A Redis that cannot be reached fails start-up with a retryable CausaError
 * saying how to fix it, instead of failing on the first alert.
 */
export async function openInvestigationStore(config: StoreConfig, logger: Logger, retention?: RetentionConfig, redact?: Redact): Promise<OpenedInvestigationStore> {
  // Everything recorded passes the process's redaction step first (see RedactingInvestigationStore).
  const redacted = (store: InvestigationStore) => (redact ? new RedactingInvestigationStore(store, redact) : store);
  if (config.type === 'memory') {
    return { store: redacted(new MemoryInvestigationStore()), description: 'memory (single process; state is lost on restart)', health: async () => ({ ok: true, message: 'memory store' }), available: () => true, ping: async () => undefined, close: async () => undefined };
  }
  // Commands wait through a Redis blip (reconnecting with growing delays, about 20 s at most)
  // instead of failing the investigation on the first lost connection.
  const redis = createRedisClient(config.url, { maxRetriesPerRequest: 20, onError: (error) => logger.warn({ err: error, component: 'redis' }, 'Redis connection error') });
  const health = await checkRedis(redis);
  if (!health.ok) {
    redis.disconnect();
    throw new CausaError('store_unavailable', health.message, { isRetryable: true });
  }
  return {
    store: redacted(new RedisInvestigationStore({ redis, keyPrefix: config.keyPrefix, retention: redisRetention(retention) })),
    description: `redis (key prefix ${config.keyPrefix})`,
    health: () => checkRedis(redis, 2_000),
    available: () => redis.status === 'ready',
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
