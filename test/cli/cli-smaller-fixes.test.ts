import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import { routeConsoleToLogger } from '../../src/observability/console-bridge';
import { runCli } from './cli-harness';

const ROOT = path.join(__dirname, '..', '..');

describe('causa CLI, smaller fixes', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-cli-small-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('exports a built-in scenario as a bundle that investigate reads, even with causa.example.yaml copied to causa.yaml', async () => {
    const work = path.join(tmp, 'example');
    await fs.mkdir(work);
    await fs.copyFile(path.join(ROOT, 'causa.example.yaml'), path.join(work, 'causa.yaml'));
    const exported = await runCli(['demo', 'db-pool-exhaustion', '--export', 'bundle'], {}, work);
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(exported.out).toContain(`investigate it with: causa investigate ${path.join(work, 'bundle')}`);
    expect((await fs.readdir(path.join(work, 'bundle'))).sort()).toEqual(expect.arrayContaining(['case.json', 'metrics.csv', 'topology.json']));
    const investigated = await runCli(['investigate', 'bundle'], {}, work);
    expect(investigated.err).toBe('');
    expect([investigated.code, investigated.out]).toEqual([0, expect.stringMatching(/^# Root-cause analysis/)]);
    const again = await runCli(['demo', '--export', 'bundle'], {}, work);
    expect([again.code, again.err]).toEqual([2, `causa: --export ${path.join(work, 'bundle')} is not empty — give a new or empty folder (nothing was overwritten)\n`]);
    // The configured bundle folder still matters to the commands that read it.
    const config = await runCli(['config'], {}, work);
    expect([config.code, config.err]).toEqual([2, expect.stringContaining('incidents/checkout-2024-05-14 does not exist')]);
  });

  it('says so when a --veto names no proposed hypothesis, and refuses a malformed one', async () => {
    const demo = await runCli(['demo', 'db-pool-exhaustion', '--veto', 'H99']);
    expect(demo.code).toBe(0);
    expect(demo.err).toMatch(/^causa demo: --veto H99: no such hypothesis was proposed, so nothing was vetoed for it \(proposed: H1, /);
    const malformed = await runCli(['demo', '--veto', 'db']);
    expect([malformed.code, malformed.err]).toEqual([2, 'causa: --veto takes hypothesis ids such as H1 or H2.1 (comma-separated), not "db"\n']);
  });

  it('refuses a blank numeric variable, naming it, instead of falling back to the default', async () => {
    const result = await runCli(['demo'], { CAUSA_MAX_QUERIES: ' ', PORT: '' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('CAUSA_MAX_QUERIES is set but empty — set it to a whole number such as 400, or unset it to use the default');
    expect(result.err).toContain('PORT is set but empty');
  });

  it('honours CAUSA_REASONER=llm in the CLI as serve does: refused without a key', async () => {
    const result = await runCli(['demo'], { CAUSA_REASONER: 'llm' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/reasoner\.type is llm .* set OPENAI_API_KEY/);
  });
});

describe('the log stream', () => {
  function capture() {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    return { lines, logger: createLogger({ level: 'info', destination }) };
  }

  it('writes each key once, even when a child logger and a call repeat it', () => {
    const { lines, logger } = capture();
    logger.child({ surface: 'slack' }).child({ surface: 'slack', channel: 'C1' }).info({ surface: 'slack' }, 'posted');
    expect(lines).toHaveLength(1);
    expect(lines[0].match(/"surface"/g)).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ surface: 'slack', channel: 'C1', msg: 'posted' });
  });

  it('takes in what libraries print to the console, as JSON lines', () => {
    const { lines, logger } = capture();
    const restore = routeConsoleToLogger(logger);
    try {
      console.warn('[WARN] Redis server does not require a password, but a password was supplied.');
    } finally {
      restore();
    }
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: 40, component: 'console', msg: 'Redis server does not require a password, but a password was supplied.' })]);
  });
});
