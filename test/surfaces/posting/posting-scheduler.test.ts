import type { PostingOutcome } from '../../../src/surfaces/posting/posting-scheduler';
import { settle } from './fake-posting-clock';
import { RateLimited, setup } from './posting-scheduler-setup';

describe('PostingScheduler', () => {
  it('spaces calls into one channel about one per second, channels independently', async () => {
    const { clock, chat, post } = setup();
    const outcomes = [post('C1', 'a'), post('C1', 'b'), post('C1', 'c'), post('C2', 'x')];
    await clock.advance(5000);
    expect(await Promise.all(outcomes)).toEqual(['a', 'b', 'c', 'x'].map((value) => ({ sent: true, value })));
    expect(chat.calls.filter((call) => call.lane === 'C1').map((call) => call.at)).toEqual([0, 1000, 2000]);
    expect(chat.calls.find((call) => call.lane === 'C2')?.at).toBe(0);
  });

  it('keeps a margin before the first paced call, which every later call keeps: arrival jitter never meets the limit', async () => {
    const { clock, chat, post } = setup({ channelBurst: 3, channelMarginMs: 50 });
    for (const label of ['a', 'b', 'c', 'd', 'e', 'f']) void post('C1', label);
    await clock.advance(4000);
    expect(chat.calls.map((call) => call.at)).toEqual([0, 0, 0, 1050, 2050, 3050]);
  });

  it('lets a short burst through, then paces', async () => {
    const { clock, chat, post } = setup({ channelBurst: 3 });
    for (const label of ['a', 'b', 'c', 'd', 'e']) void post('C1', label);
    await clock.advance(3000);
    expect(chat.calls.map((call) => call.at)).toEqual([0, 0, 0, 1000, 2000]);
  });

  it('paces back-to-back single calls into one channel after its burst', async () => {
    const { clock, chat, post } = setup({ channelBurst: 2 });
    const outcomes: Array<Promise<unknown>> = [];
    for (const label of ['a', 'b', 'c', 'd']) {
      outcomes.push(post('C1', label));
      // The queue empties between calls: the channel must still remember it spent its burst.
      await clock.advance(100);
    }
    await clock.advance(3000);
    await Promise.all(outcomes);
    expect(chat.calls.map((call) => call.at)).toEqual([0, 100, 1000, 2000]);
  });

  it('keeps the whole workspace within its rate', async () => {
    const { clock, chat, post } = setup({ channelIntervalMs: 0, workspacePerMinute: 60 });
    // 60 per minute: a burst of 10 (a sixth of a minute's worth), then one per second.
    for (let index = 0; index < 14; index += 1) void post(`C${index}`, `m${index}`);
    await clock.advance(3000);
    expect(chat.calls).toHaveLength(13);
    await clock.advance(1000);
    expect(chat.calls).toHaveLength(14);
  });

  it('waits out a 429 for its Retry-After and retries the same call, in order', async () => {
    const { clock, chat, post, seen } = setup();
    chat.rateLimitNext(1);
    const first = post('C1', 'first');
    const second = post('C1', 'second');
    await clock.advance(1999);
    expect(chat.calls.map((call) => call.label)).toEqual(['429 first']);
    await clock.advance(1);
    await clock.advance(1000);
    expect(chat.calls.map((call) => `${call.label}@${call.at}`)).toEqual(['429 first@0', 'first@2000', 'second@3000']);
    expect(await first).toEqual({ sent: true, value: 'first' });
    expect(await second).toEqual({ sent: true, value: 'second' });
    expect(seen.rateLimited).toBe(1);
  });

  it('a rate-limited channel does not hold up the others', async () => {
    const { clock, chat, post } = setup();
    chat.rateLimitNext(1);
    void post('C1', 'slow');
    await settle();
    void post('C2', 'other');
    await clock.advance(10);
    expect(chat.calls.map((call) => call.label)).toEqual(['429 slow', 'other']);
  });

  it('fails a call that stays rate-limited through every retry, and says so', async () => {
    const { clock, chat, post, seen } = setup({ maxRateLimitRetries: 2 });
    chat.rateLimitNext(3);
    const outcome = post('C1', 'doomed');
    const failed = outcome.then(() => 'sent', (error: unknown) => (error instanceof RateLimited ? 'failed' : 'other'));
    await clock.advance(10_000);
    expect(await failed).toBe('failed');
    expect(seen).toMatchObject({ rateLimited: 2, gaveUp: 1 });
  });

  it('fails other errors at once without retrying', async () => {
    const { clock, scheduler } = setup();
    let calls = 0;
    const outcome = scheduler.schedule({ lane: 'C1', kind: 'essential', run: async () => { calls += 1; throw new Error('channel_not_found'); } });
    const failure = outcome.then(() => undefined, (error: Error) => error.message);
    await clock.advance(5000);
    expect(await failure).toBe('channel_not_found');
    expect(calls).toBe(1);
  });

  it('coalesces waiting updates of one message: only the latest content is sent', async () => {
    const { clock, chat, post, seen } = setup();
    const outcomes: Array<Promise<PostingOutcome<string>>> = [post('C1', 'post')];
    for (const label of ['status 1', 'status 2', 'status 3']) outcomes.push(post('C1', label, 'progress', 'update:C1:100'));
    await clock.advance(5000);
    expect(chat.calls.map((call) => call.label)).toEqual(['post', 'status 3']);
    const settled = await Promise.all(outcomes);
    expect(settled.map((outcome) => (outcome.sent ? outcome.value : outcome.reason))).toEqual(['post', 'superseded', 'superseded', 'status 3']);
    expect(seen.skipped).toEqual(['superseded', 'superseded']);
  });

  it('an update that replaces a waiting one keeps its place and becomes essential if either was', async () => {
    const { clock, chat, post } = setup({ stormBacklog: 2 });
    void post('C1', 'head');
    void post('C1', 'status (progress)', 'progress', 'update:C1:1');
    void post('C1', 'next');
    void post('C1', 'status (final)', 'essential', 'update:C1:1');
    await clock.advance(5000);
    expect(chat.calls.map((call) => call.label)).toEqual(['head', 'status (final)', 'next']);
  });

  it('does not replace an update already being sent: the newer one follows it', async () => {
    const { clock, scheduler } = setup();
    const sent: string[] = [];
    let release!: () => void;
    const slow = scheduler.schedule({ lane: 'C1', kind: 'progress', coalesceKey: 'm', run: () => new Promise<string>((resolve) => (release = () => resolve('v1'))) });
    await settle();
    const newer = scheduler.schedule({ lane: 'C1', kind: 'essential', coalesceKey: 'm', run: async () => { sent.push('v2'); return 'v2'; } });
    release();
    await clock.advance(2000);
    expect(await slow).toEqual({ sent: true, value: 'v1' });
    expect(await newer).toEqual({ sent: true, value: 'v2' });
    expect(sent).toEqual(['v2']);
  });

  it('in a storm sheds progress posts but never essential ones', async () => {
    const { clock, chat, post, scheduler } = setup({ stormBacklog: 3 });
    // e1 goes out at once; e2..e4 wait: a backlog of 3.
    const outcomes = ['e1', 'e2', 'e3', 'e4'].map((label) => post('C1', label));
    await settle();
    expect(scheduler.inStorm('C1')).toBe(true);
    const progress = post('C1', 'progress', 'progress');
    const final = post('C1', 'final RCA', 'essential');
    expect(await progress).toEqual({ sent: false, reason: 'shed' });
    await clock.advance(10_000);
    await Promise.all(outcomes);
    expect(await final).toEqual({ sent: true, value: 'final RCA' });
    expect(chat.calls.map((call) => call.label)).toEqual(['e1', 'e2', 'e3', 'e4', 'final RCA']);
    expect(scheduler.inStorm('C1')).toBe(false);
  });

  it('in a storm sheds a progress update unless it replaces a waiting one', async () => {
    const { clock, chat, post } = setup({ stormBacklog: 3 });
    const outcomes = ['e1', 'e2', 'e3', 'e4'].map((label) => post('C1', label));
    const waiting = post('C1', 'status 1', 'essential', 'update:C1:1');
    await settle();
    const coalesced = post('C1', 'status 2', 'progress', 'update:C1:1');
    const shed = post('C1', 'other message', 'progress', 'update:C1:2');
    expect(await shed).toEqual({ sent: false, reason: 'shed' });
    await clock.advance(10_000);
    await Promise.all(outcomes);
    expect(await waiting).toEqual({ sent: false, reason: 'superseded' });
    expect(await coalesced).toEqual({ sent: true, value: 'status 2' });
    expect(chat.calls.map((call) => call.label)).toEqual(['e1', 'e2', 'e3', 'e4', 'status 2']);
  });

  it('a long backlog across the workspace is a storm in every channel', async () => {
    const { post, scheduler } = setup({ stormBacklog: 10, workspaceStormBacklog: 4 });
    for (const lane of ['C1', 'C2', 'C3']) for (const label of ['a', 'b', 'c']) void post(lane, label);
    await settle();
    // Two calls wait in each of three channels: no channel's own backlog is long, the workspace's is.
    expect(scheduler.backlog()).toBe(6);
    expect(scheduler.inStorm('C4')).toBe(true);
    expect(await post('C4', 'progress', 'progress')).toEqual({ sent: false, reason: 'shed' });
  });

  it('whenIdle resolves once every call was made', async () => {
    const { clock, post, scheduler } = setup();
    let idle = false;
    void post('C1', 'a');
    void post('C1', 'b');
    void scheduler.whenIdle().then(() => (idle = true));
    await clock.advance(500);
    expect(idle).toBe(false);
    expect(scheduler.backlog()).toBe(1);
    await clock.advance(1000);
    expect(idle).toBe(true);
    expect(scheduler.backlog()).toBe(0);
  });
});
