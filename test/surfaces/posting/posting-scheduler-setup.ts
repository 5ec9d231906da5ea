import { PostingPolicySchema } from '../../../src/config/posting-policy-schema';
import { PostingScheduler, type PostingKind } from '../../../src/surfaces/posting/posting-scheduler';
import { FakePostingClock } from './fake-posting-clock';

export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super('rate limited');
  }
}

/** A fake chat API: records when each call was made; can answer 429 to the next calls. */
function fakeChat(clock: FakePostingClock) {
  const calls: Array<{ at: number; lane: string; label: string }> = [];
  let limitNext = 0;
  return {
    calls,
    rateLimitNext(count: number) {
      limitNext = count;
    },
    call(lane: string, label: string) {
      return async () => {
        if (limitNext > 0) {
          limitNext -= 1;
          calls.push({ at: clock.now(), lane, label: `429 ${label}` });
          throw new RateLimited(2000);
        }
        calls.push({ at: clock.now(), lane, label });
        return label;
      };
    },
  };
}

/**
 * A scheduler on a fake clock and a fake chat, its policy strict by default (one call a second
 * per channel, no burst, no margin) and loose on the workspace: `post` schedules a post, `update`
 * an update of a posted message (`coalesceKey` names the message).
 */
export function setup(policy: Record<string, unknown> = {}) {
  const clock = new FakePostingClock();
  const chat = fakeChat(clock);
  const seen = { rateLimited: 0, gaveUp: 0, skipped: [] as string[] };
  const scheduler = new PostingScheduler({
    policy: PostingPolicySchema.parse({ channelIntervalMs: 1000, channelBurst: 1, workspacePerMinute: 6000, channelMarginMs: 0, ...policy }),
    clock,
    retryAfterMs: (error) => (error instanceof RateLimited ? error.retryAfterMs : undefined),
    observer: {
      rateLimited: () => void (seen.rateLimited += 1),
      gaveUp: () => void (seen.gaveUp += 1),
      skipped: (_lane, reason) => void seen.skipped.push(reason),
    },
  });
  const post = (lane: string, label: string, kind: PostingKind = 'essential', coalesceKey?: string) =>
    scheduler.schedule({ lane, kind, coalesceKey, run: chat.call(lane, label) });
  const update = (lane: string, label: string, message: string, kind: PostingKind = 'essential') =>
    scheduler.schedule({ lane, kind, update: true, coalesceKey: `update:${lane}:${message}`, run: chat.call(lane, label) });
  return { clock, chat, scheduler, seen, post, update };
}
