import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SeededRandom } from '../../src/scenarios/seeded-random';
import { runCli } from '../cli/cli-harness';
import { runFuzz } from './fuzz-support';

/*
 * Hostile causa.yaml files and environment overlays — wrong types, huge values, alias bombs,
 * unicode, broken YAML — with a distinct secret planted in every field that can hold one, fed to
 * the real entry point that loads and describes the configuration (`causa config`, in-process as
 * the CLI tests run it). Every input must end with exit 0 and the configuration, or exit 2 with a
 * message naming the file, a key or a variable; never a throw or an "unexpected failure"; and no
 * planted secret may appear in anything written.
 */

const SECTIONS = ['telemetry', 'budget', 'thresholds', 'reasoner', 'store', 'log', 'server', 'slack', 'teams'];

interface GeneratedConfig {
  yaml: string;
  env: Record<string, string>;
  secrets: string[];
  recipe: string[];
}

/** Values of the wrong type, out of range, huge or strange. */
function hostileValue(random: SeededRandom): unknown {
  return random.pick<unknown>([
    -1,
    0,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    1.5,
    'many',
    '',
    ' ',
    'x'.repeat(random.int(1000, 100_000)),
    '\u202eevil\u202c',
    '🔥'.repeat(50),
    'nul\u0000byte',
    [],
    [1, 'two', null],
    {},
    { nested: { deeper: [{}] } },
    null,
    true,
    '${HOME}',
    '*alias',
  ]);
}

/** A fresh secret, distinct per field and per input. */
function secret(random: SeededRandom, field: string, secrets: string[]): string {
  const value = `fz${random.int(100_000, 999_999)}-${field.replace(/[^a-z]/gi, '').slice(0, 12)}-${random.int(100_000, 999_999)}`;
  secrets.push(value);
  return value;
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.href;
}

/** A plausible configuration with a secret in every field that holds one. */
function baseConfig(random: SeededRandom, secrets: string[]): Record<string, unknown> {
  const s = (field: string) => secret(random, field, secrets);
  return {
    telemetry: {
      sources: [
        { type: 'prometheus', url: withCredentials('http://prometheus:9090', 'admin', s('prometheus')), headers: { authorization: `Bearer ${s('promheader')}` } },
        { type: 'loki', url: withCredentials('http://loki:3100', 'logs', s('loki')), headers: { 'X-Scope-OrgID': s('lokitenant') }, grafana: { url: withCredentials('http://grafana:3000', 'viewer', s('grafana')), datasource: 'loki' } },
        { type: 'tempo', url: withCredentials('http://tempo:3200', 'traces', s('tempo')) },
        { type: 'jaeger', url: withCredentials('http://jaeger:16686', 'jaeger', s('jaeger')), uiUrl: withCredentials('http://jaeger-ui:16686', 'ui', s('jaegerui')) },
      ],
    },
    budget: { maxDepth: random.int(1, 6), maxQueries: random.int(10, 500) },
    reasoner: { type: 'llm', baseUrl: withCredentials('http://llm:8000/v1', 'proxy', s('llmurl')), headers: { 'X-Proxy-Key': s('llmheader') } },
    store: { type: 'redis', url: `redis://default:${s('redis')}@redis:6379` },
    slack: { botToken: s('bottoken'), appToken: s('apptoken'), signingSecret: s('signing') },
    teams: { appId: 'app', appPassword: s('teamspassword') },
    server: { deployHookSecret: `${s('deployhook')}-long-enough` },
  };
}

/** Puts `value` at a random path of `data` (creating objects on the way). */
function plant(random: SeededRandom, data: Record<string, unknown>, value: unknown): string {
  const section = random.pick(SECTIONS);
  const keys = [section, ...Array.from({ length: random.int(0, 2) }, () => random.pick(['sources', 'url', 'type', 'maxDepth', 'botToken', 'headers', 'level', 'port', '0', 'ünï', 'dir', 'limits']))];
  let node: Record<string, unknown> = data;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return keys.join('.');
}

function aliasBomb(levels: number): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level < levels; level += 1) lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

function generate(random: SeededRandom): GeneratedConfig {
  const secrets: string[] = [];
  const recipe: string[] = [];
  const data = baseConfig(random, secrets);
  // A secret where a secret field holds the wrong type.
  if (random.chance(0.3)) {
    const wrapped = secret(random, 'wrapped', secrets);
    (data.slack as Record<string, unknown>).botToken = random.pick<unknown>([[wrapped], { value: wrapped }, `${wrapped}\n${wrapped}`]);
    recipe.push('slack.botToken of the wrong type');
  }
  for (let i = random.int(0, 4); i > 0; i -= 1) recipe.push(`value at ${plant(random, data, hostileValue(random))}`);
  let yaml = stringify(data, { lineWidth: 0 });
  const mangle = random.int(0, 6);
  if (mangle === 0) {
    yaml += aliasBomb(random.int(4, 9));
    recipe.push('alias bomb');
  } else if (mangle === 1) {
    yaml = yaml.slice(0, random.int(0, yaml.length));
    recipe.push('truncated');
  } else if (mangle === 2) {
    yaml = yaml.replace(/\n/, random.pick(['\n\t', '\n  - : ]', '\n"unterminated', '\n{{{']));
    recipe.push('broken syntax');
  } else if (mangle === 3) {
    yaml = random.pick(['', '42', '- a\n- b', '~', '"just a string"', '\ufeff', 'a: b: c']);
    recipe.push('not a mapping');
  }

  const env: Record<string, string> = {};
  const s = (field: string) => secret(random, field, secrets);
  env.SLACK_BOT_TOKEN = s('envbot');
  env.SLACK_SIGNING_SECRET = s('envsigning');
  env.OPENAI_API_KEY = s('envopenai');
  env.CAUSA_DEPLOY_HOOK_SECRET = `${s('envdeploy')}-long-enough`;
  if (random.chance(0.5)) env.CAUSA_PROMETHEUS_URL = random.chance(0.8) ? withCredentials('http://prom.example:9090', 'u', s('envprom')) : `http://u:${s('envprombad')}@[::1`;
  if (random.chance(0.5)) env.REDIS_URL = `redis://:${s('envredis')}@127.0.0.1:6379`;
  if (random.chance(0.4)) env.CAUSA_LLM_BASE_URL = withCredentials('http://llm.example/v1', 'k', s('envllm'));
  for (const name of ['CAUSA_MAX_QUERIES', 'PORT', 'CAUSA_SUPPORT_AT', 'LOG_LEVEL', 'CAUSA_REASONER', 'CAUSA_STORE', 'CAUSA_STEERERS']) {
    if (random.chance(0.2)) {
      env[name] = random.pick(['', ' ', '-5', '1e9', 'abc', 'llm', 'redis', '🔥', 'x'.repeat(5000), '0.5', '3000']);
      recipe.push(`${name}=${env[name].slice(0, 20)}`);
    }
  }
  return { yaml, env, secrets, recipe };
}

const NAMED = new RegExp(`(causa\\.yaml|${SECTIONS.join('|')}|\\(top level\\)|[A-Z][A-Z_]{2,})`);

function checkOne(dir: string) {
  let count = 0;
  return async (input: GeneratedConfig): Promise<string | undefined> => {
    count += 1;
    const file = join(dir, `causa-${count}.yaml`);
    writeFileSync(file, input.yaml);
    const result = await runCli(['config', '--config', file], input.env, dir);
    const written = result.out + result.err;
    const leaked = input.secrets.filter((value) => written.includes(value));
    if (leaked.length > 0) return `leaked ${leaked.join(', ')}: ${written.slice(0, 600)}`;
    if (/unexpected failure/.test(written)) return `unexpected failure: ${result.err.slice(0, 600)}`;
    if (result.code === 0) {
      try {
        JSON.parse(result.out);
      } catch {
        return `exit 0 without the configuration as JSON: ${result.out.slice(0, 300)}`;
      }
      return undefined;
    }
    if (result.code !== 2) return `exit ${result.code}: ${result.err.slice(0, 600)}`;
    if (!NAMED.test(result.err)) return `an error naming neither the file, a key nor a variable: ${result.err.slice(0, 600)}`;
    return undefined;
  };
}

describe('fuzz: configuration', () => {
  it('never crashes causa config, names what is wrong, and never prints a planted secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'causa-fuzz-config-'));
    try {
      const summary = await runFuzz('config', generate, checkOne(dir), { describe: (input) => `${input.recipe.join(', ') || 'plain'} | env ${Object.keys(input.env).join(',')}` });
      for (const failure of summary.failures) process.stdout.write(`  ${failure.input}\n    ${failure.problem.slice(0, 800)}\n`);
      expect(summary.failures).toEqual([]);
      expect(summary.inputs).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
