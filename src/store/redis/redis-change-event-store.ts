import type { Redis } from 'ioredis';
import { CausaError, errorMessage } from '../../core/errors';
import type { ChangeEvent, ChangeEventStore } from '../../core/ports/change-event-store';

/**
 * Change events in one Redis sorted set scored by their time (`<prefix>changes`): every write
 * trims what is older than the retention and renews the key's TTL, so the set never outgrows it.
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
    const now = this.options.now?.() ?? Date.now();
    await this.call(() =>
      this.redis
        .multi()
        .zadd(this.key, Date.parse(event.at), JSON.stringify(event))
        .zremrangebyscore(this.key, '-inf', now - this.options.retentionMs)
        .pexpire(this.key, this.options.retentionMs)
        .exec(),
    );
  }

  async between(fromMs: number, toMs: number): Promise<ChangeEvent[]> {
    const raw = await this.call(() => this.redis.zrangebyscore(this.key, fromMs, toMs));
    return raw.flatMap((text) => {
      try {
        return [JSON.parse(text) as ChangeEvent];
      } catch {
        return [];
      }
    });
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new CausaError('store_unavailable', `Redis could not be read for change events: ${errorMessage(error)}`, { isRetryable: true, cause: error });
    }
  }
}
