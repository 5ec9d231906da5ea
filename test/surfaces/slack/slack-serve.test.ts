import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serveCommand } from '../../../src/cli/serve-command';
import type { CliIo } from '../../../src/cli/cli-io';
import { ConfigError } from '../../../src/core/errors';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { FakeSlackApi, isThreadUpload } from './fake-slack-api';
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

  it('is live but not ready while a telemetry source cannot be reached, and says why', async () => {
    const fake = new FakeSlackApi();
    await fake.start();
    const port = await freePort();
    const deadPort = await freePort();
    let stop = () => undefined as void;
    const shutdown = new Promise<void>((resolve) => (stop = resolve));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: 'serve-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port),
      CAUSA_PROMETHEUS_URL: `http://127.0.0.1:${deadPort}`, LOG_LEVEL: 'silent',
    };
    let ready: () => void = () => undefined;
    const readyInfo = new Promise<void>((resolve) => (ready = resolve));
    const running = serveCommand([], io(env, dir), { shutdown, onReady: () => ready() });
    try {
      await readyInfo;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const answer = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { ready: boolean; checks: Array<{ name: string; ok: boolean; message: string }> };
      expect(body.ready).toBe(false);
      expect(body.checks.find((check) => check.name === 'store')?.ok).toBe(true);
      const telemetry = body.checks.find((check) => check.name.startsWith('telemetry'));
      expect(telemetry?.ok).toBe(false);
      expect(telemetry?.message).toMatch(/ECONNREFUSED|refused|unreachable|not reachable/i);
    } finally {
      stop();
      expect(await running).toBe(0);
      await fake.stop();
    }
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
    let ready: (info: { mode: string | null; port?: number }) => void = () => undefined;
    const readyInfo = new Promise<{ mode: string | null; port?: number }>((resolve) => (ready = resolve));
    const running = serveCommand([], io(env, dir), { shutdown, onReady: (info) => ready(info) });
    try {
      expect(await readyInfo).toEqual({ mode: 'http', teams: false, port, role: 'serve' });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('causa_investigations_started_total');
      const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.text as string;
      const [title, ...body] = caseAlert.split('\n');
      const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'serve-secret');
      expect((await delivery.event(envelope(alertPost({ alertText: { title, body: body.join('\n') } }, '1715679770.000100')))).status).toBe(200);
      await fake.waitFor((calls) => calls.some(isThreadUpload), 20_000);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, checks: [{ name: 'store', ok: true }, { ok: true }] });
      // Listeners other than the thread's renderer see the report once the thread shows it.
      const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      let after = await scrape();
      for (let tries = 0; tries < 100 && !/^causa_investigations_finished_total\{/m.test(after); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await scrape();
      }
      expect(after).toMatch(/^causa_investigations_started_total\{alert_source="alertmanager"\} 1$/m);
      expect(after).toMatch(/^causa_investigations_finished_total\{outcome="(concluded|abstained)"\} 1$/m);
      expect(after).toMatch(/^causa_investigation_duration_seconds_count\{outcome="(concluded|abstained)"\} 1$/m);
      expect(after).toMatch(/^causa_telemetry_queries_total\{source="[^"]+",status="ok"\} [1-9]\d*$/m);
      expect(after).toMatch(/^causa_chat_calls_total\{surface="slack",method="chat.postMessage",result="ok"\} [1-9]\d*$/m);
    } finally {
      stop();
      expect(await running).toBe(0);
      await fake.stop();
    }
  });
});
