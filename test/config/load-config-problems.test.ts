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

function writeConfig(text: string): string {
  const file = path.join(workdir, 'causa.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** The problem lines of the ConfigError thrown by loadConfig. */
function problemsOf(env: Record<string, string>, file?: string): string[] {
  try {
    loadConfig({ env, file, cwd: workdir });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config_invalid');
    return (error as ConfigError).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^\s*- /, ''));
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig problem reporting', () => {
  it('lists every bad value at once, each with its path and a fix', () => {
    writeConfig('budget:\n  maxDepth: 50\nlog:\n  level: verbose\nstore:\n  type: redis\n  url: http://redis\n');
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^budget\.maxDepth: must be at most 12, got 50 — .*CAUSA_MAX_DEPTH/),
        expect.stringMatching(/^log\.level: must be one of fatal, .*got 'verbose' — .*LOG_LEVEL/),
        expect.stringMatching(/^store\.url: must be a redis:\/\/ or rediss:\/\/ URL/),
      ]),
    );
  });

  it('names the variable when an environment value is not a whole number', () => {
    const problems = problemsOf({ CAUSA_MAX_DEPTH: 'deep', CAUSA_CONCURRENCY: '2.5', CAUSA_SUPPORT_AT: 'high' });
    expect(problems).toEqual([
      expect.stringMatching(/^CAUSA_MAX_DEPTH: 'deep' is not a whole number — set CAUSA_MAX_DEPTH to an integer/),
      expect.stringMatching(/^CAUSA_CONCURRENCY: '2.5' is not a whole number/),
      expect.stringMatching(/^CAUSA_SUPPORT_AT: 'high' is not a number/),
    ]);
  });

  it('says which variable set an out-of-range value', () => {
    expect(problemsOf({ CAUSA_MAX_HYPOTHESES: '0' })).toEqual([
      expect.stringMatching(/^budget\.maxHypotheses \(from CAUSA_MAX_HYPOTHESES\): must be at least 1, got 0/),
    ]);
  });

  it('names the YAML file and line of a syntax error', () => {
    const file = writeConfig('log:\n  level: info\nbudget:\n\tmaxDepth: 3\n');
    expect(problemsOf({})).toEqual([`${file}:4:1: YAML syntax error: Tabs are not allowed as indentation — fix the YAML at that line`]);
    writeConfig('log:\n  level: info\nbudget: 1\nbudget: 2\n');
    expect(problemsOf({})).toEqual([expect.stringMatching(/causa\.yaml:4:1: YAML syntax error: Map keys must be unique/)]);
  });

  it('explains a CAUSA_BUNDLE_DIR that does not exist', () => {
    const missing = path.join(workdir, 'no-such-bundle');
    expect(problemsOf({ CAUSA_BUNDLE_DIR: missing })).toEqual([
      `telemetry.sources[0].dir: folder ${missing} does not exist — set CAUSA_BUNDLE_DIR to an incident bundle folder (one containing case.json)`,
    ]);
  });

  it('rejects a bundle folder without case.json', () => {
    fs.mkdirSync(path.join(workdir, 'empty'));
    expect(problemsOf({ CAUSA_BUNDLE_DIR: 'empty' })).toEqual([
      expect.stringContaining(`folder ${path.join(workdir, 'empty')} has no case.json`),
    ]);
  });

  it('rejects unknown keys with a did-you-mean hint', () => {
    writeConfig(
      'budget:\n  maxQuries: 3\ntelemetry:\n  sources:\n    - type: prometheus\n      url: http://p:9090\n      timeoutMS: 5\nfrobnicate: true\n',
    );
    const problems = problemsOf({});
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^budget\.maxQuries: unknown key .* did you mean 'maxQueries'\?/),
        expect.stringMatching(/^telemetry\.sources\[0\]\.timeoutMS: unknown key .* did you mean 'timeoutMs'\?/),
        expect.stringMatching(/^frobnicate: unknown key .* remove it \(allowed here: telemetry, budget/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('suggests the closest source type for a misspelt one', () => {
    writeConfig('telemetry:\n  sources:\n    - type: promethus\n      url: http://p:9090\n');
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^telemetry\.sources\[0\]\.type: unknown type 'promethus', expected one of bundle, prometheus.* did you mean 'prometheus'\?/),
    ]);
  });

  it('rejects duplicate source ids and refuteBelow above supportAt together with other problems', () => {
    writeConfig(
      'telemetry:\n  sources:\n    - type: loki\n      url: http://a:3100\n    - type: loki\n      url: http://b:3100\nthresholds:\n  refuteBelow: 0.8\nbudget:\n  maxDepth: 0\n',
    );
    const problems = problemsOf({});
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^telemetry\.sources\[1\]\.id: source id 'loki' is already used by telemetry\.sources\[0\]/),
        expect.stringMatching(/^thresholds\.refuteBelow: refuteBelow \(0\.8\) is above supportAt \(0\.55\)/),
        expect.stringMatching(/^budget\.maxDepth: must be at least 1/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });
});

describe('loadConfig redaction', () => {
  it('never echoes token-looking values or known secrets in its message', () => {
    const botToken = 'xoxb-1111-2222-abcdefSECRET';
    writeConfig(
      [
        'telemetry:',
        '  sources:',
        '    - type: prometheus',
        '      url: xapp-1-A0-987654-topsecretvalue',
        '      headers:',
        '        Authorization: hunter2hunter2',
        'server:',
        '  port: hunter2hunter2',
      ].join('\n'),
    );
    let message = '';
    try {
      loadConfig({ env: { SLACK_BOT_TOKEN: botToken, PORT: botToken }, cwd: workdir });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('telemetry.sources[0].url');
    expect(message).toContain('server.port');
    expect(message).toContain('PORT');
    expect(message).toContain('[redacted]');
    expect(message).not.toContain('topsecretvalue');
    expect(message).not.toContain('hunter2hunter2');
    expect(message).not.toContain('abcdefSECRET');
  });
});
