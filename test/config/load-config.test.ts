import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/core/errors';
import { loadConfig } from '../../src/config/load-config';

let workdir: string;

beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'causa-config-'));
});

afterEach(() => {
  fs.rmSync(workdir, { recursive: true, force: true });
});

function writeFile(name: string, text: string): string {
  const file = path.join(workdir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function makeBundle(name: string): string {
  writeFile(path.join(name, 'case.json'), '{}');
  return path.join(workdir, name);
}

/** The ConfigError message thrown by loadConfig (fails the test if nothing is thrown). */
function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig defaults', () => {
  it('gives an offline, in-memory configuration with an empty environment and no file', () => {
    const config = loadConfig({ env: {}, cwd: workdir });
    expect(config.telemetry.sources).toEqual([]);
    expect(config.reasoner).toEqual({ type: 'offline' });
    expect(config.store).toEqual({ type: 'memory' });
    expect(config.log).toEqual({ level: 'info', pretty: false });
    expect(config.budget.maxDepth).toBe(4);
    expect(config.thresholds.supportAt).toBe(0.55);
    expect(config.slack).toBeUndefined();
    expect(config.teams).toBeUndefined();
  });

  it('fills source, reasoner, store and slack defaults', () => {
    writeFile(
      'causa.yaml',
      [
        'telemetry:',
        '  sources:',
        '    - type: prometheus',
        '      url: http://prometheus:9090',
        '    - type: datadog',
        'reasoner:',
        '  type: llm',
        'store:',
        '  type: redis',
        'slack:',
        '  botToken: xoxb-1-2-3',
      ].join('\n'),
    );
    const config = loadConfig({ env: {}, cwd: workdir });
    expect(config.telemetry.sources).toEqual([
      { type: 'prometheus', id: 'prometheus', url: 'http://prometheus:9090', timeoutMs: 10000, workloads: 'auto', serviceLabel: 'service', instanceLabel: 'instance', baselineOffset: '1d' },
      { type: 'datadog', id: 'datadog', site: 'datadoghq.com', apiKeyEnv: 'DD_API_KEY', appKeyEnv: 'DD_APP_KEY' },
    ]);
    expect(config.reasoner).toEqual({
      type: 'llm',
      model: 'gpt-4o-mini',
      temperature: 0,
      timeoutMs: 60000,
      maxRetries: 3,
      retryBaseDelayMs: 1000,
      maxOutputTokens: 1024,
      maxPromptTokens: 6000,
      redact: { ipAddresses: false, hostnames: false },
      threadAssistant: true,
    });
    expect(config.store).toEqual({ type: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: 'causa:' });
    expect(config.server).toEqual({ port: 3000 });
    expect(config.slack).toMatchObject({
      apiUrl: 'https://slack.com/api/',
      autoTriggerChannels: [],
      alertSenders: [],
      steerers: { mode: 'anyone', users: [], userGroups: [] },
      refireWindowMinutes: 30,
    });
  });
});

describe('loadConfig file and environment', () => {
  it('reads ./causa.yaml and lets the environment win over it', () => {
    writeFile('causa.yaml', 'budget:\n  maxDepth: 3\n  maxQueries: 50\nlog:\n  level: debug\n');
    const config = loadConfig({ env: { CAUSA_MAX_DEPTH: '7', LOG_LEVEL: 'warn' }, cwd: workdir });
    expect(config.budget.maxDepth).toBe(7);
    expect(config.budget.maxQueries).toBe(50);
    expect(config.log.level).toBe('warn');
  });

  it('prefers the explicit file over CAUSA_CONFIG over ./causa.yaml', () => {
    writeFile('causa.yaml', 'budget:\n  maxDepth: 2\n');
    const fromEnv = writeFile('env.yaml', 'budget:\n  maxDepth: 5\n');
    const explicit = writeFile('explicit.yaml', 'budget:\n  maxDepth: 9\n');
    expect(loadConfig({ env: {}, cwd: workdir }).budget.maxDepth).toBe(2);
    expect(loadConfig({ env: { CAUSA_CONFIG: fromEnv }, cwd: workdir }).budget.maxDepth).toBe(5);
    expect(loadConfig({ env: { CAUSA_CONFIG: fromEnv }, file: explicit, cwd: workdir }).budget.maxDepth).toBe(9);
  });

  it('reports a missing explicit config file', () => {
    const message = problemsOf(() => loadConfig({ env: { CAUSA_CONFIG: 'nope.yaml' }, cwd: workdir }));
    expect(message).toContain(path.join(workdir, 'nope.yaml'));
    expect(message).toContain('CAUSA_CONFIG');
  });

  it('adds a bundle source from CAUSA_BUNDLE_DIR, replacing the file one with id bundle', () => {
    const fileBundle = makeBundle('from-file');
    const envBundle = makeBundle('from-env');
    writeFile(
      'causa.yaml',
      `telemetry:\n  sources:\n    - type: loki\n      url: http://loki:3100\n    - type: bundle\n      dir: ${fileBundle}\n`,
    );
    const config = loadConfig({ env: { CAUSA_BUNDLE_DIR: 'from-env' }, cwd: workdir });
    expect(config.telemetry.sources).toEqual([
      { type: 'loki', id: 'loki', url: 'http://loki:3100', timeoutMs: 10000, serviceLabel: 'service_name', instanceLabel: 'pod', format: 'auto', maxLines: 50000, pageSize: 5000 },
      { type: 'bundle', id: 'bundle', dir: envBundle },
    ]);
  });

  it('adds a Prometheus source from CAUSA_PROMETHEUS_URL, or points the configured one at it keeping its labels', () => {
    expect(loadConfig({ env: { CAUSA_PROMETHEUS_URL: 'http://prom:9090' }, cwd: workdir }).telemetry.sources).toEqual([
      { type: 'prometheus', id: 'prometheus', url: 'http://prom:9090', timeoutMs: 10000, workloads: 'auto', serviceLabel: 'service', instanceLabel: 'instance', baselineOffset: '1d' },
    ]);
    writeFile('causa.yaml', 'telemetry:\n  sources:\n    - type: prometheus\n      url: http://old:9090\n      serviceLabel: app\n      instanceLabel: pod\n');
    expect(loadConfig({ env: { CAUSA_PROMETHEUS_URL: 'http://new:9090' }, cwd: workdir }).telemetry.sources).toEqual([
      { type: 'prometheus', id: 'prometheus', url: 'http://new:9090', timeoutMs: 10000, workloads: 'auto', serviceLabel: 'app', instanceLabel: 'pod', baselineOffset: '1d' },
    ]);
    expect(problemsOf(() => loadConfig({ env: { CAUSA_PROMETHEUS_URL: 'prom:9090' }, cwd: workdir }))).toMatch(/url/);
    writeFile('causa.yaml', 'telemetry:\n  sources:\n    - type: prometheus\n      url: http://old:9090\n      baselineOffset: yesterday\n');
    expect(problemsOf(() => loadConfig({ env: {}, cwd: workdir }))).toMatch(/baselineOffset.*must be a duration such as 1d, 7d, 12h, or none/);
  });

  it('resolves a relative bundle dir in the file against the file folder', () => {
    const bundle = makeBundle(path.join('conf', 'incident'));
    const file = writeFile(path.join('conf', 'causa.yaml'), 'telemetry:\n  sources:\n    - type: bundle\n      dir: incident\n');
    const config = loadConfig({ env: {}, file, cwd: os.tmpdir() });
    expect(config.telemetry.sources).toEqual([{ type: 'bundle', id: 'bundle', dir: bundle }]);
  });

  it('reads the limits of a bundle source, sizes with units, and names a bad one', () => {
    const bundle = makeBundle('incident');
    const file = writeFile('causa.yaml', `telemetry:\n  sources:\n    - type: bundle\n      dir: ${bundle}\n      limits:\n        maxLineBytes: 4MiB\n`);
    const [source] = loadConfig({ env: {}, file, cwd: workdir }).telemetry.sources;
    expect(source).toEqual({ type: 'bundle', id: 'bundle', dir: bundle, limits: { maxLineBytes: 4 * 1024 * 1024, maxFileBytes: 4 * 1024 ** 3, maxDocumentBytes: 64 * 1024 * 1024 } });
    const bad = writeFile('bad.yaml', `telemetry:\n  sources:\n    - type: bundle\n      dir: ${bundle}\n      limits:\n        maxLineBytes: huge\n`);
    expect(problemsOf(() => loadConfig({ env: {}, file: bad, cwd: workdir }))).toContain('telemetry.sources[0].limits.maxLineBytes: must be a size such as 1048576, 64MiB or 2GB');
  });

  it('maps reasoner, store, slack and teams variables', () => {
    const config = loadConfig({
      cwd: workdir,
      env: {
        CAUSA_REASONER: 'llm',
        CAUSA_LLM_BASE_URL: 'http://llm.local/v1',
        CAUSA_LLM_MODEL: 'llama3',
        CAUSA_STORE: 'redis',
        REDIS_URL: 'redis://redis:6379/2',
        SLACK_BOT_TOKEN: 'xoxb-1',
        CAUSA_SLACK_CHANNELS: 'C1, C2',
        CAUSA_ALERT_SENDERS: 'B01,U02',
        CAUSA_STEERERS: 'U1,U2',
        PORT: '8080',
        MICROSOFT_APP_ID: 'app-id',
        CAUSA_ABSTAIN_BELOW: '0.5',
      },
    });
    expect(config.reasoner).toMatchObject({ type: 'llm', baseUrl: 'http://llm.local/v1', model: 'llama3' });
    expect(config.store).toMatchObject({ type: 'redis', url: 'redis://redis:6379/2' });
    expect(config.slack).toMatchObject({
      botToken: 'xoxb-1',
      autoTriggerChannels: ['C1', 'C2'],
      alertSenders: ['B01', 'U02'],
      steerers: { mode: 'allowlist', users: ['U1', 'U2'], userGroups: [] },
    });
    expect(config.server.port).toBe(8080);
    expect(config.teams).toMatchObject({ appId: 'app-id', appType: 'SingleTenant' });
    expect(config.thresholds.abstainBelow).toBe(0.5);
  });

  it('keeps the file fields of a section that names no type when CAUSA_STORE picks it', () => {
    writeFile('causa.yaml', 'store:\n  keyPrefix: "team-a:"\n');
    expect(loadConfig({ env: { CAUSA_STORE: 'redis', REDIS_URL: 'redis://redis:6379' }, cwd: workdir }).store).toEqual({ type: 'redis', url: 'redis://redis:6379', keyPrefix: 'team-a:' });
  });

  it('switches variant with CAUSA_REASONER, dropping the file fields of the other variant', () => {
    writeFile('causa.yaml', 'reasoner:\n  type: llm\n  model: big-model\n');
    expect(loadConfig({ env: { CAUSA_REASONER: 'offline' }, cwd: workdir }).reasoner).toEqual({ type: 'offline' });
  });
});
