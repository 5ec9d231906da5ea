import type { InvestigationStore } from '../../core/ports/investigation-store';

/** The hypothesis a Slack message shows. */
export interface HypothesisMessageRef {
  investigationId: string;
  hypothesisId: string;
}

/** Thread-binding surface name under which hypothesis messages are kept in the store. */
export const HYPOTHESIS_MESSAGE_SURFACE = 'slack-hypothesis-message';

/**
 * Message ts → (investigation, hypothesis), so a 👍/👎 on a hypothesis message finds its
 * hypothesis. Kept in memory and in the store (as a thread binding whose value is
 * `investigationId/hypothesisId`), so a restarted or second replica finds it too.
 */
export class HypothesisMessageIndex {
  private readonly byMessage = new Map<string, HypothesisMessageRef>();

  constructor(private readonly store: InvestigationStore) {}

  async remember(channel: string, ts: string, ref: HypothesisMessageRef): Promise<void> {
    this.byMessage.set(key(channel, ts), ref);
    await this.store.bindThread({ surface: HYPOTHESIS_MESSAGE_SURFACE, channel, threadId: ts }, `${ref.investigationId}/${ref.hypothesisId}`);
  }

  async find(channel: string, ts: string): Promise<HypothesisMessageRef | undefined> {
    const known = this.byMessage.get(key(channel, ts));
    if (known) return known;
    const stored = await this.store.findByThread({ surface: HYPOTHESIS_MESSAGE_SURFACE, channel, threadId: ts });
    const ref = stored === undefined ? undefined : parseHypothesisValue(stored);
    if (ref) this.byMessage.set(key(channel, ts), ref);
    return ref;
  }
}

/** Encodes a hypothesis reference as a button value. */
export function hypothesisValue(ref: HypothesisMessageRef): string {
  return `${ref.investigationId}/${ref.hypothesisId}`;
}

/** Decodes `investigationId/hypothesisId`; undefined when malformed. */
export function parseHypothesisValue(value: string): HypothesisMessageRef | undefined {
  const slash = value.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const investigationId = value.slice(0, slash);
  const hypothesisId = value.slice(slash + 1);
  return /^H\d+(\.\d+)*$/.test(hypothesisId) ? { investigationId, hypothesisId } : undefined;
}

function key(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}
