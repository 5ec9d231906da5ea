import type { ClusterSnapshot } from './cluster-snapshot';
import type { ObjectMeta, Pod } from './kubernetes-object-schemas';

/** The workload an object belongs to: what the investigation calls a service. */
export interface WorkloadRef {
  kind: string;
  name: string;
  namespace?: string;
}

function controllerOf(meta: ObjectMeta): { kind: string; name: string } | undefined {
  return meta.ownerReferences.find((o) => o.controller === true) ?? meta.ownerReferences[0];
}

const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * Maps pods, ReplicaSets and the objects events are about to their workloads through owner
 * references (pod → ReplicaSet → Deployment, pod → StatefulSet / DaemonSet / Job), so the
 * investigation reasons about workloads, not pods. A pod that is gone (events outlive
 * crash-looping pods) is placed by its name when that name extends a known ReplicaSet or
 * StatefulSet; anything else stands for itself.
 */
export class WorkloadResolver {
  private readonly podOwners = new Map<string, WorkloadRef>();
  private readonly replicaSetOwners = new Map<string, WorkloadRef>();
  private readonly statefulSets = new Set<string>();
  /** Deployments, StatefulSets and DaemonSets by kind and name. */
  private readonly workloads = new Map<string, WorkloadRef>();

  constructor(snapshot: ClusterSnapshot) {
    for (const rs of snapshot.replicaSets) {
      const owner = controllerOf(rs.metadata);
      const ref = owner && owner.kind === 'Deployment' ? { kind: 'Deployment', name: owner.name, namespace: rs.metadata.namespace } : { kind: 'ReplicaSet', name: rs.metadata.name, namespace: rs.metadata.namespace };
      this.replicaSetOwners.set(key(rs.metadata.namespace, rs.metadata.name), ref);
    }
    for (const set of snapshot.statefulSets) this.statefulSets.add(key(set.metadata.namespace, set.metadata.name));
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) {
      const list = kind === 'Deployment' ? snapshot.deployments : kind === 'StatefulSet' ? snapshot.statefulSets : snapshot.daemonSets;
      for (const w of list) this.workloads.set(`${kind}:${key(w.metadata.namespace, w.metadata.name)}`, { kind, name: w.metadata.name, namespace: w.metadata.namespace });
    }
    for (const pod of snapshot.pods) this.podOwners.set(key(pod.metadata.namespace, pod.metadata.name), this.ofPodMeta(pod));
  }

  /** The workload of a pod. */
  ofPod(pod: Pod): WorkloadRef {
    return this.podOwners.get(key(pod.metadata.namespace, pod.metadata.name)) ?? this.ofPodMeta(pod);
  }

  /** The workload of an object named in an event (a Pod, a ReplicaSet, a Deployment…). */
  ofObject(kind: string | undefined, name: string | undefined, namespace: string | undefined): WorkloadRef | undefined {
    if (!name) return undefined;
    if (kind === 'Pod') return this.podOwners.get(key(namespace, name)) ?? this.ofGonePod(name, namespace);
    if (kind === 'ReplicaSet') return this.replicaSetOwners.get(key(namespace, name)) ?? { kind, name, namespace };
    return { kind: kind ?? 'Object', name, namespace };
  }

  /** Every workload known: Deployments, StatefulSets, DaemonSets and the owners of running pods. */
  all(): WorkloadRef[] {
    const out = new Map<string, WorkloadRef>();
    for (const ref of [...this.workloads.values(), ...this.podOwners.values()]) out.set(`${ref.kind}:${key(ref.namespace, ref.name)}`, ref);
    return [...out.values()];
  }

  private ofPodMeta(pod: Pod): WorkloadRef {
    const { metadata } = pod;
    const owner = controllerOf(metadata);
    if (!owner) return { kind: 'Pod', name: metadata.name, namespace: metadata.namespace };
    if (owner.kind === 'ReplicaSet') {
      const known = this.replicaSetOwners.get(key(metadata.namespace, owner.name));
      if (known) return known;
      // The ReplicaSet could not be read: a Deployment's ReplicaSet is named <deployment>-<pod-template-hash>.
      const hash = metadata.labels['pod-template-hash'];
      if (hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1), namespace: metadata.namespace };
      return { kind: 'ReplicaSet', name: owner.name, namespace: metadata.namespace };
    }
    return { kind: owner.kind, name: owner.name, namespace: metadata.namespace };
  }

  private ofGonePod(name: string, namespace: string | undefined): WorkloadRef {
    const replicaSet = /^(.+)-[a-z0-9]{5}$/.exec(name)?.[1];
    const viaReplicaSet = replicaSet ? this.replicaSetOwners.get(key(namespace, replicaSet)) : undefined;
    if (viaReplicaSet) return viaReplicaSet;
    const statefulSet = /^(.+)-\d+$/.exec(name)?.[1];
    if (statefulSet && this.statefulSets.has(key(namespace, statefulSet))) return { kind: 'StatefulSet', name: statefulSet, namespace };
    return { kind: 'Pod', name, namespace };
  }
}
