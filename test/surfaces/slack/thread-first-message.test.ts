import { MemoryInvestigationStore } from '../../../src/store/memory/memory-investigation-store';
import { rememberFirstMessage, waitForFirstMessage } from '../../../src/surfaces/slack/thread-first-message';

describe('waitForFirstMessage', () => {
  it('resolves with the ts once the thread has its first message', async () => {
    const store = new MemoryInvestigationStore();
    let now = 0;
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      now += ms;
      if (sleeps.length === 3) await rememberFirstMessage(store, 'inv-1', 'C1', '1.000200');
    };
    await expect(waitForFirstMessage(store, 'inv-1', 'C1', { timeoutMs: 10_000, intervalMs: 100, clock: () => now, sleep })).resolves.toBe('1.000200');
    expect(sleeps).toEqual([100, 100, 100]);
    // Another investigation's, or another channel's, first message is not this one.
    await expect(waitForFirstMessage(store, 'inv-2', 'C1', { timeoutMs: 0, intervalMs: 100, clock: () => now, sleep })).resolves.toBeUndefined();
    await expect(waitForFirstMessage(store, 'inv-1', 'C2', { timeoutMs: 0, intervalMs: 100, clock: () => now, sleep })).resolves.toBeUndefined();
  });

  it('gives up after its timeout, even when the clock stands still', async () => {
    const store = new MemoryInvestigationStore();
    let slept = 0;
    const result = await waitForFirstMessage(store, 'inv-1', 'C1', { timeoutMs: 1_000, intervalMs: 250, clock: () => 0, sleep: async () => void (slept += 1) });
    expect(result).toBeUndefined();
    expect(slept).toBe(4);
  });
});
