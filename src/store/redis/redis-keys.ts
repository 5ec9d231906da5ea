import type { ThreadRef } from '../../core/ports/investigation-store';

/**
 * The Redis key layout of the investigation store, under one prefix. An investigation's keys share
 * a `{id}` hash tag, so the scripts that touch several of them also run on Redis Cluster.
 */
export class RedisInvestigationKeys {
  constructor(readonly prefix: string) {}

  /** JSON string: the InvestigationRecord. */
  record(investigationId: string): string {
    return `${this.prefix}investigation:{${investigationId}}:record`;
  }

  /** List of JSON InvestigationEvents; index `seq - 1` holds event `seq`. */
  events(investigationId: string): string {
    return `${this.prefix}investigation:{${investigationId}}:events`;
  }

  /** Hash: idempotency key of an append → the seq it got (see AppendOptions.key). */
  appended(investigationId: string): string {
    return `${this.prefix}investigation:{${investigationId}}:appended`;
  }

  /** List of JSON SteeringCommands, oldest first. */
  steering(investigationId: string): string {
    return `${this.prefix}investigation:{${investigationId}}:steering`;
  }

  /** Dedupe claim, set with a TTL. */
  claim(key: string): string {
    return `${this.prefix}claim:${key}`;
  }

  /** String: the id of the investigation bound to the thread. */
  thread(thread: ThreadRef): string {
    const parts = [thread.surface, thread.channel, thread.threadId].map((part) => encodeURIComponent(part));
    return `${this.prefix}thread:${parts.join(':')}`;
  }
}
