import { Redis } from 'ioredis';
import type { InvestigationFeed } from '../core/ports/investigation-feed';

/**
 * The investigation feed on Redis pub/sub: one channel per deployment (`<prefix>:events`), each
 * message an investigation id. Pub/sub delivers at most once; the audit log in the store stays the
 * source of truth, so a lost message only delays rendering until the next event of that investigation.
 */
export class RedisInvestigationFeed implements InvestigationFeed {
  private readonly publisher: Redis;
  private readonly channel: string;
  private readonly subscribers = new Set<Redis>();

  constructor(private readonly options: { url: string; prefix: string; onError?: (error: Error) => void }) {
    this.publisher = this.client();
    this.channel = `${options.prefix}:events`;
  }

  async publish(investigationId: string): Promise<void> {
    await this.publisher.publish(this.channel, investigationId);
  }

  async subscribe(onGrown: (investigationId: string) => void): Promise<() => Promise<void>> {
    // A subscribed connection can do nothing else; ioredis subscribes again after a reconnect.
    const subscriber = this.client();
    this.subscribers.add(subscriber);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel && message !== '') onGrown(message);
    });
    await subscriber.subscribe(this.channel);
    return async () => {
      this.subscribers.delete(subscriber);
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  }

  async close(): Promise<void> {
    for (const subscriber of this.subscribers) await subscriber.quit().catch(() => subscriber.disconnect());
    this.subscribers.clear();
    await this.publisher.quit().catch(() => this.publisher.disconnect());
  }

  private client(): Redis {
    const client = new Redis(this.options.url, { maxRetriesPerRequest: 3, connectTimeout: 2_000 });
    client.on('error', (error: Error) => this.options.onError?.(error));
    return client;
  }
}
