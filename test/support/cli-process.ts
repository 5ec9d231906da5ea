import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');

/** What one `causa` process wrote and how it ended. */
export interface CliProcessResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * The `causa` command built from the current sources into one file (dependencies stay in
 * node_modules), for tests that need the real process: its stdout, stderr, logger and exit code.
 * Call `remove()` when done.
 */
export function buildCliProcess(): { run: (args: string[], env: Record<string, string>, cwd: string) => Promise<CliProcessResult>; remove: () => void } {
  const folder = path.join(ROOT, 'node_modules', '.cache', `causa-cli-${process.pid}-${Date.now()}`);
  mkdirSync(folder, { recursive: true });
  const entry = path.join(folder, 'main.js');
  buildSync({ entryPoints: [path.join(ROOT, 'src', 'main.ts')], bundle: true, platform: 'node', target: 'node20', packages: 'external', format: 'cjs', outfile: entry, logLevel: 'error' });
  const launcher = `require(${JSON.stringify(entry)}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; }, (error) => { process.stderr.write(String(error && error.message)); process.exitCode = 1; });`;
  return {
    run: (args, env, cwd) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', launcher, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out, err });
        });
      }),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
