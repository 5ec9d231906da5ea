import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { freePort } from '../../store/private-redis';
import { startInProcess } from '../../support/serve-in-process';
import { FakeSlackApi } from './fake-slack-api';
import { SlackDelivery } from './signed-request';
import { ALERT_BOT, CHANNEL, envelope } from './slack-test-harness';

const PLANTED = { botToken: 'xoxb-planted-bot-token-6620', signingSecret: 'planted-signing-secret-3391', hookSecret: 'planted-deploy-hook-secret-1147' };

/**
 * A configured secret that reaches an investigation as data (pasted into an alert, echoed by a
 * tool) is redacted before it is recorded, so no Slack call of the thread — status, hypotheses,
 * RCA, broadcast, the uploaded report — carries it.
 */
describe('secrets in what Causa posts to Slack', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-serve-secrets-'));
    await writeScenario('kafka-consumer-lag', dir);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('never appear in a thread, even when the alert itself carries them', async () => {
    const fake = new FakeSlackApi();
    await fake.start();
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: PLANTED.botToken, SLACK_SIGNING_SECRET: PLANTED.signingSecret, SLACK_API_URL: fake.apiUrl, PORT: String(port),
      CAUSA_DEPLOY_HOOK_SECRET: PLANTED.hookSecret, CAUSA_BUNDLE_DIR: dir, CAUSA_SLACK_CHANNELS: CHANNEL, CAUSA_ALERT_SENDERS: ALERT_BOT, LOG_LEVEL: 'silent',
    };
    const serve = await startInProcess('serve', env, dir);
    try {
      const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.text as string;
      const leaky = caseAlert
        .replace('critical)', `critical ${PLANTED.signingSecret})`)
        .replace('*Description:* ', `*Description:* webhook token ${PLANTED.hookSecret} rejected; bot ${PLANTED.botToken}; `)
        .replace('*topic:* `orders`', `*topic:* \`orders\`\n  • *secret:* \`${PLANTED.signingSecret}\``);
      const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, PLANTED.signingSecret);
      const post = { type: 'message', subtype: 'bot_message', bot_id: ALERT_BOT, channel: CHANNEL, ts: '1715679770.000100', text: leaky };
      expect((await delivery.event(envelope(post))).status).toBe(200);
      // The RCA broadcast is the thread's last message.
      await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && call.body.reply_broadcast === 'true'), 30_000);

      const posted = fake.calls.filter((call) => call.method !== 'auth.test');
      expect(posted.length).toBeGreaterThan(3);
      const everything = posted.map((call) => JSON.stringify(call.body)).join('\n');
      const leaked = Object.values(PLANTED).filter((secret) => everything.includes(secret));
      expect(leaked).toEqual([]);
      // The alert was still read and investigated: the redaction kept the rest of its text.
      expect(everything).toContain('orders-consumer');
    } finally {
      expect(await serve.stop()).toBe(0);
      await fake.stop();
    }
  });
});
