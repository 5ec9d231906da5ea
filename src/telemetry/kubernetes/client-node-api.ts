import type * as ClientNode from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { loadClientNode, type ClientNodeModule } from './client-node-loader';
import { KubernetesApiError, type KubernetesApi, type ListPage } from './kubernetes-api';
import { describeFailure } from './kubernetes-failure';
import type { KubernetesResource } from './kubernetes-resources';

export interface ClientNodeApiOptions {
  /** A kubeconfig file; else `KUBECONFIG`, `~/.kube/config`, then the pod's service account. */
  kubeconfig?: string;
  /** The kubeconfig context to use; the file's current context when absent. */
  context?: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** How the library is loaded (tests load it through Jest's module system). */
  load?: () => Promise<ClientNodeModule>;
}

type Clients = {
  module: ClientNodeModule;
  server: string;
  context: string;
  core: InstanceType<ClientNodeModule['CoreV1Api']>;
  apps: InstanceType<ClientNodeModule['AppsV1Api']>;
  version: InstanceType<ClientNodeModule['VersionApi']>;
};

type RequestOptions = { middleware: ClientNode.ObservableMiddleware[]; middlewareMergeStrategy: 'append' };

/** A 2xx answer that is not what the API returns (a UI or login page behind the configured address). */
function notTheApi(clients: Clients, what: string): KubernetesApiError {
  return new KubernetesApiError(`the Kubernetes API at ${clients.server} (context ${clients.context}) answered ${what} with something that is not the Kubernetes API's JSON (an HTML page?): the cluster's server in the kubeconfig must be the API server's address, not a UI, proxy or login page`, 'not-json');
}

/** The kubeconfig `loadFromDefault` falls back to when it finds nothing at all. */
const NOTHING_FOUND_SERVER = 'http://localhost:8080';

/**
 * The Kubernetes API through `@kubernetes/client-node`: a kubeconfig file (and context) or the
 * in-cluster service account, typed list calls with `limit`/`continue`, a timeout per request,
 * and failures turned into KubernetesApiErrors that say what to fix.
 */
export class ClientNodeApi implements KubernetesApi {
  private clients: Promise<Clients> | undefined;

  constructor(private readonly options: ClientNodeApiOptions) {}

  async describe(): Promise<{ server: string; context: string }> {
    const { server, context } = await this.open();
    return { server, context };
  }

  async version(signal?: AbortSignal): Promise<string> {
    const clients = await this.open();
    const info = await this.call(clients, 'get', undefined, undefined, signal, (options) => clients.version.getCode(undefined, options));
    if (typeof info?.gitVersion !== 'string') throw notTheApi(clients, 'get /version');
    return info.gitVersion;
  }

  async list(resource: KubernetesResource, namespace: string | undefined, page: { limit: number; continueToken?: string }, signal?: AbortSignal): Promise<ListPage> {
    const clients = await this.open();
    const params = { limit: page.limit, ...(page.continueToken ? { _continue: page.continueToken } : {}) };
    const { core, apps } = clients;
    const body = await this.call<{ items: unknown[]; metadata?: unknown }>(clients, 'list', resource, namespace, signal, (options) => {
      const ns = namespace === undefined ? undefined : { ...params, namespace };
      switch (resource) {
        case 'pods':
          return ns ? core.listNamespacedPod(ns, options) : core.listPodForAllNamespaces(params, options);
        case 'events':
          return ns ? core.listNamespacedEvent(ns, options) : core.listEventForAllNamespaces(params, options);
        case 'replicasets':
          return ns ? apps.listNamespacedReplicaSet(ns, options) : apps.listReplicaSetForAllNamespaces(params, options);
        case 'deployments':
          return ns ? apps.listNamespacedDeployment(ns, options) : apps.listDeploymentForAllNamespaces(params, options);
        case 'statefulsets':
          return ns ? apps.listNamespacedStatefulSet(ns, options) : apps.listStatefulSetForAllNamespaces(params, options);
        case 'daemonsets':
          return ns ? apps.listNamespacedDaemonSet(ns, options) : apps.listDaemonSetForAllNamespaces(params, options);
        case 'controllerrevisions':
          return ns ? apps.listNamespacedControllerRevision(ns, options) : apps.listControllerRevisionForAllNamespaces(params, options);
      }
    });
    if (!Array.isArray(body?.items)) throw notTheApi(clients, `list ${resource}`);
    const token = (body.metadata as { _continue?: string } | undefined)?._continue;
    return { items: body.items as unknown[], ...(token ? { continueToken: token } : {}) };
  }

  /** One request with the timeout and the caller's signal, its failure described. */
  private async call<T>(
    clients: Clients,
    verb: 'get' | 'list',
    resource: KubernetesResource | undefined,
    namespace: string | undefined,
    signal: AbortSignal | undefined,
    request: (options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const { Observable } = clients.module;
    // The generated clients take "observable" middleware; this one hands each request the signal.
    const middleware: RequestOptions['middleware'][number] = {
      pre: (context) => {
        context.setSignal(combined);
        return new Observable(Promise.resolve(context));
      },
      post: (response) => new Observable(Promise.resolve(response)),
    };
    try {
      return await request({ middleware: [middleware], middlewareMergeStrategy: 'append' });
    } catch (error) {
      throw describeFailure(error, { server: clients.server, context: clients.context, verb, resource, namespace, timeoutMs: this.options.timeoutMs, timedOut: timeout.aborted, cancelled: signal?.aborted ?? false });
    }
  }

  private open(): Promise<Clients> {
    this.clients ??= this.connect().catch((error: unknown) => {
      this.clients = undefined;
      throw error;
    });
    return this.clients;
  }

  private async connect(): Promise<Clients> {
    let module: ClientNodeModule;
    try {
      module = await (this.options.load ?? loadClientNode)();
    } catch (error) {
      throw new KubernetesApiError(`@kubernetes/client-node could not be loaded: ${(error as Error).message}; reinstall Causa's dependencies (npm ci)`, 'config');
    }
    const kc = new module.KubeConfig();
    const where = this.options.kubeconfig ? `kubeconfig ${this.options.kubeconfig}` : 'the default kubeconfig (KUBECONFIG, ~/.kube/config or the pod service account)';
    try {
      if (this.options.kubeconfig) kc.loadFromFile(this.options.kubeconfig);
      else kc.loadFromDefault();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A YAML error quotes the lines around the fault, which may hold a token: keep its first line only.
      const reason = code === 'ENOENT' ? 'the file does not exist' : String((error as Error).message).split('\n')[0];
      throw new KubernetesApiError(`${where} could not be read: ${reason}`, 'config');
    }
    if (this.options.context) {
      if (!kc.getContextObject(this.options.context)) {
        const known = kc.getContexts().map((c) => c.name);
        throw new KubernetesApiError(`${where} has no context "${this.options.context}"${known.length > 0 ? `; it has ${known.join(', ')}` : ''}: fix the source's context`, 'config');
      }
      kc.setCurrentContext(this.options.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubernetesApiError(`${where} has no current cluster: set current-context in it, or the source's context`, 'config');
    if (!this.options.kubeconfig && cluster.server === NOTHING_FOUND_SERVER && kc.currentContext === 'loaded-context') {
      throw new KubernetesApiError('no kubeconfig was found (KUBECONFIG, ~/.kube/config) and Causa is not running in a pod with a service account: set the source\'s kubeconfig (and context)', 'config');
    }
    const context = this.options.kubeconfig || kc.currentContext !== 'inClusterContext' ? kc.currentContext : 'in-cluster service account';
    return { module, server: cluster.server, context, core: kc.makeApiClient(module.CoreV1Api), apps: kc.makeApiClient(module.AppsV1Api), version: kc.makeApiClient(module.VersionApi) };
  }
}
