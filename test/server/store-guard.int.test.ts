import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { waitUntil } from '../queue/queue-harness';
import { freePort, PrivateRedis } from '../store/private-redis';
import { startInProcess, type InProcessServer } from '../support/serve-in-process';
import { FakeSlackApi } from '../surfaces/slack/fake-slack-api';
import { APP_ID, APP_PASSWORD, FakeBotFramework, TENANT_ID } from '../surfaces/teams/fake-bot-framework';
import { channelMessage, trustCertificate } from '../surfaces/teams/teams-test-harness';
import { SlackDelivery } from '../surfaces/slack/signed-request';
import { ALERT_BOT, CHANNEL, envelope } from '../surfaces/slack/slack-test-harness';

jest.setTimeout(120_000);

/** Slack gives up on a request after 3 s; a refusal must come well before that. */
const FAST_MS = 1_500;
/** Longer than a store check's success is reused, so the next request checks the store again. */
const PAST_REUSE_MS = 600;

/** Resolves with what `request` resolves with, or with 'still waiting' after Slack's 3 s. */
async function within3s<T>(request: Promise<T>): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), 3_000)));
  try {
    return await Promise.race([request, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `causa serve` (Slack and Teams) on a private Redis that stops answering while ioredis still
 * thinks it is connected (the server frozen with SIGSTOP: the socket stays open, nothing
 * answers), or that is killed: a Slack event or Teams activity delivered in that first instant is
 * refused within a second with 503 + Retry-After, so the platform keeps it and retries, instead of
 * being handed to the surface to wait on the store (a Teams activity is answered only once the bot
 * has run, so it waited as long as Redis was frozen). Once Redis answers again, deliveries pass.
 */
describe('the chat routes of causa serve when Redis stops answering', () => {
  let dir: string;
  let redisDir: string;
  let redis: PrivateRedis;
  let fake: FakeSlackApi;
  let teams: FakeBotFramework;
  let serve: InProcessServer;
  let port: number;
  let delivery: SlackDelivery;
  let posted = 0;
  let alertText = '';

  // Each delivery is a new alert post (its own ts, event id and topic), so none is a duplicate of another.
  const deliver = async () => {
    posted++;
    const ts = `17156797${String(70 + posted).padStart(2, '0')}.000100`;
    const started = Date.now();
    const response = await delivery.event(envelope({ type: 'message', subtype: 'bot_message', bot_id: ALERT_BOT, channel: CHANNEL, ts, text: alertText.replace('*topic:* `orders`', `*topic:* \`orders-${posted}\``) }, `EvGuard${posted}`));
    return { response, text: await response.text(), elapsedMs: Date.now() - started };
  };
  const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-guard-'));
    redisDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-guard-redis-'));
    await writeScenario('kafka-consumer-lag', dir);
    alertText = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.text as string;
    redis = new PrivateRedis(await freePort(), redisDir);
    await redis.start();
    fake = new FakeSlackApi();
    await fake.start();
    teams = new FakeBotFramework();
    await teams.start();
    trustCertificate(teams.certificate);
    await fs.writeFile(path.join(dir, 'causa.yaml'), `teams:\n  endpoints:\n${Object.entries(teams.endpoints()).map(([key, value]) => `    ${key}: "${value}"`).join('\n')}\n`);
    port = await freePort();
    const env = {
      MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT_ID,
      SLACK_BOT_TOKEN: 'xoxb-guard', SLACK_SIGNING_SECRET: 'guard-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port),
      CAUSA_BUNDLE_DIR: dir, CAUSA_SLACK_CHANNELS: CHANNEL, CAUSA_ALERT_SENDERS: ALERT_BOT,
      CAUSA_STORE: 'redis', REDIS_URL: redis.url, LOG_LEVEL: 'info',
    };
    serve = await startInProcess('serve', env, dir);
    delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'guard-secret');
  });

  afterAll(async () => {
    redis?.resume();
    if (serve) expect(await serve.stop()).toBe(0);
    await fake?.stop();
    await teams?.stop();
    await redis?.stop();
    for (const folder of [dir, redisDir]) if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('refuses a delivery at once while Redis is frozen, and lets deliveries through once it answers again', async () => {
    expect((await deliver()).response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, PAST_REUSE_MS));

    redis.pause();
    try {
      const refused = await deliver();
      expect(refused.response.status).toBe(503);
      expect(refused.elapsedMs).toBeLessThan(FAST_MS);
      expect(refused.response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.text).toMatch(/store \(Redis\) is unreachable/);
      // Refused because the store did not answer, not because the client had seen it go.
      expect(serve.logs.join('')).toMatch(/"msg":"a chat request is refused: the investigation store did not answer"/);

      // Several deliveries at once are all refused within the bound too.
      const burst = await Promise.all([deliver(), deliver(), deliver()]);
      expect(burst.map(({ response }) => response.status)).toEqual([503, 503, 503]);
      expect(Math.max(...burst.map(({ elapsedMs }) => elapsedMs))).toBeLessThan(FAST_MS);
    } finally {
      redis.resume();
    }

    const passed = await deliver();
    expect(passed.response.status).toBe(200);
    expect(passed.elapsedMs).toBeLessThan(FAST_MS);
  });

  it('refuses a delivery at once when Redis is killed, and lets deliveries through once it is back', async () => {
    await new Promise((resolve) => setTimeout(resolve, PAST_REUSE_MS));
    await redis.kill();
    const refused = await deliver();
    expect(refused.response.status).toBe(503);
    expect(refused.elapsedMs).toBeLessThan(FAST_MS);
    expect(refused.text).toMatch(/store \(Redis\) is unreachable/);

    await redis.start();
    await waitUntil(ready, 30_000, () => 'readiness after Redis came back');
    const passed = await deliver();
    expect(passed.response.status).toBe(200);
    expect(passed.elapsedMs).toBeLessThan(FAST_MS);
  });

  it('refuses a Teams activity at once while Redis is frozen, instead of leaving it waiting on the store', async () => {
    const activity = () => teams.deliver(`http://127.0.0.1:${port}/api/messages`, channelMessage(teams, { mention: true, text: 'help' }));
    expect((await activity()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, PAST_REUSE_MS));

    redis.pause();
    let refused: Awaited<ReturnType<typeof activity>> | 'still waiting';
    const started = Date.now();
    try {
      refused = await within3s(activity());
    } finally {
      redis.resume();
    }
    expect(refused).toMatchObject({ status: 503, body: expect.stringMatching(/store \(Redis\) is unreachable/) });
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect((await activity()).status).toBe(200);
  });
});
