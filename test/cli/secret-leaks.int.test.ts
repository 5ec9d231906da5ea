import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildCliProcess } from '../support/cli-process';

/**
 * Plants a distinct secret in every configuration field that can hold one (causa.yaml and the
 * environment), runs the real `causa` process through its failure paths (telemetry refusing the
 * credentials, a Redis that rejects the password, an invalid value, the configuration described)
 * and reads every byte it wrote — stdout, stderr and the report file — for any of them.
 */

const SECRETS = {
  botTokenFile: 'planted-bot-token-in-file-4471',
  botTokenEnv: 'planted-bot-token-in-env-5521',
  appToken: 'planted-app-token-8813',
  signingSecret: 'planted-signing-secret-2290',
  teamsPassword: 'planted-teams-password-7712',
  deployHookSecret: 'planted-deploy-hook-secret-9931',
  llmApiKey: 'planted-llm-api-key-3318',
  llmUrlPassword: 'planted-llm-url-password-6602',
  llmHeader: 'planted-llm-header-value-1184',
  prometheusUrlPassword: 'planted-prometheus-password-5567',
  prometheusHeader: 'planted-prometheus-header-4410',
  lokiUrlPassword: 'planted-loki-password-3309',
  lokiHeader: 'planted-loki-tenant-secret-7734',
  tempoUrlPassword: 'planted-tempo-password-2251',
  jaegerUrlPassword: 'planted-jaeger-password-8846',
  grafanaUrlPassword: 'planted-grafana-password-6621',
  redisPassword: 'planted-redis-password-1193',
} as const;

/** The basic-auth headers the planted URL credentials must become, base64 included. */
const BASIC = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const FORBIDDEN = [...Object.values(SECRETS), BASIC('metrics', SECRETS.prometheusUrlPassword).slice(6)];

let work: string;
let refusing: Server;
let refusingUrl: string;
const seenAuthorizations: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let cli: ReturnType<typeof buildCliProcess>;
const causa = (args: string[], env: Record<string, string>, cwd: string) => cli.run(args, env, cwd);

function expectNoSecret(where: string, text: string): void {
  const leaked = FORBIDDEN.filter((secret) => text.includes(secret));
  expect({ where, leaked }).toEqual({ where, leaked: [] });
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.href;
}

/** causa.yaml with a secret in every field of the file that can hold one. */
function configFile(redisUrl: string): string {
  return [
    'telemetry:',
    '  sources:',
    '    - type: loki',
    `      url: ${withCredentials(refusingUrl, 'logs', SECRETS.lokiUrlPassword)}`,
    `      headers: { X-Scope-OrgID: ${SECRETS.lokiHeader} }`,
    `      grafana: { url: "${withCredentials('http://grafana.example:3000', 'viewer', SECRETS.grafanaUrlPassword)}", datasource: loki }`,
    '    - type: tempo',
    `      url: ${withCredentials(refusingUrl, 'traces', SECRETS.tempoUrlPassword)}`,
    '    - type: jaeger',
    `      url: ${withCredentials(refusingUrl, 'jaeger', SECRETS.jaegerUrlPassword)}`,
    '    - type: prometheus',
    `      url: ${refusingUrl}`,
    `      headers: { X-Api-Secret: ${SECRETS.prometheusHeader} }`,
    'store:',
    '  type: redis',
    `  url: ${redisUrl}`,
    'slack:',
    `  botToken: ${SECRETS.botTokenFile}`,
    `  appToken: ${SECRETS.appToken}`,
    'teams:',
    '  appId: 00000000-0000-0000-0000-000000000000',
    `  appPassword: ${SECRETS.teamsPassword}`,
    '  tenantId: 11111111-2222-4333-8444-555555555555',
    'server:',
    `  deployHookSecret: ${SECRETS.deployHookSecret}`,
    'reasoner:',
    '  type: llm',
    `  baseUrl: ${withCredentials(refusingUrl, 'model', SECRETS.llmUrlPassword)}`,
    `  headers: { X-Proxy-Key: ${SECRETS.llmHeader} }`,
    '',
  ].join('\n');
}

/** The environment half: the rest of the secrets, and the Prometheus URL with credentials. */
function environment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: SECRETS.botTokenEnv,
    SLACK_SIGNING_SECRET: SECRETS.signingSecret,
    OPENAI_API_KEY: SECRETS.llmApiKey,
    CAUSA_PROMETHEUS_URL: withCredentials(refusingUrl, 'metrics', SECRETS.prometheusUrlPassword),
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

let redis: ChildProcess | undefined;
let redisPort: number;
const redisAvailable = spawnSync('redis-server', ['--version']).status === 0;

beforeAll(async () => {
  cli = buildCliProcess();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-secrets-'));
  refusing = createServer((request, response) => {
    seenAuthorizations.push(String((request.headers as IncomingHttpHeaders).authorization ?? ''));
    response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', error: 'bad credentials' }));
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  if (!redisAvailable) return;
  redisPort = await freePort();
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--requirepass', 'the-real-password-0000', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (spawnSync('redis-cli', ['-p', String(redisPort), 'ping']).stdout?.toString().trim().length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  cli?.remove();
  redis?.kill();
  await new Promise<void>((resolve) => refusing.close(() => resolve()));
  await fs.rm(work, { recursive: true, force: true });
});

describe('secrets planted in every configuration field', () => {
  it('appear nowhere in `causa config`, which still shows the rest', async () => {
    await fs.writeFile(path.join(work, 'causa.yaml'), configFile(`redis://default:${SECRETS.redisPassword}@127.0.0.1:6390`));
    const run = await causa(['config'], environment(), work);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expectNoSecret('causa config', run.out + run.err);
    const shown = JSON.parse(run.out) as { telemetry: { sources: Array<{ type: string; url: string }> } };
    expect(shown.telemetry.sources.find((source) => source.type === 'prometheus')?.url).toBe(`${refusingUrl}/`);
  });

  it('appear nowhere when every telemetry source refuses them, and URL credentials were sent as basic auth', async () => {
    await fs.writeFile(path.join(work, 'causa.yaml'), configFile(`redis://default:${SECRETS.redisPassword}@127.0.0.1:6390`));
    await fs.writeFile(path.join(work, 'alert.txt'), 'High error rate on checkout\nservice=checkout severity=critical\n');
    seenAuthorizations.length = 0;
    for (const format of ['md', 'json']) {
      const report = path.join(work, `report.${format}`);
      const run = await causa(['investigate', '--alert', 'alert.txt', '--reasoner', 'offline', '--format', format, '--out', report], environment({ CAUSA_STORE: 'memory' }), work);
      expect(run.code).toBe(3);
      expect(run.err).toContain('could not be read');
      expectNoSecret(`investigate --format ${format} (stdout/stderr)`, run.out + run.err);
      expectNoSecret(`investigate --format ${format} (report file)`, await fs.readFile(report, 'utf8'));
    }
    expect(seenAuthorizations).toContain(BASIC('metrics', SECRETS.prometheusUrlPassword));
    expect(seenAuthorizations).toContain(BASIC('logs', SECRETS.lokiUrlPassword));
  });

  it('appear nowhere when a value is invalid', async () => {
    await fs.writeFile(path.join(work, 'causa.yaml'), configFile(`redis://default:${SECRETS.redisPassword}@127.0.0.1:6390`));
    const run = await causa(['serve'], environment({ CAUSA_MAX_QUERIES: 'many', REDIS_URL: `redis://default:${SECRETS.redisPassword}@[::1` }), work);
    expect(run.code).toBe(2);
    expect(run.err).toContain('CAUSA_MAX_QUERIES');
    expectNoSecret('serve with an invalid value', run.out + run.err);
  });

  (redisAvailable ? it : it.skip)('appear nowhere when Redis rejects the password (serve start-up)', async () => {
    const redisUrl = `redis://default:${SECRETS.redisPassword}@127.0.0.1:${redisPort}`;
    await fs.writeFile(path.join(work, 'causa.yaml'), configFile(redisUrl));
    const run = await causa(['serve'], environment({ PORT: String(await freePort()) }), work);

    expect(run.code).toBe(1);
    expect(run.out + run.err).toMatch(/WRONGPASS|invalid username-password/);
    expect(run.out).toContain('"name":"auth"');
    expectNoSecret('serve against a Redis with another password', run.out + run.err);
  });
});
