import type { ServerResponse } from 'node:http';
import type { ClusterObjects } from '../../../src/scenarios/cluster-kubernetes-objects';
import { KUBERNETES_RESOURCES, type KubernetesResource } from '../../../src/telemetry/kubernetes/kubernetes-resources';
import { FakeHttpBackend, sendJson, type SeenRequest } from '../../fakes/fake-http-backend';

/** The identity the fake's RBAC messages name, as a service account's token would be. */
export const SERVICE_ACCOUNT = 'system:serviceaccount:causa:causa';
export const TOKEN = 'fake-service-account-token';

const VERSION = { major: '1', minor: '30', gitVersion: 'v1.30.2', gitCommit: '3968350d9f5f5d7d4ba3f5e0a9c6d0c7b6ec4a1f', gitTreeState: 'clean', buildDate: '2024-06-11T20:20:14Z', goVersion: 'go1.22.4', compiler: 'gc', platform: 'linux/amd64' };

/** A `Status` failure body, as the API server sends with every 4xx. */
function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/**
 * A local server speaking the read-only part of the Kubernetes API the Kubernetes source uses,
 * with the API server's response shapes: `GET /version`, lists of pods and events (core/v1) and
 * of ReplicaSets, Deployments, StatefulSets, DaemonSets and ControllerRevisions (apps/v1), per
 * namespace or across all, paged with `limit` and an opaque `continue` token
 * (`metadata.continue`, `remainingItemCount`); bearer-token authentication (401 Status), RBAC
 * denials per resource (403 Status naming the user, verb, resource and API group), an expired
 * `continue` token (410 Expired) and `404 page not found` for paths it does not serve.
 */
export class FakeKubernetesServer extends FakeHttpBackend {
  /** Resources the identity may not list (403). */
  readonly forbidden = new Set<KubernetesResource>();
  /** When set, the next continued list answers 410 Expired. */
  expireContinue = false;
  /** Largest page the server hands out, whatever `limit` asks (0: the asked limit). */
  maxPage = 0;

  constructor(private objects: ClusterObjects) {
    super((request, response) => this.serve(request, response));
  }

  replace(objects: ClusterObjects): void {
    this.objects = objects;
  }

  private serve(request: SeenRequest, response: ServerResponse): void {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(response, 401, status(401, 'Unauthorized', 'Unauthorized'));
    if (request.path === '/version') return sendJson(response, 200, VERSION);
    const match = /^\/(?:api\/v1|apis\/apps\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)$/.exec(request.path);
    const resource = match?.[2] as KubernetesResource | undefined;
    const group = request.path.startsWith('/apis/apps/') ? 'apps' : '';
    if (!match || !resource || !(resource in KUBERNETES_RESOURCES) || KUBERNETES_RESOURCES[resource].group !== group) {
      return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    }
    const namespace = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (this.forbidden.has(resource)) {
      const where = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
      return sendJson(response, 403, status(403, 'Forbidden', `${resource}${group ? `.${group}` : ''} is forbidden: User "${SERVICE_ACCOUNT}" cannot list resource "${resource}" in API group "${group}" ${where}`, { kind: resource, ...(group ? { group } : {}) }));
    }
    const all = (this.objects[resource] as Array<{ metadata: { namespace?: string; name: string } }>).filter((o) => namespace === undefined || o.metadata.namespace === namespace);
    all.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    let start = 0;
    const token = request.query.get('continue');
    if (token) {
      if (this.expireContinue) {
        this.expireContinue = false;
        return sendJson(response, 410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'));
      }
      try {
        start = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start: number }).start;
      } catch {
        return sendJson(response, 400, status(400, 'BadRequest', 'continue key is not valid: illegal base64 data at input byte 0'));
      }
    }
    const asked = Number(request.query.get('limit') ?? '0');
    const limit = this.maxPage > 0 ? Math.min(asked || Infinity, this.maxPage) : asked;
    const end = limit > 0 ? Math.min(all.length, start + limit) : all.length;
    const metadata: Record<string, unknown> = { resourceVersion: '48213' };
    if (end < all.length) {
      metadata.continue = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 48213, start: end })).toString('base64url');
      metadata.remainingItemCount = all.length - end;
    }
    const { kind, group: g, version } = KUBERNETES_RESOURCES[resource];
    sendJson(response, 200, { kind: `${kind}List`, apiVersion: g ? `${g}/${version}` : version, metadata, items: all.slice(start, end) });
  }
}

/** A kubeconfig (YAML) for the fake: its URL, the bearer token, a context named `fake`. */
export function kubeconfigFor(url: string, options: { token?: string; caData?: string; context?: string } = {}): string {
  const cluster = options.caData ? `certificate-authority-data: ${Buffer.from(options.caData).toString('base64')}` : 'insecure-skip-tls-verify: true';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: fake-cluster`,
    `  cluster:`,
    `    server: ${url}`,
    `    ${cluster}`,
    'users:',
    '- name: causa',
    '  user:',
    `    token: ${options.token ?? TOKEN}`,
    'contexts:',
    `- name: ${options.context ?? 'fake'}`,
    '  context:',
    '    cluster: fake-cluster',
    '    user: causa',
    `current-context: ${options.context ?? 'fake'}`,
    '',
  ].join('\n');
}
