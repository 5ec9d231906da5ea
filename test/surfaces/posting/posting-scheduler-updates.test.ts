import type { PostingOutcome } from '../../../src/surfaces/posting/posting-scheduler';
import { settle } from './fake-posting-clock';
import { setup } from './posting-scheduler-setup';

const timeline = (calls: Array<{ at: number; label: string }>) => calls.map((call) => `${call.label}@${call.at}`);

/** Updates of posted messages (chat.update), which Slack limits on their own: about 50 a minute per workspace. */
describe('PostingScheduler: updates', () => {
  it('a post goes out within about a second although 200 updates wait in its channel', async () => {
    const { clock, chat, post, update } = setup({ channelBurst: 3, channelMarginMs: 50 });
    for (let index = 0; index < 200; index += 1) void update('C1', `status ${index}`, `m${index}`);
    await clock.advance(10_000);
    const made = chat.calls.length;
    expect(made).toBeLessThan(20);
    const rca = post('C1', 'RCA');
    await clock.advance(1_050);
    const sentAt = chat.calls.find((call) => call.label === 'RCA')?.at;
    expect(sentAt).toBeDefined();
    expect(sentAt!).toBeLessThanOrEqual(11_050);
    expect(await rca).toEqual({ sent: true, value: 'RCA' });
    // The updates go on after it, at their own pace.
    await clock.advance(10_000);
    expect(chat.calls.length).toBeGreaterThan(made + 5);
  });

  it('paces updates at the configured rate across the channels of the workspace, and posts go by', async () => {
    const { clock, chat, post, update } = setup({ channelIntervalMs: 0, updates: { perMinute: 60, burst: 3 } });
    for (const lane of ['C1', 'C2', 'C3', 'C4', 'C5']) for (let index = 0; index < 10; index += 1) void update(lane, `${lane} status ${index}`, `m${index}`);
    for (const lane of ['C1', 'C2', 'C3', 'C4', 'C5']) void post(lane, `${lane} post`);
    await clock.advance(10_000);
    const updates = chat.calls.filter((call) => call.label.includes('status'));
    // 60 a minute: a burst of 3, then one a second.
    expect(updates.map((call) => call.at)).toEqual([0, 0, 0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
    expect(new Set(updates.map((call) => call.lane)).size).toBeGreaterThan(1);
    expect(chat.calls.filter((call) => call.label.endsWith('post')).map((call) => call.at)).toEqual([0, 0, 0, 0, 0]);
  });

  it('coalesces the updates of one message waiting for the update limit: only the latest content is sent', async () => {
    const { clock, chat, post, update, seen } = setup({ channelIntervalMs: 0, updates: { perMinute: 6, burst: 1 } });
    const first = update('C1', 'status 1', 'status');
    await settle();
    const later: Array<Promise<PostingOutcome<string>>> = ['status 2', 'status 3', 'status 4'].map((label) => update('C1', label, 'status', 'progress'));
    const other = post('C1', 'finding');
    await clock.advance(10_000);
    expect(timeline(chat.calls)).toEqual(['status 1@0', 'finding@0', 'status 4@10000']);
    const settled = await Promise.all([first, ...later, other]);
    expect(settled.map((outcome) => (outcome.sent ? outcome.value : outcome.reason))).toEqual(['status 1', 'superseded', 'superseded', 'status 4', 'finding']);
    expect(seen.skipped).toEqual(['superseded', 'superseded']);
  });

  it('a rate-limited update pauses the updates of every channel for its Retry-After, not the posts', async () => {
    const { clock, chat, post, update, seen } = setup({ updates: { perMinute: 60 } });
    chat.rateLimitNext(1);
    const refused = update('C1', 'status C1', 'status');
    await settle();
    const outcomes = [post('C1', 'post C1'), post('C2', 'post C2'), update('C2', 'status C2', 'status'), refused];
    await clock.advance(3000);
    await Promise.all(outcomes);
    const at = (label: string) => chat.calls.find((call) => call.label === label)!.at;
    expect(at('429 status C1')).toBe(0);
    expect(at('post C2')).toBe(0);
    // The channel keeps its pace (the refused update took its slot), not the 2 s pause.
    expect(at('post C1')).toBe(1000);
    expect(at('status C1')).toBe(2000);
    expect(at('status C2')).toBe(2000);
    expect(seen.rateLimited).toBe(1);
  });

  it('a rate-limited post still pauses its channel, updates included', async () => {
    const { clock, chat, post, update } = setup();
    chat.rateLimitNext(1);
    void post('C1', 'post');
    await settle();
    void update('C1', 'status', 'status');
    await clock.advance(4000);
    expect(timeline(chat.calls)).toEqual(['429 post@0', 'post@2000', 'status@3000']);
  });

  it('sheds progress updates once the workspace has enough updates waiting, never posts or essential updates', async () => {
    const { clock, chat, post, update, scheduler } = setup({ channelIntervalMs: 0, updates: { perMinute: 6, burst: 1, stormBacklog: 3 } });
    void update('C1', 'm0', 'm0');
    await settle();
    const waiting = ['m1', 'm2', 'm3'].map((message) => update(message === 'm3' ? 'C2' : 'C1', message, message));
    await settle();
    expect(scheduler.inStorm('C1')).toBe(false);
    expect(await update('C1', 'm4 progress', 'm4', 'progress')).toEqual({ sent: false, reason: 'shed' });
    const coalesced = update('C1', 'm1 progress', 'm1', 'progress');
    const progressPost = post('C1', 'progress post', 'progress');
    const essential = update('C1', 'm5 final', 'm5');
    await clock.advance(60_000);
    expect(await progressPost).toEqual({ sent: true, value: 'progress post' });
    expect(await coalesced).toEqual({ sent: true, value: 'm1 progress' });
    expect(await waiting[0]).toEqual({ sent: false, reason: 'superseded' });
    expect(await essential).toEqual({ sent: true, value: 'm5 final' });
    expect(chat.calls.map((call) => call.label).sort()).toEqual(['m0', 'm1 progress', 'm2', 'm3', 'm5 final', 'progress post']);
  });

  it('counts waiting updates in the backlog, and whenIdle waits for them', async () => {
    const { clock, update, scheduler } = setup({ channelIntervalMs: 0, updates: { perMinute: 60, burst: 1 } });
    for (const message of ['a', 'b', 'c']) void update('C1', message, message);
    let idle = false;
    void scheduler.whenIdle().then(() => (idle = true));
    await clock.advance(500);
    expect(scheduler.backlog()).toBe(2);
    expect(idle).toBe(false);
    await clock.advance(1500);
    expect(scheduler.backlog()).toBe(0);
    expect(idle).toBe(true);
  });
});
