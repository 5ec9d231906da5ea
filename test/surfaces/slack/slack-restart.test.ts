import { FakeSlackApi } from './fake-slack-api';
import { ALERT_BOT, alertPost, envelope, ObservedStore, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

const ALERT_TS = '1715679770.000100';

/**
 * A Slack surface process stops after drawing a thread and another starts on the same store: it
 * draws what comes next in the same thread, updates the same status message, and posts nothing
 * that was posted before.
 */
describe('the Slack thread after the surface process restarts', () => {
  const fake = new FakeSlackApi();
  const store = new ObservedStore();
  let first: SlackHarness | undefined;
  let second: SlackHarness | undefined;

  beforeAll(async () => {
    await fake.start();
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await fake.stop();
  });

  it('posts the resolution in the same thread, updates the same status message and posts nothing again', async () => {
    first = await startHarness({ fake, store });
    const delivery = new SlackDelivery(`http://127.0.0.1:${first.port}/slack/events`, SIGNING_SECRET);
    expect((await delivery.event(envelope(alertPost(first, ALERT_TS)))).status).toBe(200);
    await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && String(call.body.reply_broadcast) === 'true'), 30_000);
    await first.service.whenIdle();
    const posted = fake.callsOf('chat.postMessage').filter((call) => call.body.thread_ts === ALERT_TS);
    const status = posted[0];
    expect(status.body.metadata).toMatchObject({ event_type: 'causa_thread_message', event_payload: { purpose: 'status' } });
    await first.close();
    const before = fake.calls.length;

    second = await startHarness({ fake, store });
    const again = new SlackDelivery(`http://127.0.0.1:${second.port}/slack/events`, SIGNING_SECRET);
    const resolvedTitle = first.alertText.title.replace('[FIRING:1]', '[RESOLVED]');
    const resolution = alertPost({ alertText: { title: resolvedTitle, body: first.alertText.body } }, '1715680770.000100');
    expect((await again.event(envelope({ ...resolution, bot_id: ALERT_BOT }))).status).toBe(200);
    await fake.waitFor((calls) => calls.slice(before).some((call) => call.method === 'chat.update' && call.body.ts === status.response.ts), 20_000);
    await second.service.whenIdle();

    const after = fake.calls.slice(before).filter((call) => call.body.thread_ts === ALERT_TS || call.body.ts === status.response.ts);
    const newPosts = after.filter((call) => call.method === 'chat.postMessage');
    expect(newPosts.map((call) => String(call.body.text))).toEqual([expect.stringMatching(/^✅ The alert resolved/)]);
    expect(after.filter((call) => call.method === 'chat.update').every((call) => call.body.ts === status.response.ts)).toBe(true);
    expect(fake.threadUploads()).toHaveLength(1);
  }, 90_000);
});
