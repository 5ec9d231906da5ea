/** The resources the Kubernetes source reads, each with its API group and REST path (for messages, RBAC hints and query texts). */
export const KUBERNETES_RESOURCES = {
  pods: { group: '', version: 'v1', kind: 'Pod' },
  events: { group: '', version: 'v1', kind: 'Event' },
  replicasets: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment' },
  statefulsets: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
  daemonsets: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
  controllerrevisions: { group: 'apps', version: 'v1', kind: 'ControllerRevision' },
} as const;

export type KubernetesResource = keyof typeof KUBERNETES_RESOURCES;

/** Every resource, in the order a snapshot reads them. */
export const RESOURCE_NAMES = Object.keys(KUBERNETES_RESOURCES) as KubernetesResource[];

/** The REST path of a list: `/api/v1/namespaces/media/pods`, `/apis/apps/v1/replicasets` (all namespaces). */
export function listPath(resource: KubernetesResource, namespace: string | undefined): string {
  const { group, version } = KUBERNETES_RESOURCES[resource];
  const root = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return namespace === undefined ? `${root}/${resource}` : `${root}/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}

/** `pods`, `replicasets.apps`: how kubectl and RBAC messages name a resource. */
export function qualifiedName(resource: KubernetesResource): string {
  const { group } = KUBERNETES_RESOURCES[resource];
  return group === '' ? resource : `${resource}.${group}`;
}
