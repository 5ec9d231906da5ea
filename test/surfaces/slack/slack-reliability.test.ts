import {
  alertPost,
  blockText,
  CHANNEL,
  envelope,
  hypothesisMessageTs,
  reaction,
  SIGNING_SECRET,
  startHarness,
  type SlackHarness,
} from './slack-test-harness';
import { SlackDelivery } from './signed-request';
import { threadScript } from './thread-script';

/** Lets Bolt run a listener after the event was acknowledged (nothing to wait for in Slack). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function statusPosts(harness: SlackHarness) {
  return harness.fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('Causa is investigating'));
}

describe('Slack surface reliability', () => {
  let harness: SlackHarness;
  let delivery: SlackDelivery;

  beforeEach(async () => {
    harness = await startHarness({ slack: { threadLayout: 'verbose', steerers: { mode: 'allowlist', users: ['UOPS'], userGroups: ['SONCALL'] } } });
    harness.fake.setGroup('SONCALL', ['UONCALL']);
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  });

  afterEach(async () => {
    await harness.close();
  });

  it('a retried event (X-Slack-Retry-Num: 1) starts nothing new', async () => {
    const alert = envelope(alertPost(harness, '1715679770.000100'), 'EvRetried');
    expect((await delivery.event(alert)).status).toBe(200);
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    expect((await delivery.event(alert, { retryNum: 1 })).status).toBe(200);
    await settle();
    await harness.service.whenIdle();
    expect(statusPosts(harness)).toHaveLength(1);
    expect(threadScript(harness.fake.calls).filter((step) => step === 'post rca')).toHaveLength(1);
  });

  it('the same alert posted twice starts one investigation and says so in the second thread', async () => {
    expect((await delivery.event(envelope(alertPost(harness, '1715679770.000100')))).status).toBe(200);
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    expect((await delivery.event(envelope(alertPost(harness, '1715679775.000200')))).status).toBe(200);
    await harness.fake.waitFor((calls) => calls.some((call) => String(call.body.text).startsWith('🔁')));
    await harness.service.whenIdle();

    expect(statusPosts(harness)).toHaveLength(1);
    expect(statusPosts(harness)[0].body.thread_ts).toBe('1715679770.000100');
    const notice = harness.fake.callsOf('chat.postMessage').find((call) => String(call.body.text).startsWith('🔁'));
    expect(notice?.body.thread_ts).toBe('1715679775.000200');
    expect(notice?.body.text).toMatch(/investigation `inv-/);
    // It links to Causa's first message in the thread that has the answer.
    const [permalink] = harness.fake.callsOf('chat.getPermalink');
    expect(permalink.body).toMatchObject({ channel: CHANNEL, message_ts: statusPosts(harness)[0].response.ts });
    expect(notice?.body.text).toContain(`<${permalink.response.permalink.replace(/&/g, '&amp;')}|its thread>`);
  });

  it('answers a second post of the alert only once the first thread has its first message', async () => {
    // Both posts arrive before the first investigation said anything.
    const [first, second] = await Promise.all([
      delivery.event(envelope(alertPost(harness, '1715679770.000100'))),
      delivery.event(envelope(alertPost(harness, '1715679775.000200'))),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await harness.fake.waitFor((calls) => calls.some((call) => String(call.body.text).startsWith('🔁')));
    await harness.service.whenIdle();
    const posts = harness.fake.callsOf('chat.postMessage');
    const notice = posts.find((call) => String(call.body.text).startsWith('🔁'))!;
    const answered = posts.find((call) => call.body.thread_ts !== notice.body.thread_ts)!;
    expect(harness.fake.calls.indexOf(answered)).toBeLessThan(harness.fake.calls.indexOf(notice));
    expect(notice.body.text).toContain(`/p${String(answered.response.ts).replace('.', '')}`);
  });

  it('ignores non-alerts, other bots and posts outside the auto-trigger channels', async () => {
    const chatter = { ...alertPost(harness, '1715679771.000100'), attachments: [{ text: 'deploy finished, all green' }] };
    const otherBot = { ...alertPost(harness, '1715679772.000100'), bot_id: 'BSOMEBOT' };
    const otherChannel = { ...alertPost(harness, '1715679773.000100'), channel: 'CRANDOM' };
    for (const event of [chatter, otherBot, otherChannel]) expect((await delivery.event(envelope(event))).status).toBe(200);
    await settle();
    expect(harness.service.runningInvestigations()).toHaveLength(0);
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('an unauthorized vote gets an ephemeral explanation and changes nothing; a group member’s vote counts', async () => {
    const outcome: string[] = [];
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H1') return;
      const ts = hypothesisMessageTs(harness.fake.calls, 'H1')!;
      await delivery.event(envelope(reaction('UINTRUDER', 'thumbsdown', ts)));
      await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postEphemeral'));
      outcome.push(`steering after intruder: ${harness.store.steering.length}`);
      await delivery.event(envelope(reaction('UONCALL', '+1::skin-tone-3', ts)));
      await harness.store.waitForSteering(1);
    });
    await delivery.event(envelope(alertPost(harness, '1715679770.000100')));
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    expect(outcome).toEqual(['steering after intruder: 0']);
    const [ephemeral] = harness.fake.callsOf('chat.postEphemeral');
    expect(ephemeral.body).toMatchObject({ user: 'UINTRUDER', channel: 'CINCIDENTS', thread_ts: '1715679770.000100' });
    expect(ephemeral.body.text).toMatch(/not counted/);
    expect(harness.fake.callsOf('usergroups.users.list').length).toBeGreaterThanOrEqual(1);
    expect(harness.store.steering).toEqual([expect.objectContaining({ type: 'confirm', hypothesisId: 'H1', by: 'UONCALL' })]);
    const steeringNotes = harness.fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('🧭'));
    expect(steeringNotes.map((call) => call.body.text)).toEqual([expect.stringMatching(/H1 confirmed by UONCALL/)]);
  });

  it('a signed payload Bolt cannot read (a view_submission without its view) gets 400, not an empty 500', async () => {
    const answer = await delivery.interaction({ type: 'view_submission', user: { id: 'W0ENT' }, team: { id: 'T0TEST' } });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('malformed Slack payload');
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('a forged or stale signature gets 401 and nothing happens', async () => {
    const forged = await delivery.event(envelope(alertPost(harness, '1715679770.000100')), { signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await delivery.event(envelope(alertPost(harness, '1715679771.000100')), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(401);
    await settle();
    expect(harness.service.runningInvestigations()).toHaveLength(0);
    expect(harness.fake.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  it('a 429 on chat.postMessage is retried after Retry-After and the message still arrives', async () => {
    harness.fake.rateLimitNext('chat.postMessage');
    await delivery.event(envelope(alertPost(harness, '1715679770.000100')));
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    const posts = harness.fake.callsOf('chat.postMessage');
    expect(posts[0].rateLimited).toBe(true);
    expect(posts[1].rateLimited).toBe(false);
    expect(posts[1].body).toEqual(posts[0].body);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(990);
    expect(blockText(posts[1])).toContain('Causa is investigating');
    expect(threadScript(harness.fake.calls)).toContain('post rca');
  });

  it('a failing handler is logged with the investigation id and answered with one short message in the thread', async () => {
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H1') return;
      harness.fake.failNext('chat.postEphemeral', 'channel_not_found');
      await delivery.event(envelope({ type: 'message', user: 'UINTRUDER', text: 'stop', channel: 'CINCIDENTS', ts: '1715679790.000100', thread_ts: '1715679770.000100' }));
      await harness.fake.waitFor((calls) => calls.some((call) => String(call.body.text).startsWith('⚠️')));
    });
    await delivery.event(envelope(alertPost(harness, '1715679770.000100')));
    await harness.fake.waitFor(() => statusPosts(harness).length === 1);
    await harness.service.whenIdle();

    const warnings = harness.fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('⚠️'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].body).toMatchObject({ channel: 'CINCIDENTS', thread_ts: '1715679770.000100' });
    expect(warnings[0].body.text).toMatch(/^⚠️ Causa could not handle that: something went wrong \(slack_webapi_platform_error\)[^\n]*Investigation `inv-[^`]+`\.$/);
    expect(warnings[0].body.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
    const logged = harness.logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'a Slack request failed');
    expect(logged).toMatchObject({ surface: 'slack', investigationId: expect.stringMatching(/^inv-/), level: 50 });
    // The investigation itself went on to its report.
    expect(threadScript(harness.fake.calls)).toContain('post rca');
  });
});
