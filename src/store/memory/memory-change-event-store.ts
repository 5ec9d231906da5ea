import type { ChangeEvent, ChangeEventStore } from '../../core/ports/change-event-store';

/** Change events in memory, dropped `retentionMs` after they happened. One process only. */
export class MemoryChangeEventStore implements ChangeEventStore {
  private events: ChangeEvent[] = [];

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async add(event: ChangeEvent): Promise<void> {
    this.events.push(event);
    this.events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  async between(fromMs: number, toMs: number): Promise<ChangeEvent[]> {
    const oldest = this.now() - this.retentionMs;
    this.events = this.events.filter((e) => Date.parse(e.at) >= oldest);
    return this.events.filter((e) => Date.parse(e.at) >= fromMs && Date.parse(e.at) <= toMs);
  }
}
