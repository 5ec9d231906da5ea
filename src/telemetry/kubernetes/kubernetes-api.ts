import type { KubernetesResource } from './kubernetes-resources';

/** One page of a list: its items (raw API objects) and the token of the next page, if any. */
export interface ListPage {
  items: unknown[];
  continueToken?: string;
}

/** Why a request to the Kubernetes API failed. */
export type KubernetesFailure = 'config' | 'unreachable' | 'timeout' | 'cancelled' | 'unauthorized' | 'forbidden' | 'not-found' | 'expired' | 'not-json' | 'http';

/**
 * A request the Kubernetes API refused or could not answer. `message` says what is wrong and how
 * to fix it (the missing RBAC verb and resource for a 403) and never holds a credential.
 */
export class KubernetesApiError extends Error {
  constructor(
    message: string,
    readonly failure: KubernetesFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/**
 * The few read-only calls the Kubernetes source makes, so the source does not depend on how they
 * are made (`ClientNodeApi` makes them through `@kubernetes/client-node`). Every call rejects with
 * a KubernetesApiError.
 */
export interface KubernetesApi {
  /** The API server's URL and the kubeconfig context (or "in-cluster"), for messages. */
  describe(): Promise<{ server: string; context: string }>;
  /** The server's version (`GET /version`), e.g. `v1.30.2`. */
  version(signal?: AbortSignal): Promise<string>;
  /** One page of `resource` in `namespace` (all namespaces when undefined), at most `limit` items. */
  list(resource: KubernetesResource, namespace: string | undefined, page: { limit: number; continueToken?: string }, signal?: AbortSignal): Promise<ListPage>;
}
