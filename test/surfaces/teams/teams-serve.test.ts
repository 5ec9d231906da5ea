import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { serveCommand } from '../../../src/cli/serve-command';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { FakeSlackApi } from '../slack/fake-slack-api';
import { APP_ID, APP_PASSWORD, FakeBotFramework, TENANT_ID } from './fake-bot-framework';
import { channelMessage, trustCertificate } from './teams-test-harness';

describe('causa serve with Microsoft Teams credentials', () => {
  let dir: string;
  let fake: FakeBotFramework;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-serve-teams-'));
    await writeScenario('kafka-consumer-lag', dir);
    fake = new FakeBotFramework();
    await fake.start();
    trustCertificate(fake.certificate);
    await fs.writeFile(path.join(dir, 'causa.yaml'), `teams:\n  endpoints:\n${Object.entries(fake.endpoints()).map(([key, value]) => `    ${key}: "${value}"`).join('\n')}\n`);
  }, 30_000);

  afterAll(async () => {
    await fake?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function serve(env: Record<string, string>, during: (port: number) => Promise<void>): Promise<{ code: number; logs: string; errors: string }> {
    const logs: string[] = [];
    const errors: string[] = [];
    let stop = () => undefined as void;
    const shutdown = new Promise<void>((resolve) => (stop = resolve));
    let ready: (port: number) => void = () => undefined;
    const readyPort = new Promise<number>((resolve) => (ready = resolve));
    readyInfo = undefined;
    const running = serveCommand(['--config', path.join(dir, 'causa.yaml')], { out: () => undefined, err: (text) => errors.push(text), env: { CAUSA_BUNDLE_DIR: dir, PORT: String(await freePort()), LOG_LEVEL: 'info', ...env }, cwd: dir }, {
      shutdown,
      onReady: (info) => {
        readyInfo = info;
        ready(info.port);
      },
      logDestination: new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }),
    });
    const outcome = await Promise.race([readyPort.then((port) => ({ port })), running.then((code) => ({ code }))]);
    if ('port' in outcome) {
      try {
        await during(outcome.port);
      } finally {
        stop();
      }
    }
    return { code: await running, logs: logs.join(''), errors: errors.join('') };
  }

  let readyInfo: { mode: string | null; teams: boolean; port: number } | undefined;
  const credentials = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT_ID };

  it('starts the bot alone, logs its authentication health, and serves /api/messages with authentication on', async () => {
    const result = await serve(credentials, async (port) => {
      const unsigned = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(channelMessage(fake, { text: 'hello' })) });
      expect(unsigned.status).toBe(401);
      const signed = await fake.deliver(`http://127.0.0.1:${port}/api/messages`, channelMessage(fake, { mention: true, text: 'help' }));
      expect(signed.status).toBe(200);
      expect(fake.posted().some((call) => String(call.body.text).includes('investigate'))).toBe(true);
    });
    expect(result.code).toBe(0);
    expect(result.logs).toContain('Teams inbound authentication: signing keys from 127.0.0.1');
    expect(result.logs).toContain('Teams outbound authentication: token for https://api.botframework.test obtained (SingleTenant)');
    expect(result.logs).toContain('causa serve is running');
    expect(result.logs).not.toContain(APP_PASSWORD);
  }, 60_000);

  it('logs an outbound authentication problem (a wrong client secret) without the secret, and still serves', async () => {
    const result = await serve({ ...credentials, MICROSOFT_APP_PASSWORD: 'a-wrong-secret-value-123' }, async () => undefined);
    expect(result.code).toBe(0);
    expect(result.logs).toMatch(/Teams outbound authentication is not healthy/);
    expect(result.logs).not.toContain('a-wrong-secret-value-123');
  }, 60_000);

  it('starts Teams beside Slack on the same HTTP server', async () => {
    const slack = new FakeSlackApi();
    await slack.start();
    try {
      const result = await serve({ ...credentials, SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: 'serve-secret', SLACK_API_URL: slack.apiUrl }, async (port) => {
        expect(readyInfo).toMatchObject({ mode: 'http', teams: true });
        const teams = await fake.deliver(`http://127.0.0.1:${port}/api/messages`, channelMessage(fake, { mention: true, text: 'help' }));
        expect(teams.status).toBe(200);
        const unsignedSlack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(unsignedSlack.status).toBe(401);
      });
      expect(result.code).toBe(0);
      expect(result.logs).toContain('Teams outbound authentication: token for');
    } finally {
      await slack.stop();
    }
  }, 60_000);

  it('exits 2 naming what a SingleTenant bot is missing', async () => {
    const result = await serve({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD }, async () => undefined);
    expect(result.code).toBe(2);
    expect(result.errors).toMatch(/MICROSOFT_APP_TENANT_ID is missing/);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
