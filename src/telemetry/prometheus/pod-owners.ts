/**
 * The workload that owns each pod, from kube-state-metrics: `kube_pod_owner` (pod → ReplicaSet,
 * StatefulSet, DaemonSet, Job) joined with `kube_replicaset_owner` (ReplicaSet → Deployment). A
 * pod kube-state-metrics does not describe is named by the controllers' naming scheme
 * (`<deployment>-<template hash>-<suffix>`, `<statefulset>-<ordinal>`, `<daemonset>-<suffix>`).
 */
export class PodOwners {
  private readonly podOwner = new Map<string, { kind: string; name: string }>();
  private readonly replicaSetOwner = new Map<string, string>();

  /** Reads the `kube_pod_owner` and `kube_replicaset_owner` series among `series`. */
  static from(series: ReadonlyArray<Readonly<Record<string, string>>>): PodOwners {
    const owners = new PodOwners();
    for (const labels of series) {
      const { namespace, owner_kind: kind, owner_name: name } = labels;
      if (!namespace || !kind || !name || name === '<none>') continue;
      if (labels.__name__ === 'kube_pod_owner' && labels.pod) owners.podOwner.set(`${namespace}/${labels.pod}`, { kind, name });
      if (labels.__name__ === 'kube_replicaset_owner' && labels.replicaset && kind === 'Deployment') owners.replicaSetOwner.set(`${namespace}/${labels.replicaset}`, name);
    }
    return owners;
  }

  /** How many pods kube-state-metrics described. */
  get size(): number {
    return this.podOwner.size;
  }

  /** The workload (Deployment, StatefulSet, DaemonSet, Job… name) pod `pod` of `namespace` belongs to. */
  workloadOf(namespace: string, pod: string): string {
    const owner = this.podOwner.get(`${namespace}/${pod}`);
    if (owner?.kind === 'ReplicaSet') return this.replicaSetOwner.get(`${namespace}/${owner.name}`) ?? stripSuffix(owner.name, /-[a-z0-9]{5,10}$/);
    if (owner) return owner.name;
    return nameByConvention(pod);
  }
}

function stripSuffix(name: string, suffix: RegExp): string {
  const stripped = name.replace(suffix, '');
  return stripped === '' ? name : stripped;
}

/** The owner's name of a pod named by its controller, when kube-state-metrics does not say. */
export function nameByConvention(pod: string): string {
  const deployment = /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/.exec(pod);
  if (deployment) return deployment[1];
  const ordinal = /^(.+)-\d+$/.exec(pod);
  if (ordinal) return ordinal[1];
  const daemon = /^(.+)-[a-z0-9]{5}$/.exec(pod);
  return daemon && /\d/.test(pod.slice(-5)) ? daemon[1] : pod;
}
