import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { RedisInvestigationStore } from '../../../src/store/redis/redis-investigation-store';
import { freePort, PrivateRedis } from '../../store/private-redis';
import { waitUntil } from '../../queue/queue-harness';
import { startInProcess } from '../../support/serve-in-process';
import { FakeSlackApi, isThreadUpload } from './fake-slack-api';
import { SlackDelivery } from './signed-request';
import { ALERT_BOT, CHANNEL, envelope } from './slack-test-harness';

jest.setTimeout(120_000);

const BLIP_MS = 4_000;

/**
 * `causa all` on a private Redis that goes away for four seconds in the middle of an
 * investigation, as a Redis restart or a failover does: the investigation waits and finishes,
 * its thread gets the RCA, nothing is left `running`, and an alert posted during the outage is
 * refused with 503 + Retry-After (Slack retries it) instead of acknowledged and forgotten.
 */
describe('a Redis blip under causa all', () => {
  let dir: string;
  let redisDir: string;
  let redis: PrivateRedis;
  let fake: FakeSlackApi;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-blip-'));
    redisDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-blip-redis-'));
    await writeScenario('kafka-consumer-lag', dir);
    // The thread paced at 10 calls a second instead of Slack's one (its updates too, instead of
    // chat.update's 50 a minute): what is tested is the blip, not the pacing, and at one a second
    // the two threads take ~40 s of the test's time (more on a busy CI).
    await fs.writeFile(path.join(dir, 'causa.yaml'), 'slack:\n  posting:\n    channelIntervalMs: 100\n    updates:\n      perMinute: 600\n');
    redis = new PrivateRedis(await freePort(), redisDir);
    await redis.start();
    fake = new FakeSlackApi();
    await fake.start();
  });

  afterAll(async () => {
    await fake?.stop();
    await redis?.stop();
    for (const folder of [dir, redisDir]) if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('leaves no zombie: the investigation resumes and finishes, and an alert posted meanwhile is refused for a retry', async () => {
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-blip', SLACK_SIGNING_SECRET: 'blip-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port),
      CAUSA_BUNDLE_DIR: dir, CAUSA_SLACK_CHANNELS: CHANNEL, CAUSA_ALERT_SENDERS: ALERT_BOT,
      CAUSA_STORE: 'redis', REDIS_URL: redis.url, LOG_LEVEL: 'info',
    };
    const all = await startInProcess('all', env, dir);
    const reader = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 50 });
    try {
      const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'blip-secret');
      const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.text as string;
      // The second alert is another alert instance (other labels, another fingerprint).
      const post = (ts: string, text = caseAlert) => ({ type: 'message', subtype: 'bot_message', bot_id: ALERT_BOT, channel: CHANNEL, ts, text });
      const second = caseAlert.replace('*topic:* `orders`', '*topic:* `orders-retry`');
      const started = (calls: { method: string; body: Record<string, unknown> }[]) =>
        calls.some((call) => call.method === 'chat.postMessage' && String(call.body.text).startsWith('Causa is investigating'));

      expect((await delivery.event(envelope(post('1715679770.000100')))).status).toBe(200);
      // The investigation is under way: its thread opened, its report not yet posted.
      await fake.waitFor(started, 30_000);
      const reportedBefore = fake.threadUploads().length;
      await redis.stop();
      const downAt = Date.now();

      // Once the process has seen Redis go (its readiness says so), an alert posted is refused, so
      // Slack keeps it and retries. (One that arrives before the outage is noticed is refused too,
      // once a PING goes unanswered for a moment: see test/server/store-guard.int.test.ts; one
      // acknowledged before Redis went is kept and replayed: see slack-store-outage.test.ts.)
      await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 503, 30_000, () => 'readiness to report the store outage');
      const refused = await delivery.event(envelope(post('1715679790.000200', second), 'EvDuringBlip'));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.text()).toMatch(/store \(Redis\) is unreachable/);

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, BLIP_MS - (Date.now() - downAt))));
      await redis.start();

      // The first investigation finishes with its RCA; nothing is left running or failed.
      await reader.connect();
      await fake.waitFor((calls) => calls.filter(isThreadUpload).length > reportedBefore, 60_000);
      expect(reportedBefore).toBe(0);
      const store = new RedisInvestigationStore({ redis: reader });
      const firstId = await store.findByThread({ surface: 'slack', channel: CHANNEL, threadId: '1715679770.000100' });
      const first = firstId ? await store.get(firstId) : undefined;
      expect(first?.status).toBe('done');
      // It was under way when Redis went: it wrote before the blip and finished after it.
      const journal = await store.events(firstId!);
      expect(Date.parse(journal[0].at)).toBeLessThan(downAt);
      expect(Date.parse(journal.find((event) => event.type === 'report-ready')!.at)).toBeGreaterThanOrEqual(downAt + BLIP_MS);

      // Slack's retry of the refused event now starts its investigation.
      await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 30_000, () => 'readiness after the blip');
      expect(second).not.toBe(caseAlert);
      expect((await delivery.event(envelope(post('1715679790.000200', second), 'EvDuringBlip'), { retryNum: 1 })).status).toBe(200);
      await fake.waitFor((calls) => calls.filter(isThreadUpload).length === 2, 60_000);

      const text = all.logs.join('');
      expect(text).not.toMatch(/"msg":"investigation failed"/);
      const statuses = fake.callsOf('chat.postMessage').filter((call) => String(call.body.text).startsWith('Causa is investigating'));
      expect(statuses.map((call) => call.body.thread_ts).sort()).toEqual(['1715679770.000100', '1715679790.000200']);
    } finally {
      reader.disconnect();
      expect(await all.stop()).toBe(0);
    }
  });
});
