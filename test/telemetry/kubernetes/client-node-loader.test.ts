import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const ROOT = path.join(__dirname, '../../..');

/**
 * Jest loads @kubernetes/client-node through a transform; Causa itself must load the ES module
 * from its CommonJS build. This compiles the loader with the build's settings and runs it in a
 * plain Node process: the `import()` must survive compilation and resolve the real package.
 */
describe('client-node loader as built', () => {
  it('keeps a native import() in the CommonJS output and loads the ES-module client in Node', async () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const file = path.join(ROOT, 'src/telemetry/kubernetes/client-node-loader.ts');
    const { outputText } = ts.transpileModule(await fs.readFile(file, 'utf8'), { compilerOptions: config!.options, fileName: file });
    expect(outputText).toContain('"use strict"');
    expect(outputText).toMatch(/import\('@kubernetes\/client-node'\)/);
    // Next to the sources, so Node resolves the package from this checkout's node_modules.
    const dir = await fs.mkdtemp(path.join(ROOT, 'node_modules', '.causa-loader-check-'));
    try {
      await fs.writeFile(path.join(dir, 'loader.js'), outputText);
      const script = `require(${JSON.stringify(path.join(dir, 'loader.js'))}).loadClientNode().then((m) => console.log(typeof m.KubeConfig, typeof m.CoreV1Api, typeof m.AppsV1Api))`;
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT });
      expect(stdout.trim()).toBe('function function function');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
