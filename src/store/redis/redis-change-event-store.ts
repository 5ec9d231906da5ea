import type { Redis } from 'ioredis';
import { CausaError, errorMessage } from '../../core/errors';
import type { ChangeEvent, ChangeEventStore } from '../../core/ports/change-event-store';

/**
 * Change events in one Redis sorted set scored by their time (`<prefix>changes`): every write
 * trims what is older than the retention and renews the key's TTL, so the set never outgrows it;
 * reads never return what is past the retention, even when nothing was written for a while.
 */
export class RedisChangeEventStore implements ChangeEventStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix: string; retentionMs: number; now?: () => number },
  ) {
    this.key = `${options.keyPrefix}changes`;
  }

  async add(event: ChangeEvent): Promise<void> {
    const now = this.now();
    const results = await this.call('written', () =>
      this.redis
        .multi()
        .zadd(this.key, Date.parse(event.at), JSON.stringify(event))
        .zremrangebyscore(this.key, '-inf', `(${now - this.options.retentionMs}`)
        .pexpire(this.key, this.options.retentionMs)
        .exec(),
    );
    // MULTI/EXEC reports a refused command (WRONGTYPE, OOM) in its results, not as a rejection.
    const refused = (results ?? []).find(([error]) => error !== null)?.[0];
    if (refused || results === null) {
      throw new CausaError('store_unavailable', `Redis could not be written for change events: ${refused ? refused.message : 'the transaction was aborted'}`, { isRetryable: true, cause: refused ?? undefined });
    }
  }

  async between(fromMs: number, toMs: number): Promise<ChangeEvent[]> {
    const oldest = Math.max(fromMs, this.now() - this.options.retentionMs);
    if (oldest > toMs) return [];
    const raw = await this.call('read', () => this.redis.zrangebyscore(this.key, oldest, toMs));
    return raw.flatMap((text) => {
      try {
        return [JSON.parse(text) as ChangeEvent];
      } catch {
        return [];
      }
    });
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private async call<T>(verb: 'read' | 'written', operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new CausaError('store_unavailable', `Redis could not be ${verb} for change events: ${errorMessage(error)}`, { isRetryable: true, cause: error });
    }
  }
}
