import type * as ClientNode from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

/** The `@kubernetes/client-node` module. */
export type ClientNodeModule = typeof ClientNode;

let loading: Promise<ClientNodeModule> | undefined;

/**
 * Loads `@kubernetes/client-node` on first use. Its 1.x releases are ES modules only, while Causa
 * compiles to CommonJS: with `module: node16` TypeScript keeps this `import()` as a real dynamic
 * import in the CommonJS output, which Node resolves as an ES module. Loaded once per process, and
 * only when a Kubernetes source is configured (it is a large library).
 */
export function loadClientNode(): Promise<ClientNodeModule> {
  loading ??= import('@kubernetes/client-node').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
