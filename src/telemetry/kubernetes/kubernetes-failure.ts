import { KubernetesApiError } from './kubernetes-api';
import { KUBERNETES_RESOURCES, listPath, qualifiedName, type KubernetesResource } from './kubernetes-resources';

/** What was being asked when a request failed. */
export interface FailedRequest {
  server: string;
  context: string;
  verb: 'get' | 'list';
  resource?: KubernetesResource;
  namespace?: string;
  timeoutMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

const TLS_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** The `message` of a Kubernetes `Status` body, or of any JSON body that has one. */
function statusMessage(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' && parsed.message !== '' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

/** `get /version`, `list pods in namespace media`, `list replicasets.apps in all namespaces`. */
function describeRequest(request: FailedRequest): string {
  if (!request.resource) return `${request.verb} /version`;
  return `${request.verb} ${qualifiedName(request.resource)} ${request.namespace === undefined ? 'in all namespaces' : `in namespace ${request.namespace}`}`;
}

/** How to grant the missing permission: the verb, the resource and its API group. */
function rbacHint(request: FailedRequest): string {
  if (!request.resource) return 'grant the identity access to the API server';
  const group = KUBERNETES_RESOURCES[request.resource].group;
  const scope = request.namespace === undefined ? 'a ClusterRole bound with a ClusterRoleBinding (all namespaces are read)' : `a Role or ClusterRole bound in namespace ${request.namespace}`;
  return `grant "${request.verb}" on "${request.resource}" (apiGroups: ["${group}"]) through ${scope}; manifests/kubernetes/causa-rbac.yaml has the read-only rules Causa needs`;
}

/**
 * A KubernetesApiError saying what went wrong with a request made through
 * `@kubernetes/client-node`, and how to fix it: unreachable, a timeout, TLS trust, 401, a 403 with
 * the missing RBAC verb and resource, a 404, an expired `continue` token (410), an HTML page where
 * the API was expected.
 */
export function describeFailure(error: unknown, request: FailedRequest): KubernetesApiError {
  const at = `the Kubernetes API at ${request.server} (context ${request.context})`;
  const what = describeRequest(request);
  if (request.timedOut) return new KubernetesApiError(`${at} did not answer ${what} within ${request.timeoutMs} ms (timeoutMs)`, 'timeout');
  if (request.cancelled) return new KubernetesApiError(`${what} was cancelled`, 'cancelled');
  const record = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; body?: unknown; message?: unknown; name?: unknown };
  const message = typeof record.message === 'string' ? record.message : String(error);
  if (typeof record.code === 'number') {
    const status = record.code;
    const detail = statusMessage(record.body);
    if (status === 401) return new KubernetesApiError(`${at} rejected the credentials (401 Unauthorized${detail && detail !== 'Unauthorized' ? `: ${detail}` : ''}): the token or client certificate is missing, invalid or expired; refresh the kubeconfig's credentials or the service account token`, 'unauthorized', 401);
    if (status === 403) return new KubernetesApiError(`${at} refused to ${what} (403 Forbidden${detail ? `: ${detail}` : ''}): ${rbacHint(request)}`, 'forbidden', 403);
    if (status === 410) return new KubernetesApiError(`${at} expired the list of ${request.resource ?? 'objects'} while it was read page by page (410 Gone${detail ? `: ${detail}` : ''})`, 'expired', 410);
    if (typeof record.body === 'string' && /^\s*<(!doctype|html)/i.test(record.body)) {
      return new KubernetesApiError(`${at} answered ${what} with an HTML page (HTTP ${status}) instead of the API: the cluster's server in the kubeconfig must be the API server's address, not a UI, proxy or login page`, 'not-json', status);
    }
    const path = request.resource ? listPath(request.resource, request.namespace) : '/version';
    if (status === 404) return new KubernetesApiError(`${at} answered 404 to ${path}${detail ? `: ${detail}` : ''}: the API server does not serve it (an API version this cluster lacks, or a proxy path)`, 'not-found', 404);
    const text = detail ?? (typeof record.body === 'string' ? record.body.slice(0, 300).trim() : '') ?? '';
    return new KubernetesApiError(`${at} answered ${status} to ${what}${text ? `: ${text}` : ''}`, 'http', status);
  }
  if (/HTTP protocol is not allowed/i.test(message)) {
    return new KubernetesApiError(`${at} is a plain http:// address (such as kubectl proxy): @kubernetes/client-node only talks to one with insecure-skip-tls-verify: true on that cluster in the kubeconfig; set it, or use the API server's https:// address`, 'config');
  }
  if (record.name === 'SyntaxError') return new KubernetesApiError(`${at} answered ${what} with something that is not JSON (${message}): the cluster's server in the kubeconfig must be the API server's address`, 'not-json');
  const code = typeof record.code === 'string' ? record.code : undefined;
  if (code && TLS_CODES.has(code)) return new KubernetesApiError(`${at} presented a TLS certificate Causa does not trust (${code}): set certificate-authority or certificate-authority-data for the cluster in the kubeconfig`, 'unreachable');
  const reason = /reason: (.*)$/.exec(message)?.[1] ?? message;
  return new KubernetesApiError(`${at} is unreachable: ${reason}`, 'unreachable');
}
