import { createHash } from 'node:crypto';

/**
 * The built-in scenarios' pods, events and rollouts as a Kubernetes API server would hold them
 * (JSON as `kubectl get -o json` shows it): a Pod per instance seen in the metrics, owned by a
 * ReplicaSet and Deployment (`<service>-<hash>-<suffix>`) or a StatefulSet (`<service>-<n>`);
 * OOM kills and restarts in the container status (last termination, restart count, waiting
 * CrashLoopBackOff); back-offs, restarts and scaling as aggregated core/v1 Events; each deploy as
 * a new ReplicaSet revision created at that time. Bundle events Kubernetes does not record (a
 * ConfigMap edit, a CI note) have no counterpart.
 */
export interface ClusterObjects {
  pods: unknown[];
  events: unknown[];
  replicasets: unknown[];
  deployments: unknown[];
  statefulsets: unknown[];
  daemonsets: unknown[];
  controllerrevisions: unknown[];
}

interface BundleEvent {
  ts: string;
  service: string;
  instance?: string;
  reason?: string;
  message: string;
}

const DAY_MS = 86_400_000;
const uid = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const hashOf = (seed: string): string => createHash('sha256').update(seed).digest('hex').slice(0, 9).replace(/^\d/, 'b');
const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: uid(`${kind}/${name}`), controller: true, blockOwnerDeletion: true }];

/** Converts a scenario bundle (metrics.csv, events.jsonl, topology.json) into Kubernetes objects of `namespace`. */
export function kubernetesObjectsOf(files: Record<string, string>, namespace: string): ClusterObjects {
  const window = (JSON.parse(files['case.json']) as { window: { start: string } }).window;
  const createdAt = new Date(Date.parse(window.start) - 7 * DAY_MS).toISOString();
  const placement = files['topology.json'] ? ((JSON.parse(files['topology.json']) as { placement?: Record<string, string> }).placement ?? {}) : {};
  const podsOf = new Map<string, Set<string>>();
  for (const line of files['metrics.csv'].split('\n').slice(1)) {
    const [, service, instance] = line.split(',');
    if (service && instance) (podsOf.get(service) ?? podsOf.set(service, new Set()).get(service)!).add(instance);
  }
  const events = (files['events.jsonl'] ?? '').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as BundleEvent);
  const out: ClusterObjects = { pods: [], events: [], replicasets: [], deployments: [], statefulsets: [], daemonsets: [], controllerrevisions: [] };
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace, uid: uid(`${namespace}/${name}`), resourceVersion: '1000', creationTimestamp: createdAt, ...extra });
  const image = (service: string, version = '1.0.0') => `registry.example.internal/${namespace}/${service}:${version}`;

  for (const [service, pods] of podsOf) {
    const revisions = events.filter((e) => e.service === service && e.reason === 'deploy');
    const replicaSets = new Set<string>();
    let workload: { kind: string; name: string } | undefined;
    for (const pod of pods) {
      const deployment = new RegExp(`^${service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-([a-z0-9]+)-[a-z0-9]{5}$`).exec(pod);
      const stateful = new RegExp(`^${service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(pod);
      const ownerRef = deployment ? owner('ReplicaSet', `${service}-${deployment[1]}`) : stateful ? owner('StatefulSet', service) : [];
      if (deployment) replicaSets.add(deployment[1]);
      workload = deployment ? { kind: 'Deployment', name: service } : stateful ? { kind: 'StatefulSet', name: service } : workload;
      out.pods.push(podObject(pod, service, ownerRef, deployment?.[1], placement[pod], events.filter((e) => e.instance === pod), meta, image(service), window.start));
    }
    if (workload?.kind === 'Deployment') {
      const revision = 1 + revisions.length;
      out.deployments.push({ metadata: meta(service, { annotations: { 'deployment.kubernetes.io/revision': String(revision) }, generation: revision }), spec: { replicas: pods.size, template: { spec: { containers: [{ name: service, image: image(service) }] } } } });
      for (const hash of replicaSets) out.replicasets.push(replicaSet(service, hash, 1, createdAt, image(service), meta));
      revisions.forEach((e, i) => out.replicasets.push(replicaSet(service, hashOf(`${service}/${e.ts}`), i + 2, e.ts, /(\S+:[\w.-]+)/.exec(e.message)?.[1] ?? image(service, `${i + 2}.0.0`), meta)));
    } else if (workload?.kind === 'StatefulSet') {
      out.statefulsets.push({ metadata: meta(service), spec: { replicas: pods.size, template: { spec: { containers: [{ name: service, image: image(service) }] } } } });
      out.controllerrevisions.push({ metadata: meta(`${service}-${hashOf(service)}`, { ownerReferences: owner('StatefulSet', service) }), revision: 1, data: { spec: { template: { $patch: 'replace', spec: { containers: [{ name: service, image: image(service) }] } } } } });
    }
  }
  out.events = aggregatedEvents(events, namespace, meta);
  return out;
}

function replicaSet(service: string, hash: string, revision: number, created: string, containerImage: string, meta: (name: string, extra?: Record<string, unknown>) => Record<string, unknown>) {
  const name = `${service}-${hash}`;
  return {
    metadata: { ...meta(name, { labels: { app: service, 'pod-template-hash': hash }, annotations: { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': '1' }, ownerReferences: owner('Deployment', service) }), creationTimestamp: created },
    spec: { template: { metadata: { labels: { app: service, 'pod-template-hash': hash } }, spec: { containers: [{ name: service, image: containerImage }] } } },
  };
}

function podObject(name: string, service: string, ownerReferences: unknown[], hash: string | undefined, node: string | undefined, own: BundleEvent[], meta: (name: string, extra?: Record<string, unknown>) => Record<string, unknown>, containerImage: string, windowStart: string) {
  const kills = own.filter((e) => e.reason === 'oom-killed');
  const restarts = own.filter((e) => e.reason === 'restart');
  const lastKill = kills[kills.length - 1];
  const lastRestart = restarts[restarts.length - 1];
  const running = !lastKill || (lastRestart !== undefined && lastRestart.ts > lastKill.ts);
  const startedAt = running ? lastRestart?.ts ?? windowStart : undefined;
  const previousStart = lastKill ? restarts.filter((r) => r.ts < lastKill.ts).pop()?.ts ?? windowStart : undefined;
  return {
    metadata: meta(name, { labels: { app: service, ...(hash ? { 'pod-template-hash': hash } : {}) }, ownerReferences }),
    spec: { nodeName: node ?? 'node-1', containers: [{ name: service, image: containerImage, resources: { limits: { memory: '512Mi' } } }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: service,
          image: containerImage,
          ready: running,
          started: running,
          restartCount: restarts.length,
          state: running ? { running: { startedAt } } : { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container=${service} pod=${name}` } },
          lastState: lastKill ? { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: previousStart, finishedAt: lastKill.ts } } : {},
        },
      ],
    },
  };
}

/** Back-offs, restarts and scaling as kubelet / controller events, aggregated like the event recorder does (count, first and last time). */
function aggregatedEvents(events: BundleEvent[], namespace: string, meta: (name: string, extra?: Record<string, unknown>) => Record<string, unknown>): unknown[] {
  const groups = new Map<string, { first: BundleEvent; last: BundleEvent; count: number; kind: string; object: string; reason: string; type: string; message: string; component: string }>();
  for (const e of events) {
    const container = e.service;
    const shape =
      e.reason === 'back-off' && e.instance ? { kind: 'Pod', object: e.instance, reason: 'BackOff', type: 'Warning', message: `Back-off restarting failed container ${container} in pod ${e.instance}_${namespace}`, component: 'kubelet' }
      : e.reason === 'restart' && e.instance ? { kind: 'Pod', object: e.instance, reason: 'Started', type: 'Normal', message: `Started container ${container}`, component: 'kubelet' }
      : e.reason === 'scaled' ? { kind: 'Deployment', object: e.service, reason: 'ScalingReplicaSet', type: 'Normal', message: e.message, component: 'deployment-controller' }
      : undefined;
    if (!shape) continue;
    const key = `${shape.kind}/${shape.object}/${shape.reason}/${shape.message}`;
    const group = groups.get(key);
    if (group) Object.assign(group, { last: e, count: group.count + 1 });
    else groups.set(key, { ...shape, first: e, last: e, count: 1 });
  }
  return [...groups.values()].map((g) => ({
    metadata: meta(`${g.object}.${hashOf(`${g.reason}/${g.first.ts}`)}`, { creationTimestamp: g.first.ts }),
    involvedObject: { kind: g.kind, namespace, name: g.object, uid: uid(`${namespace}/${g.object}`), apiVersion: g.kind === 'Pod' ? 'v1' : 'apps/v1', ...(g.kind === 'Pod' ? { fieldPath: `spec.containers{${g.first.service}}` } : {}) },
    reason: g.reason,
    message: g.message,
    source: { component: g.component },
    firstTimestamp: g.first.ts,
    lastTimestamp: g.last.ts,
    count: g.count,
    type: g.type,
    eventTime: null,
    reportingComponent: g.component,
    reportingInstance: '',
  }));
}
