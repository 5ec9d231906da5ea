import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src/main';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { FakeSlackApi } from './fake-slack-api';

const HOOK = path.join(__dirname, '..', '..', 'support', 'typescript-require-hook.js');
const MAIN = path.join(__dirname, '..', '..', '..', 'src', 'main.ts');
/** Runs `causa serve` as bin/causa.js does, on the TypeScript sources. */
const LAUNCHER =
  `require(${JSON.stringify(MAIN)}).main(process.argv.slice(1)).then(` +
  `(code) => { process.exitCode = code; }, (error) => { process.stderr.write('causa: ' + error.message + '\\n'); process.exitCode = 1; });`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `causa serve` in a child process: its exit code and output (killed after `timeoutMs`). */
function serve(env: Record<string, string>, cwd: string, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', HOOK, '-e', LAUNCHER, 'serve'], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectNoStack(run: Run): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(output).not.toMatch(/Unhandled|triggerUncaughtException|Node\.js v\d+/);
  expect(output).not.toContain('causa serve is running');
}

describe('causa serve when Slack rejects the token or cannot be reached', () => {
  let dir: string;
  let fake: FakeSlackApi;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-serve-startup-'));
    await writeScenario('kafka-consumer-lag', dir);
    // Short waits between attempts, so that giving up on an unreachable Slack takes a moment.
    await fs.writeFile(path.join(dir, 'causa.yaml'), 'slack:\n  startupRetry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 200 }\n');
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    fake = new FakeSlackApi();
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
  });

  const httpEnv = (apiUrl: string, port: number) => ({
    SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 'serve-secret', SLACK_API_URL: apiUrl, PORT: String(port), CAUSA_BUNDLE_DIR: dir, LOG_LEVEL: 'info',
  });

  it('HTTP mode, invalid_auth: exits 2 saying the bot token was rejected, without a stack', async () => {
    fake.failAlways('auth.test', 'invalid_auth');
    const run = await serve(httpEnv(fake.apiUrl, await closedPort()), dir);
    expect(run.stderr).toContain('causa: the bot token (SLACK_BOT_TOKEN) was rejected by Slack: invalid_auth.');
    expect(run.code).toBe(2);
    expectNoStack(run);
    expect(fake.callsOf('auth.test')).toHaveLength(1);
  });

  it('an unreachable Slack: retries with backoff, then exits 2 saying where Slack was expected', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
    const run = await serve(httpEnv(apiUrl, await closedPort()), dir);
    expect(run.stderr).toMatch(new RegExp(`causa: Slack could not be reached at ${apiUrl.replace(/[./]/g, '\\$&')} to check the bot token \\(3 attempts over \\d+s`));
    expect(run.code).toBe(2);
    expectNoStack(run);
    const retries = run.stdout.split('\n').filter((line) => line.includes('Slack could not be reached to check the bot token; retrying'));
    expect(retries.map((line) => JSON.parse(line).retryInMs)).toEqual([100, 200]);
  });

  it.each(['not_authed', 'account_inactive', 'token_revoked', 'invalid_auth'])('%s in either mode: exit 2 with what is wrong', async (error) => {
    for (const mode of ['http', 'socket'] as const) {
      fake.failAlways('auth.test', error);
      const errors: string[] = [];
      const env = { ...httpEnv(fake.apiUrl, await closedPort()), ...(mode === 'socket' ? { SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: '' } : {}), LOG_LEVEL: 'silent' };
      const code = await main(['serve'], { out: () => undefined, err: (text) => errors.push(text), env, cwd: dir });
      expect(errors.join('')).toBe(`causa: the bot token (SLACK_BOT_TOKEN) was rejected by Slack: ${error}. Check that it is the current token of the installed Slack app.\n`);
      expect(code).toBe(2);
    }
  });

  it('Socket Mode, a rejected app-level token: exit 2 naming SLACK_APP_TOKEN', async () => {
    fake.failAlways('apps.connections.open', 'invalid_auth');
    const errors: string[] = [];
    const env = { SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-revoked', SLACK_API_URL: fake.apiUrl, PORT: String(await closedPort()), CAUSA_BUNDLE_DIR: dir, LOG_LEVEL: 'silent' };
    const code = await main(['serve'], { out: () => undefined, err: (text) => errors.push(text), env, cwd: dir });
    expect(errors.join('')).toContain('causa: the app-level token (SLACK_APP_TOKEN) was rejected by Slack: invalid_auth.');
    expect(code).toBe(2);
  });

  it('Socket Mode not enabled for the app: exit 2 with Slack\'s answer', async () => {
    const errors: string[] = [];
    const env = { SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: fake.apiUrl, PORT: String(await closedPort()), CAUSA_BUNDLE_DIR: dir, LOG_LEVEL: 'silent' };
    const code = await main(['serve'], { out: () => undefined, err: (text) => errors.push(text), env, cwd: dir });
    expect(errors.join('')).toBe('causa: Slack refused to open a Socket Mode connection: socket_mode_not_enabled.\n');
    expect(code).toBe(2);
  });
});
