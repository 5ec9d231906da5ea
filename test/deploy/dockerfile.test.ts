import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; bin: Record<string, string>; files: string[]; scripts: Record<string, string>; engines: { node: string } };

/** The Dockerfile as instructions (continuation lines joined, comments dropped), split into stages. */
function stages(): Array<{ name: string; from: string; steps: Array<{ op: string; args: string }> }> {
  const text = read('Dockerfile').replace(/\\\n/g, ' ');
  const args = new Map<string, string>();
  const result: ReturnType<typeof stages> = [];
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const [, op, rest] = match;
    if (op === 'ARG' && result.length === 0) {
      const [key, value] = rest.split('=');
      args.set(key.trim(), (value ?? '').trim());
    } else if (op === 'FROM') {
      const [image, , name] = rest.split(/\s+/);
      result.push({ name: name ?? '', from: image.replace(/\$\{(\w+)\}/g, (_, key: string) => args.get(key) ?? ''), steps: [] });
    } else {
      result.at(-1)?.steps.push({ op, args: rest.trim() });
    }
  }
  return result;
}

/** Sources of a `COPY` (without --from); `--chown` and the destination left out. */
function copySources(args: string): string[] {
  const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
  return words.slice(0, -1);
}

const dockerignore = read('.dockerignore').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));

describe('Dockerfile', () => {
  const [build, runtime] = stages();

  it('is multi-stage: a build stage and a runtime stage', () => {
    expect(stages()).toHaveLength(2);
    expect(build.name).toBe('build');
    expect(runtime.steps.some((step) => step.op === 'COPY' && step.args.includes('--from=build'))).toBe(true);
  });

  it('uses an even-numbered (LTS) Node on both stages, no older than what `engines` accepts', () => {
    for (const stage of [build, runtime]) {
      const major = Number(/^node:(\d+)/.exec(stage.from)?.[1]);
      expect(major % 2).toBe(0);
      expect(major).toBeGreaterThanOrEqual(Number(/(\d+)/.exec(pkg.engines.node)?.[1]));
    }
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    for (const stage of [build, runtime]) {
      for (const step of stage.steps.filter((candidate) => candidate.op === 'COPY' && !candidate.args.includes('--from='))) {
        for (const source of copySources(step.args)) {
          expect({ source, exists: existsSync(path.join(root, source)) }).toEqual({ source, exists: true });
          expect({ source, ignored: dockerignore.includes(source) }).toEqual({ source, ignored: false });
        }
      }
    }
  });

  it('builds with the package.json build script and the tsconfig it names', () => {
    const runs = build.steps.filter((step) => step.op === 'RUN').map((step) => step.args).join(' && ');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build\b/);
    expect(runs).toMatch(/npm prune --omit=dev/);
    const tsconfig = /-p\s+(\S+)/.exec(pkg.scripts.build)?.[1];
    const copied = build.steps.filter((step) => step.op === 'COPY').flatMap((step) => copySources(step.args));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', tsconfig!, 'src']));
    // tsconfig.build.json extends tsconfig.json: both must be in the image.
    const extended = JSON.parse(read(tsconfig!)).extends as string | undefined;
    if (extended) expect(copied).toContain(extended.replace(/^\.\//, ''));
  });

  it('ships what package.json `files` publishes, and starts the `causa` bin', () => {
    const shipped = runtime.steps.filter((step) => step.op === 'COPY').flatMap((step) => (step.args.includes('--from=build') ? [step.args.split(/\s+/).at(-2)!.replace('/app/', '')] : copySources(step.args)));
    expect(shipped).toEqual(expect.arrayContaining([...pkg.files, 'package.json', 'node_modules']));
    const entrypoint = JSON.parse(runtime.steps.find((step) => step.op === 'ENTRYPOINT')!.args) as string[];
    expect(entrypoint).toEqual(['node', pkg.bin.causa]);
  });

  it('runs as a non-root numeric user and exposes the HTTP port', () => {
    const user = runtime.steps.filter((step) => step.op === 'USER').at(-1)?.args ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.steps.find((step) => step.op === 'EXPOSE')?.args).toBe('3000');
  });
});
