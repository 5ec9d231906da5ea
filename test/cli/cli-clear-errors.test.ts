import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { runCli } from './cli-harness';

/** Input mistakes a user makes, each answered with a clear message and exit code 2, never "unexpected failure". */
describe('causa CLI on bad input', () => {
  let tmp: string;
  let bundle: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-cli-errors-'));
    bundle = path.join(tmp, 'cases', 'db-pool-exhaustion');
    await writeScenario('db-pool-exhaustion', bundle);
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('investigates a bundle whose alert title is empty, titled from the posted text', async () => {
    const copy = path.join(tmp, 'untitled');
    await fs.cp(bundle, copy, { recursive: true });
    const caseFile = path.join(copy, 'case.json');
    const recorded = JSON.parse(await fs.readFile(caseFile, 'utf8')) as { alert: { title: string } };
    recorded.alert.title = '';
    await fs.writeFile(caseFile, JSON.stringify(recorded));
    const result = await runCli(['investigate', copy, '--format', 'json']);
    expect(result.err).not.toMatch(/unexpected failure/);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as { alert: { title: string } }).alert.title).not.toBe('');
  });

  it('checks --out before investigating: a missing folder is named, with the fix', async () => {
    const out = path.join(tmp, 'no-such-folder', 'report.md');
    const result = await runCli(['investigate', bundle, '--out', out]);
    expect(result).toEqual({ code: 2, out: '', err: `causa: --out ${out}: the folder ${path.dirname(out)} does not exist — create it first (mkdir -p ${path.dirname(out)}) or write elsewhere\n` });
  });

  it('names a missing --cases folder before any work', async () => {
    const cases = path.join(tmp, 'missing-cases');
    const predictions = path.join(tmp, 'predictions-none');
    const result = await runCli(['eval', '--cases', cases, '--predictions', predictions]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`causa: --cases ${cases} does not exist — pass the folder holding one sub-folder per case (each with a case.json)\n`);
  });

  it('skips a malformed answer file in eval, naming it, and scores the rest', async () => {
    const answers = path.join(tmp, 'answers');
    await fs.mkdir(answers, { recursive: true });
    await fs.writeFile(path.join(answers, 'db-pool-exhaustion.json'), '{"id": "db-pool-exhaustion", "rootCause": ');
    const result = await runCli(['eval', '--cases', path.join(tmp, 'cases'), '--answers', answers, '--predictions', path.join(tmp, 'predictions'), '--quiet']);
    expect(result.code).toBe(0);
    expect(result.err).toContain(`causa eval: ${path.join(answers, 'db-pool-exhaustion.json')} is not valid JSON`);
    expect(result.err).toContain('case db-pool-exhaustion is not scored — fix or remove the file');
    expect(result.out).toMatch(/predictions written to .* \(1 cases/);
  });

  it('names the config file holding a YAML alias bomb', async () => {
    const file = path.join(tmp, 'bomb.yaml');
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    const result = await runCli(['config', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${file}: cannot be read as YAML`);
    expect(result.err).toContain('aliases (*name) expand to too much data');
  });
});
