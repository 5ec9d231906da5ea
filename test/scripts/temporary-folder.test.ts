import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPTS = join(__dirname, '..', '..', 'scripts');
const MODULE = join(SCRIPTS, 'temporary-folder.js');
let privateTmp: string;

beforeEach(() => {
  privateTmp = mkdtempSync(join(tmpdir(), 'causa-scripts-'));
});
afterEach(() => rmSync(privateTmp, { recursive: true, force: true }));

/** A node process whose temporary folder is `privateTmp`, so what it leaves behind can be listed. */
const env = () => ({ ...process.env, TMPDIR: privateTmp, TMP: privateTmp, TEMP: privateTmp });

describe('temporaryFolder (the benchmark scripts)', () => {
  it('removes the folder when the script ends', () => {
    const code = `const dir = require(${JSON.stringify(MODULE)}).temporaryFolder('causa-bench-'); require('fs').writeFileSync(dir + '/p.json', '{}'); console.log(dir);`;
    const child = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: env() });
    expect(child.stdout.trim().startsWith(join(privateTmp, 'causa-bench-'))).toBe(true);
    expect(readdirSync(privateTmp)).toEqual([]);
  });

  it('removes the folder when the script is interrupted', async () => {
    const code = `const dir = require(${JSON.stringify(MODULE)}).temporaryFolder('causa-bench-'); console.log(dir); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', code], { env: env() });
    const dir = await new Promise<string>((resolve) => child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim())));
    expect(existsSync(dir)).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    expect(readdirSync(privateTmp)).toEqual([]);
  });

  it('keeps npm run bench from leaving its predictions folder behind', () => {
    const dist = join(__dirname, '..', '..', 'dist', 'main.js');
    if (!existsSync(dist)) {
      console.log(`bench.js check skipped: ${dist} is not built (npm run build)`);
      return;
    }
    const benchmark = join(privateTmp, 'benchmark');
    mkdirSync(join(benchmark, 'cases'), { recursive: true });
    mkdirSync(join(benchmark, 'answers'));
    writeFileSync(join(privateTmp, 'marker'), '');
    const child = spawnSync(process.execPath, [join(SCRIPTS, 'bench.js'), '--benchmark', benchmark], { encoding: 'utf8', env: env() });
    expect(child.status).toBe(0);
    expect(readdirSync(privateTmp).sort()).toEqual(['benchmark', 'marker']);
  });
});
