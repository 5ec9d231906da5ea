import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { CausaError, errorMessage } from '../core/errors';
import type { Logger } from '../observability/logger';

const owners = new AsyncLocalStorage<string>();

/**
 * The claim owner of the chat request being handled (see `InvestigationStore.claim`): one per
 * delivery, the same for each replay of it. Undefined outside `IntakeReplay.run`.
 */
export function currentClaimOwner(): string | undefined {
  return owners.getStore();
}

/** Whether a failure means the investigation store could not be reached (worth replaying). */
export function isStoreOutage(error: unknown): boolean {
  return error instanceof CausaError && error.code === 'store_unavailable';
}

/** What `IntakeReplay` needs; the timings have defaults for production. */
export interface IntakeReplayOptions {
  logger: Logger;
  /** How long a request is replayed before it is given up; default 10 minutes. */
  maxAgeMs?: number;
  /** Most requests kept at once; beyond, a request that cannot reach the store is given up at once. Default 1,000. */
  capacity?: number;
  /** The first wait before a replay, doubled after each failed one up to `maxDelayMs`; defaults 1 s and 30 s. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  clock?: () => number;
}

/** Said to the requester when a request is given up (the surface posts it where the request came from). */
export type GiveUp = (reason: string) => Promise<void>;

/**
 * Keeps chat requests that were already acknowledged (the platform will not retry them) but
 * failed because the store was unreachable, and replays them with backoff until the store is
 * back: an alert posted during a Redis outage is investigated afterwards, never acknowledged and
 * then forgotten. Each delivery replays as the same claim owner, so the claims its first attempt
 * took are its own again. Requests are held in memory, bounded in number and age; one given up
 * (or still waiting at shutdown) is said in its thread and logged.
 */
export class IntakeReplay {
  private readonly waiting = new Map<string, { label: string; timer: NodeJS.Timeout; giveUp?: GiveUp }>();
  private stopped = false;

  constructor(private readonly options: IntakeReplayOptions) {}

  /** Requests waiting to be replayed. */
  get size(): number {
    return this.waiting.size;
  }

  /**
   * Runs `work` as a new claim owner. A store outage keeps it for replay (resolves); any other
   * failure is thrown to the caller's error handling, as before.
   */
  async run(label: string, work: () => Promise<void>, giveUp?: GiveUp): Promise<void> {
    const owner = randomUUID();
    try {
      await owners.run(owner, work);
    } catch (error) {
      if (!isStoreOutage(error)) throw error;
      const capacity = this.options.capacity ?? 1_000;
      if (this.stopped || this.waiting.size >= capacity) {
        const why = this.stopped ? 'Causa is shutting down' : `${capacity} requests already wait for it`;
        this.options.logger.error({ err: error, request: label }, `the store is unreachable and ${why}: the request is given up`);
        await this.tell(giveUp, label);
        return;
      }
      this.options.logger.warn({ err: error, request: label }, 'the store is unreachable: the request is kept in memory and replayed when it is back');
      this.schedule(owner, label, work, giveUp, this.clock(), this.options.firstDelayMs ?? 1_000);
    }
  }

  /** Stops replaying; requests still waiting are given up (said in their threads) and logged. */
  async stop(): Promise<void> {
    this.stopped = true;
    const left = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of left) clearTimeout(entry.timer);
    if (left.length > 0) this.options.logger.error({ requests: left.map((entry) => entry.label) }, `${left.length} request(s) waiting for the store were not replayed before shutdown`);
    for (const entry of left) await this.tell(entry.giveUp, entry.label);
  }

  private schedule(owner: string, label: string, work: () => Promise<void>, giveUp: GiveUp | undefined, since: number, delayMs: number): void {
    const timer = setTimeout(() => void this.replay(owner, label, work, giveUp, since, delayMs), delayMs);
    timer.unref();
    this.waiting.set(owner, { label, timer, giveUp });
  }

  private async replay(owner: string, label: string, work: () => Promise<void>, giveUp: GiveUp | undefined, since: number, delayMs: number): Promise<void> {
    if (!this.waiting.delete(owner) || this.stopped) return;
    const { logger } = this.options;
    try {
      await owners.run(owner, work);
      logger.info({ request: label, waitedMs: this.clock() - since }, 'the store is back: a request kept during the outage was replayed');
    } catch (error) {
      if (!isStoreOutage(error)) {
        logger.error({ err: error, request: label }, `a request kept during a store outage failed when replayed: ${errorMessage(error)}`);
        await this.tell(giveUp, label);
        return;
      }
      const next = Math.min(delayMs * 2, this.options.maxDelayMs ?? 30_000);
      if (this.stopped || this.clock() - since + next > (this.options.maxAgeMs ?? 10 * 60_000)) {
        logger.error({ err: error, request: label, waitedMs: this.clock() - since }, 'the store stayed unreachable: a request kept during the outage is given up');
        await this.tell(giveUp, label);
        return;
      }
      this.schedule(owner, label, work, giveUp, since, next);
    }
  }

  private async tell(giveUp: GiveUp | undefined, label: string): Promise<void> {
    if (!giveUp) return;
    const reason = "Causa's store (Redis) could not be reached, so this request was not handled. Post it again, or mention Causa, once the store is back.";
    await giveUp(reason).catch((error: unknown) => this.options.logger.warn({ err: error, request: label }, 'a given-up request could not be reported in its thread'));
  }

  private clock(): number {
    return (this.options.clock ?? Date.now)();
  }
}
