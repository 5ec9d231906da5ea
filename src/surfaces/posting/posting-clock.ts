/** The time source of the posting scheduler; tests pass a fake one they advance by hand. */
export interface PostingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Wall-clock time and real timers. The timers keep the process alive on purpose: a shutdown that
 * waits for the scheduler to drain must not exit with a final report still waiting for its slot.
 */
export const systemPostingClock: PostingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
