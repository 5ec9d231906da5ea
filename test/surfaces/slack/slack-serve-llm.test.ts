import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serveCommand } from '../../../src/cli/serve-command';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { helpfulModel } from '../../fakes/model-behaviours';
import { OpenAiCompatibleServer } from '../../fakes/openai-compatible-server';
import { FakeSlackApi } from './fake-slack-api';
import { SlackDelivery } from './signed-request';
import { alertPost, ALERT_BOT, CHANNEL, envelope } from './slack-test-harness';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('causa serve with reasoner.type llm', () => {
  it('investigates with the LLM reasoner, answers in threads and counts the model tokens on /metrics', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-serve-llm-'));
    await writeScenario('kafka-consumer-lag', dir);
    const model = await new OpenAiCompatibleServer(helpfulModel).start();
    const fake = new FakeSlackApi();
    await fake.start();
    const port = await freePort();
    let stop = () => undefined as void;
    const shutdown = new Promise<void>((resolve) => (stop = resolve));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: 'serve-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port),
      CAUSA_BUNDLE_DIR: dir, CAUSA_SLACK_CHANNELS: CHANNEL, CAUSA_ALERT_SENDERS: ALERT_BOT, LOG_LEVEL: 'silent',
      CAUSA_REASONER: 'llm', CAUSA_LLM_BASE_URL: model.url, CAUSA_LLM_MODEL: 'local-model',
    };
    let ready: () => void = () => undefined;
    const readyNow = new Promise<void>((resolve) => (ready = resolve));
    const running = serveCommand([], { out: () => undefined, err: () => undefined, env, cwd: dir }, { shutdown, onReady: () => ready() });
    try {
      await readyNow;
      const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.text as string;
      const [title, ...body] = caseAlert.split('\n');
      const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'serve-secret');
      await delivery.event(envelope(alertPost({ alertText: { title, body: body.join('\n') } }, '1715679770.000100')));
      // The report and charts go up first, then the RCA is broadcast.
      await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && call.body.reply_broadcast === 'true'), 30_000);
      const rca = fake.callsOf('chat.postMessage').find((call) => call.body.reply_broadcast === 'true')!;
      expect(JSON.stringify(rca.body.blocks)).toMatch(/language model: \d+ calls, [1-9]\d* tokens/);
      await delivery.event(envelope({ type: 'message', user: 'UDEV', text: 'why not checkout-api?', channel: CHANNEL, ts: '1715679990.000100', thread_ts: '1715679770.000100' }));
      await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && String(call.body.text).startsWith('💬')), 20_000);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const prompt = Number(/causa_llm_tokens_total\{kind="prompt"\} (\d+)/.exec(metrics)?.[1] ?? 0);
      expect(prompt).toBeGreaterThan(0);
    } finally {
      stop();
      expect(await running).toBe(0);
      await fake.stop();
      await model.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
