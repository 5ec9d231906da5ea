import { FakeSlackApi } from './fake-slack-api';
import { alertPost, envelope, SIGNING_SECRET, startHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

jest.setTimeout(120_000);

/**
 * One incident's thread under Slack's own per-channel limit (about one message a second, a short
 * burst tolerated) with the default posting policy: the whole thread, the RCA and its files, goes
 * out without a single 429.
 */
describe('a single incident under Slack per-channel limits', () => {
  it('meets no 429 with the default posting policy', async () => {
    const fake = new FakeSlackApi();
    await fake.start();
    fake.limitChannels({ burst: 3, refillMs: 1000, retryAfterSeconds: 1 });
    // The default policy: 1 call a second per channel after a burst of 3, 300 a minute per workspace.
    const harness = await startHarness({ fake, scenario: 'noisy-neighbour', slack: { posting: {} } });
    try {
      const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
      expect((await delivery.event(envelope(alertPost(harness, '1715679770.000100')))).status).toBe(200);
      await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && call.body.reply_broadcast === 'true' && call.response.ok), 90_000);
      await harness.service.whenIdle();
      const paced = fake.calls.filter((call) => call.method === 'chat.postMessage' || call.method === 'chat.update');
      expect(paced.length).toBeGreaterThanOrEqual(8);
      if (process.env.DEBUG_PACING) console.log(fake.calls.map((c) => `${c.at - fake.calls[0].at} ${c.method} ${c.body.channel ?? ''} ${c.rateLimited ? '429' : ''}`).join('\n'));
      expect(fake.calls.filter((call) => call.rateLimited)).toEqual([]);
    } finally {
      await harness.close();
      await fake.stop();
    }
  });
});
