import type { PostingClock } from '../../../src/surfaces/posting/posting-clock';

/** Lets pending promise callbacks run (real I/O is not involved, so a macrotask turn is enough). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that moves only when the test advances it; sleepers wake in time order. */
export class FakePostingClock implements PostingClock {
  private time = 0;
  private timers: Array<{ at: number; wake: () => void }> = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.time + Math.max(0, ms), wake: resolve }));
  }

  /** Moves time forward by `ms`, waking each sleeper at its time and letting it run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.time = next.at;
      next.wake();
      await settle();
    }
    this.time = target;
    await settle();
  }
}
