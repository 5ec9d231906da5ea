import type { InvestigationEvent } from '../core/investigation/investigation-events';
import type { InvestigationStore } from '../core/ports/investigation-store';
import type { Logger } from '../observability/logger';
import type { InvestigationListener } from './investigation-service-types';
import { RenderLease, type RenderLeaseOptions } from './render-lease';

/** How many investigations a follower remembers its place in (least recently followed forgotten first). */
const MAX_FOLLOWED = 5_000;
/** Events read from the store at a time. */
const PAGE = 25;

/**
 * Hands an investigation's audit log to the listeners in log order, each event once per process,
 * reading it from the store: the log is the source of truth, so a process renders investigations
 * that workers in other processes run. `deliver(id)` is called when the log grew (by the local
 * worker, or on a notification from another process).
 *
 * A follower for a chat surface (`render`) draws each investigation of that surface in one process
 * of the fleet at a time (a lease in the store) and keeps how far the thread was drawn in the
 * store: a process that takes an investigation over (the one drawing it stopped, or this one
 * restarted) replays what was drawn already (`{ replay: true }`: listeners fold it into their view
 * and post nothing) and draws the rest.
 */
export class EventLogFollower {
  private readonly delivered = new Map<string, number>();
  /** Investigations seen whose log has not ended yet (no report, no failure). */
  private readonly open = new Set<string>();
  private readonly turns = new Map<string, Promise<void>>();
  /** Catch-ups queued that have not started yet, per investigation. */
  private readonly waiting = new Map<string, Promise<void>>();
  private readonly lease?: RenderLease;

  constructor(
    private readonly store: InvestigationStore,
    private readonly listeners: () => readonly InvestigationListener[],
    private readonly logger: Logger,
    render?: RenderLeaseOptions,
  ) {
    if (render) this.lease = new RenderLease(store, render);
  }

  /** Delivers the events of `investigationId` not delivered yet; resolves once the listeners had them. */
  deliver(investigationId: string): Promise<void> {
    // A catch-up that has not started yet reads everything appended until it starts: a second
    // notification meanwhile waits for that one instead of queueing another (a storm notifies
    // per append while a thread waits for its posting slots).
    const waiting = this.waiting.get(investigationId);
    if (waiting) return waiting;
    const previous = this.turns.get(investigationId) ?? Promise.resolve();
    const turn = previous.then(() => {
      this.waiting.delete(investigationId);
      return this.catchUp(investigationId);
    });
    this.waiting.set(investigationId, turn);
    const settled = turn.catch(() => undefined);
    this.turns.set(investigationId, settled);
    void settled.then(() => {
      if (this.turns.get(investigationId) === settled) this.turns.delete(investigationId);
    });
    return turn;
  }

  private async catchUp(investigationId: string): Promise<void> {
    if (this.listeners().length === 0) return;
    let drawn = 0;
    if (this.lease) {
      const held = await this.lease.take(investigationId);
      if (held.state === 'elsewhere') {
        // Another process draws it; should that one stop, a sweep here takes it over.
        this.open.add(investigationId);
        return;
      }
      if (held.state === 'not-ours') return;
      drawn = held.state === 'taken' ? held.drawnSeq : 0;
    }
    // Page by page: a thread that waits for its posting slots holds one page of its log, not all of it.
    for (;;) {
      const after = this.delivered.get(investigationId) ?? 0;
      const events = await this.store.events(investigationId, after + 1, PAGE);
      for (const event of events) {
        if (event.seq <= (this.delivered.get(investigationId) ?? 0)) continue;
        const replay = event.seq <= drawn;
        await this.notify(event, replay);
        this.remember(investigationId, event.seq);
        if (this.lease && !replay) await this.lease.drew(investigationId, event.seq);
        if (event.type === 'report-ready' || event.type === 'investigation-failed') this.open.delete(investigationId);
        else this.open.add(investigationId);
      }
      if (events.length < PAGE) return;
    }
  }

  /**
   * Delivers what notifications may have missed (e.g. published while Redis restarted) for every
   * investigation still open; called periodically by processes that follow other processes' work.
   */
  sweep(): void {
    for (const investigationId of [...this.open]) this.nudge(investigationId, () => undefined);
  }

  /**
   * Delivers in the background (a notification from another process): failures go to `onError`.
   * Nothing is queued when a catch-up that has not started yet will read the new events anyway,
   * so a storm of notifications for a thread waiting on its posting slots holds nothing more.
   */
  nudge(investigationId: string, onError: (error: unknown) => void): void {
    if (this.waiting.has(investigationId)) return;
    this.deliver(investigationId).catch(onError);
  }

  /** Resolves once the deliveries under way have ended (a stopping process closes the store after). */
  async settled(): Promise<void> {
    while (this.turns.size > 0) await Promise.all([...this.turns.values()]);
  }

  /** Gives up the investigations this process draws (it stops drawing): another process takes them over at once. */
  async release(): Promise<void> {
    await this.lease?.releaseAll();
  }

  private remember(investigationId: string, seq: number): void {
    this.delivered.delete(investigationId);
    this.delivered.set(investigationId, seq);
    if (this.delivered.size > MAX_FOLLOWED) {
      const oldest = this.delivered.keys().next().value as string;
      this.delivered.delete(oldest);
      this.open.delete(oldest);
      this.lease?.forget(oldest);
    }
  }

  private async notify(event: InvestigationEvent, replay: boolean): Promise<void> {
    for (const listener of [...this.listeners()]) {
      try {
        await listener(event, event.investigationId, { replay });
      } catch (error) {
        // A surface that cannot render must not stop the investigation.
        this.logger.warn({ err: error, investigationId: event.investigationId, event: event.type, seq: event.seq }, 'an investigation listener failed');
      }
    }
  }
}
