import type { InvestigationStore } from '../../core/ports/investigation-store';

/** Thread-binding surface under which the ts of an investigation's first Slack message is kept. */
export const FIRST_MESSAGE_SURFACE = 'slack-first-message';

/**
 * Records the ts of the first message Causa posted in an investigation's thread (its status, or
 * the queued notice), in the store so another replica sees it too.
 */
export async function rememberFirstMessage(store: InvestigationStore, investigationId: string, channel: string, ts: string): Promise<void> {
  await store.bindThread({ surface: FIRST_MESSAGE_SURFACE, channel, threadId: investigationId }, ts);
}

/** The ts of the investigation's first message, once it was posted. */
export function firstMessageOf(store: InvestigationStore, investigationId: string, channel: string): Promise<string | undefined> {
  return store.findByThread({ surface: FIRST_MESSAGE_SURFACE, channel, threadId: investigationId });
}

/**
 * Waits until the investigation's first message exists (polling the store every `intervalMs`);
 * undefined when it did not appear within `timeoutMs`.
 */
export async function waitForFirstMessage(
  store: InvestigationStore,
  investigationId: string,
  channel: string,
  options: { timeoutMs: number; intervalMs: number; clock: () => number; sleep?: (ms: number) => Promise<void> },
): Promise<string | undefined> {
  // Unreferenced: a reply still waiting never keeps a stopping process alive.
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const deadline = options.clock() + options.timeoutMs;
  // Bounded by tries as well, so a clock that stands still (a test's) cannot keep it polling.
  const tries = Math.ceil(options.timeoutMs / options.intervalMs) + 1;
  for (let attempt = 1; ; attempt += 1) {
    const ts = await firstMessageOf(store, investigationId, channel);
    if (ts !== undefined || options.clock() >= deadline || attempt >= tries) return ts;
    await sleep(options.intervalMs);
  }
}
