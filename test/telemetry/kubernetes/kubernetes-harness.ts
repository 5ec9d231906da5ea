import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClientNodeApi } from '../../../src/telemetry/kubernetes/client-node-api';
import type { ClientNodeModule } from '../../../src/telemetry/kubernetes/client-node-loader';
import { KubernetesSource, type KubernetesSourceOptions } from '../../../src/telemetry/kubernetes/kubernetes-source';
import { kubeconfigFor } from './fake-kubernetes-server';

/**
 * The real `@kubernetes/client-node`, loaded through Jest's module system (its ES modules are
 * rewritten to CommonJS by test/jest/esm-to-commonjs-transform.js); Causa itself loads it with a
 * native import().
 */
export const loadForJest = async (): Promise<ClientNodeModule> => require('@kubernetes/client-node') as ClientNodeModule;

/** Writes a kubeconfig into a temporary folder; returns its path and a remover. */
export async function writeKubeconfig(text: string): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-kubeconfig-'));
  const file = path.join(dir, 'config');
  await fs.writeFile(file, text, { mode: 0o600 });
  return { file, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** A Kubernetes source reading the fake at `url` through a kubeconfig file. */
export async function kubernetesSourceFor(url: string, options: Partial<KubernetesSourceOptions> & { token?: string; timeoutMs?: number; context?: string; kubeconfigText?: string } = {}) {
  const kubeconfig = await writeKubeconfig(options.kubeconfigText ?? kubeconfigFor(url, { token: options.token }));
  const api = new ClientNodeApi({ kubeconfig: kubeconfig.file, context: options.context, timeoutMs: options.timeoutMs ?? 5000, load: loadForJest });
  const { token: _token, timeoutMs: _timeout, context: _context, kubeconfigText: _text, ...sourceOptions } = options;
  return { source: new KubernetesSource({ api, ...sourceOptions }), api, kubeconfig: kubeconfig.file, remove: kubeconfig.remove };
}
