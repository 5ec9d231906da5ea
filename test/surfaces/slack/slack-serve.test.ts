import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serveCommand } from '../../../src/cli/serve-command';
import type { CliIo } from '../../../src/cli/cli-io';
import { ConfigError } from '../../../src/core/errors';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { FakeSlackApi } from './fake-slack-api';
import { SlackDelivery } from './signed-request';
import { alertPost, ALERT_BOT, CHANNEL, envelope } from './slack-test-harness';

function io(env: Record<string, string>, cwd: string): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return { out: () => undefined, err: (text) => errors.push(text), env, cwd, errors };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('causa serve', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-serve-kafka-consumer-lag-'));
    await writeScenario('kafka-consumer-lag', dir);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('exits 2 naming the missing Slack variables', async () => {
    const cli = io({}, dir);
    expect(await serveCommand([], cli)).toBe(2);
    expect(cli.errors.join('')).toMatch(/SLACK_BOT_TOKEN is missing[\s\S]*SLACK_APP_TOKEN is missing[\s\S]*SLACK_SIGNING_SECRET is missing/);
  });

  it('refuses to start without telemetry, saying how to configure it', async () => {
    const cli = io({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, dir);
    await expect(serveCommand([], cli)).rejects.toThrow(ConfigError);
    await expect(serveCommand([], cli)).rejects.toThrow(/CAUSA_BUNDLE_DIR/);
  });

  it('serves the HTTP Events API until shut down, investigating posted alerts', async () => {
    const fake = new FakeSlackApi();
    await fake.start();
    const port = await freePort();
    let stop = () => undefined as void;
    const shutdown = new Promise<void>((resolve) => (stop = resolve));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: 'serve-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port),
      CAUSA_BUNDLE_DIR: dir, CAUSA_SLACK_CHANNELS: CHANNEL, CAUSA_ALERT_SENDERS: ALERT_BOT, LOG_LEVEL: 'silent',
    };
    let ready: (info: { mode: string; port?: number }) => void = () => undefined;
    const readyInfo = new Promise<{ mode: string; port?: number }>((resolve) => (ready = resolve));
    const running = serveCommand([], io(env, dir), { shutdown, onReady: (info) => ready(info) });
    try {
      expect(await readyInfo).toEqual({ mode: 'http', port, role: 'serve' });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('causa_investigations_started_total');
      const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.text as string;
      const [title, ...body] = caseAlert.split('\n');
      const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'serve-secret');
      expect((await delivery.event(envelope(alertPost({ alertText: { title, body: body.join('\n') } }, '1715679770.000100')))).status).toBe(200);
      await fake.waitFor((calls) => calls.some((call) => call.method === 'files.completeUploadExternal'), 20_000);
    } finally {
      stop();
      expect(await running).toBe(0);
      await fake.stop();
    }
  });
});
