import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { freePort } from '../store/private-redis';
import { waitUntil } from './queue-harness';
import { describeWithRedis, REDIS_URL, uniquePrefix } from '../store/redis-test-support';
import { startInProcess, type InProcessServer } from '../support/serve-in-process';
import { FakeSlackApi, isThreadUpload } from '../surfaces/slack/fake-slack-api';
import { SlackDelivery } from '../surfaces/slack/signed-request';
import { ALERT_BOT, CHANNEL, envelope } from '../surfaces/slack/slack-test-harness';

jest.setTimeout(90_000);

/**
 * Follow-ups in the real processes: `causa serve` enqueues, a `causa worker` investigates and
 * schedules its follow-up as a delayed job on Redis, and that worker is gone before it is due:
 * another worker runs it, and the thread gets the update and the revised RCA.
 */
describeWithRedis('follow-ups across serve and worker processes', () => {
  let dir: string;
  let fake: FakeSlackApi;
  const running: InProcessServer[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-follow-ups-'));
    await writeScenario('kafka-consumer-lag', path.join(dir, 'bundle'));
    fake = new FakeSlackApi();
    await fake.start();
  });

  afterAll(async () => {
    for (const process of running.splice(0)) await process.stop();
    await fake?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a follow-up scheduled by a worker that is gone runs on another worker (workers serve health and metrics)', async () => {
    const port = await freePort();
    const prefix = uniquePrefix();
    // Every answer gets one follow-up, six seconds after it (the first worker is gone by then); keys of its own on the shared Redis.
    await fs.writeFile(path.join(dir, 'causa.yaml'), `followUps:\n  delaysSeconds: [6]\n  confidentAt: 1\nstore:\n  keyPrefix: "${prefix}:"\n`);
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-follow', SLACK_SIGNING_SECRET: 'follow-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port),
      // A live source beside the recording (unreachable here): telemetry that may grow, so follow-ups are on.
      CAUSA_BUNDLE_DIR: path.join(dir, 'bundle'), CAUSA_PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
      CAUSA_SLACK_CHANNELS: CHANNEL, CAUSA_ALERT_SENDERS: ALERT_BOT, CAUSA_STORE: 'redis', REDIS_URL, CAUSA_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'info',
    };
    const serve = await startInProcess('serve', env, dir);
    running.push(serve);
    const firstPort = await freePort();
    const first = await startInProcess('worker', { ...env, PORT: String(firstPort) }, dir);
    running.push(first);
    const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'bundle', 'case.json'), 'utf8')).alert.text as string;
    const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'follow-secret');
    const post = { type: 'message', subtype: 'bot_message', bot_id: ALERT_BOT, channel: CHANNEL, ts: '1715679770.000100', text: caseAlert };
    expect((await delivery.event(envelope(post))).status).toBe(200);

    // The first answer is out, its follow-up scheduled: the worker that ran it stops.
    await waitUntil(() => first.logs.join('').includes('"msg":"follow-up scheduled"'), 45_000, () => 'no follow-up was scheduled');
    // A worker is probed and scraped like the other processes.
    expect((await fetch(`http://127.0.0.1:${firstPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${firstPort}/readyz`)).headers.get('content-type')).toMatch(/json/);
    expect(await (await fetch(`http://127.0.0.1:${firstPort}/metrics`)).text()).toMatch(/^causa_investigations_finished_total\{outcome="(concluded|abstained)"\} 1$/m);
    running.splice(running.indexOf(first), 1);
    expect(await first.stop()).toBe(0);
    const second = await startInProcess('worker', { ...env, PORT: String(await freePort()) }, dir);
    running.push(second);

    await fake.waitFor((calls) => calls.some(isThreadUpload), 45_000);
    await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && /^Revised RCA \(version 2/.test(String(call.body.text))), 45_000);
    expect(second.logs.join('')).toMatch(/"msg":"follow-up due"/);
    expect(first.logs.join('')).not.toMatch(/"msg":"follow-up due"/);
  });
});
