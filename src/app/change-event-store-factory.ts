import type { StoreConfig, TelemetrySourceConfig } from '../config';
import type { ChangeEventStore } from '../core/ports/change-event-store';
import { MemoryChangeEventStore } from '../store/memory/memory-change-event-store';
import { RedisChangeEventStore } from '../store/redis/redis-change-event-store';
import { createRedisClient } from '../store/redis/redis-client';

const DAY_MS = 86_400_000;

/**
 * The store for change events posted to `POST /hooks/deploy`, on the same backend as the
 * investigation store (Redis: shared by every replica, kept `retentionDays` of the deploys source;
 * memory: this process only). Undefined when no `deploys` source is configured.
 */
export function openChangeEventStore(store: StoreConfig, sources: readonly TelemetrySourceConfig[]): { store: ChangeEventStore; close: () => Promise<void> } | undefined {
  const deploys = sources.find((source) => source.type === 'deploys');
  if (!deploys || deploys.type !== 'deploys') return undefined;
  const retentionMs = deploys.retentionDays * DAY_MS;
  if (store.type === 'memory') return { store: new MemoryChangeEventStore(retentionMs), close: async () => undefined };
  const redis = createRedisClient(store.url);
  return {
    store: new RedisChangeEventStore(redis, { keyPrefix: store.keyPrefix, retentionMs }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
