import { EvidenceSchema } from '../../../src/core/investigation/evidence-schema';
import type { EventSearchResult } from '../../../src/core/telemetry/query-results';
import { KubernetesSource } from '../../../src/telemetry/kubernetes/kubernetes-source';
import { closedPortUrl } from '../../fakes/fake-http-backend';
import { ClientNodeApi } from '../../../src/telemetry/kubernetes/client-node-api';
import { FakeKubernetesServer, kubeconfigFor } from './fake-kubernetes-server';
import { kubernetesSourceFor, loadForJest } from './kubernetes-harness';
import { PERIOD, recordedCluster } from './recorded-cluster';

const search = (params: Record<string, unknown> = {}) => ({ name: 'event_search' as const, params: { range: PERIOD, limit: 200, ...params } });
const events = (data: unknown) => (data as EventSearchResult).events;

describe('KubernetesSource over a fake API server with recorded object shapes', () => {
  let server: FakeKubernetesServer;
  let cleanups: Array<() => Promise<void>>;
  beforeEach(async () => {
    server = await new FakeKubernetesServer(recordedCluster()).start();
    cleanups = [];
  });
  afterEach(async () => {
    await Promise.all(cleanups.map((c) => c()));
    await server.stop();
  });
  const open = async (options: Parameters<typeof kubernetesSourceFor>[1] = {}) => {
    const opened = await kubernetesSourceFor(server.url, options);
    cleanups.push(opened.remove);
    return opened.source;
  };

  it('turns events, pod status and rollouts into change events of workloads, not pods', async () => {
    const source = await open({ namespace: 'shop' });
    const outcome = await source.run(search());
    expect(EvidenceSchema.parse(outcome.evidence)).toMatchObject({ status: 'ok', sourceId: 'kubernetes', queryName: 'event_search' });
    expect(outcome.evidence.queryText).toBe('kubectl get pods,events,replicasets,deployments,statefulsets,daemonsets,controllerrevisions --namespace shop -o json');
    const found = events(outcome.data).map((e) => [e.ts, e.service, e.instance ?? null, e.reason]);
    expect(found).toEqual([
      ['2024-06-03T14:05:00.000Z', 'checkout', null, 'scaled'],
      ['2024-06-03T14:05:00.000Z', 'checkout', null, 'deploy'],
      // A pod that is gone, placed through its ReplicaSet's name.
      ['2024-06-03T14:06:30.000Z', 'checkout', 'checkout-59b6c7d8e9-abcde', 'unhealthy'],
      ['2024-06-03T14:09:31.000Z', 'checkout', 'checkout-7c9d8f6b5d-x2k4p', 'back-off'],
      ['2024-06-03T14:12:00.000Z', 'cart-db', null, 'deploy'],
      ['2024-06-03T14:12:20.000Z', 'cart-db', 'cart-db-0', 'crashed'],
      ['2024-06-03T14:12:30.000Z', 'cart-db', 'cart-db-0', 'restart'],
      ['2024-06-03T14:21:39.000Z', 'checkout', 'checkout-7c9d8f6b5d-x2k4p', 'oom-killed'],
      // Written through events.k8s.io/v1: eventTime and series, no legacy timestamps.
      ['2024-06-03T14:25:00.412Z', 'checkout', 'checkout-7c9d8f6b5d-p9q8r', 'failed-scheduling'],
    ]);
    const byReason = new Map(events(outcome.data).map((e) => [e.reason, e]));
    expect(byReason.get('oom-killed')?.message).toBe('Container checkout in pod checkout-7c9d8f6b5d-x2k4p was OOMKilled (exit code 137); restart count 4; now CrashLoopBackOff');
    expect(byReason.get('oom-killed')?.attributes).toMatchObject({ exitCode: 137, terminationReason: 'OOMKilled', restartCount: 4, workloadKind: 'Deployment', node: 'ip-10-0-1-23.ec2.internal' });
    expect(byReason.get('back-off')?.message).toMatch(/^Back-off restarting failed container checkout .*\(×9 until 2024-06-03T14:21:40.000Z\)$/);
    expect(byReason.get('back-off')?.attributes).toMatchObject({ kubernetesReason: 'BackOff', type: 'Warning', object: 'Pod checkout-7c9d8f6b5d-x2k4p', count: 9 });
    expect(events(outcome.data).find((e) => e.reason === 'deploy')?.message).toBe('Deployment checkout rolled out revision 4 with image registry.example.com/shop/checkout:2.4.0 (ReplicaSet checkout-7c9d8f6b5d created)');
    expect(byReason.get('failed-scheduling')?.attributes).toMatchObject({ count: 3, lastSeen: '2024-06-03T14:27:10.001Z', component: 'default-scheduler' });
    expect(outcome.evidence.summary).toMatch(/^9 Kubernetes events in namespace shop \(deploy ×2, .*\); first: checkout scaled at 2024-06-03T14:05:00.000Z$/);
    // Routine Normal events (Pulled) and events outside the period (FailedMount a day before) are left out.
    expect(events(outcome.data).some((e) => /Pulled|FailedMount/.test(e.message))).toBe(false);
  });

  it('filters by workload and text, caps at limit and counts every match', async () => {
    const source = await open({ namespace: 'shop' });
    const checkout = await source.run(search({ service: 'checkout', limit: 2 }));
    expect(events(checkout.data)).toHaveLength(2);
    expect(checkout.evidence.digest).toMatchObject({ events: 2, totalMatches: 6 });
    const oom = await source.run(search({ text: 'oomkilled' }));
    expect(events(oom.data).map((e) => e.reason)).toEqual(['oom-killed']);
    const none = await source.run(search({ service: 'payments' }));
    expect(none.evidence).toMatchObject({ status: 'no_data' });
    expect(none.evidence.summary).toMatch(/^no Kubernetes events, container terminations or rollouts of payments in namespace shop/);
    expect(none.data).toBeUndefined();
  });

  it('reads lists page by page with limit and continue, and says when the object cap cut a list short', async () => {
    server.maxPage = 1;
    const paged = await open({ namespace: 'shop', pageSize: 2 });
    const outcome = await paged.run(search());
    expect(outcome.evidence.digest.totalMatches).toBe(9);
    const podRequests = server.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods');
    expect(podRequests.map((r) => r.query.get('continue') !== null)).toEqual([false, true, true, true]);
    expect(podRequests.every((r) => r.query.get('limit') !== null)).toBe(true);

    server.maxPage = 0;
    const capped = await open({ namespace: 'shop', pageSize: 1, maxObjects: 2 });
    const partial = await capped.run(search());
    expect(partial.evidence.summary).toMatch(/partial: pods, events read only in part \(maxObjects/);
    expect(partial.evidence.digest.incompleteResources).toBe(2);
  });

  it('keeps what it read when a continue token expires (410) and says the list is partial', async () => {
    const source = await open({ namespace: 'shop', pageSize: 1 });
    server.expireContinue = true;
    const outcome = await source.run(search());
    expect(outcome.evidence.status).toBe('ok');
    expect(outcome.evidence.summary).toMatch(/partial: \w+/);
  });

  it('names the missing RBAC verb and resource on a 403, and still answers from what it may read', async () => {
    server.forbidden.add('replicasets');
    const source = await open({ namespace: 'shop' });
    const outcome = await source.run(search({ service: 'checkout' }));
    expect(outcome.evidence.status).toBe('ok');
    expect(outcome.evidence.summary).toContain('not read: the Kubernetes API at');
    expect(outcome.evidence.summary).toContain('refused to list replicasets.apps in namespace shop (403 Forbidden: replicasets.apps is forbidden: User "system:serviceaccount:causa:causa" cannot list resource "replicasets" in API group "apps" in the namespace "shop"): grant "list" on "replicasets" (apiGroups: ["apps"])');
    // Without ReplicaSets, pods still map to their Deployment through the pod-template-hash.
    expect(events(outcome.data).filter((e) => e.reason === 'oom-killed').map((e) => e.service)).toEqual(['checkout']);
    const health = await source.health();
    expect(health.ok).toBe(false);
    expect(health.message).toMatch(/^Kubernetes v1\.30\.2 at http:\/\/127\.0\.0\.1:\d+ \(context fake, namespace shop\) cannot be read completely: .*grant "list" on "replicasets"/);
  });

  it('reports a healthy API server with its version, context and scope', async () => {
    const source = await open({ namespace: 'shop' });
    await expect(source.health()).resolves.toEqual({ ok: true, message: expect.stringMatching(/^Kubernetes v1\.30\.2 at http:\/\/127\.0\.0\.1:\d+ \(context fake, namespace shop\): pods, events and workloads are readable$/) });
    const catalog = await source.catalog();
    expect(catalog).toMatchObject({ services: ['cart-db', 'checkout', 'debug-shell'], hasEvents: true, hasLogs: false });
  });

  it('says the credentials were rejected (401), as error evidence and in health', async () => {
    const source = await open({ namespace: 'shop', token: 'expired-token' });
    const outcome = await source.run(search());
    expect(EvidenceSchema.parse(outcome.evidence)).toMatchObject({ status: 'error' });
    expect(outcome.evidence.summary).toMatch(/^the Kubernetes API at http:\/\/127\.0\.0\.1:\d+ \(context fake\) rejected the credentials \(401 Unauthorized\): the token or client certificate is missing, invalid or expired/);
    expect(outcome.evidence.summary).not.toContain('expired-token');
    expect((await source.health()).ok).toBe(false);
    await expect(source.catalog()).rejects.toThrow(/401 Unauthorized/);
  });

  it('says an unreachable API server, a timeout and an HTML page for what they are', async () => {
    const unreachable = await kubernetesSourceFor(await closedPortUrl(), { namespace: 'shop' });
    cleanups.push(unreachable.remove);
    expect((await unreachable.source.run(search())).evidence.summary).toMatch(/^the Kubernetes API at http:\/\/127\.0\.0\.1:\d+ \(context fake\) is unreachable: connect ECONNREFUSED/);

    server.mode = 'hang';
    const slow = await open({ namespace: 'shop', timeoutMs: 300 });
    expect((await slow.run(search())).evidence.summary).toMatch(/did not answer list \w+ in namespace shop within 300 ms \(timeoutMs\)$/);

    server.mode = 'html';
    const html = await open({ namespace: 'shop' });
    expect((await html.run(search())).evidence).toMatchObject({ status: 'error' });
    expect((await html.run(search())).evidence.summary).toMatch(/answered list \w+ with something that is not the Kubernetes API's JSON \(an HTML page\?\): the cluster's server in the kubeconfig must be the API server's address/);
  });

  it('explains a plain http:// server without insecure-skip-tls-verify, a missing context and a missing kubeconfig', async () => {
    const plain = kubeconfigFor(server.url).replace('insecure-skip-tls-verify: true', 'tls-server-name: kubernetes');
    const http = await open({ namespace: 'shop', kubeconfigText: plain });
    expect((await http.run(search())).evidence.summary).toMatch(/is a plain http:\/\/ address \(such as kubectl proxy\).*insecure-skip-tls-verify: true/);
    const wrongContext = await open({ namespace: 'shop', context: 'prod' });
    expect((await wrongContext.health()).message).toMatch(/has no context "prod"; it has fake: fix the source's context$/);
    const missing = new KubernetesSource({ api: new ClientNodeApi({ kubeconfig: '/nonexistent/kubeconfig', timeoutMs: 1000, load: loadForJest }) });
    expect((await missing.run(search())).evidence.summary).toBe('kubeconfig /nonexistent/kubeconfig could not be read: the file does not exist');
    const broken = await open({ kubeconfigText: kubeconfigFor(server.url, { token: 'secret-token-value' }).replace('  user:\n', '  user:\n token-typo: [\n') });
    const summary = (await broken.run(search())).evidence.summary;
    expect(summary).toMatch(/^kubeconfig \S+ could not be read: .*(yaml|YAML|flow|indentation|mapping)/i);
    expect(summary).not.toContain('secret-token-value');
  });

  it('reads the alert\'s namespace unless the configuration fixes one, across all namespaces otherwise', async () => {
    const source = await open();
    const scoped = source.scopedTo({ namespace: 'shop', severity: 'page' }) as KubernetesSource;
    expect(scoped.namespace).toBe('shop');
    await scoped.run(search());
    expect(server.requests.some((r) => r.path === '/api/v1/namespaces/shop/events')).toBe(true);
    await source.run(search());
    expect(server.requests.some((r) => r.path === '/api/v1/events')).toBe(true);
    const fixed = await open({ namespace: 'payments' });
    expect((fixed.scopedTo({ namespace: 'shop' }) as KubernetesSource).namespace).toBe('payments');
  });

  it('links each answer to the configured dashboard, and answers nothing but event_search', async () => {
    const source = await open({ namespace: 'shop', dashboardUrl: 'https://grafana.example.com/d/k8s-workload?var-namespace={namespace}&var-workload={workload}&from={from}&to={to}' });
    const outcome = await source.run(search({ service: 'checkout' }));
    expect(outcome.evidence.links).toEqual([{ label: 'Kubernetes dashboard', url: 'https://grafana.example.com/d/k8s-workload?var-namespace=shop&var-workload=checkout&from=1717423200000&to=1717425000000' }]);
    const metrics = await source.run({ name: 'metric_range', params: { metric: 'x', groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range: PERIOD } });
    expect(metrics.evidence).toMatchObject({ status: 'error', summary: 'metric_range is not a query the Kubernetes source answers; it answers event_search' });
  });
});
