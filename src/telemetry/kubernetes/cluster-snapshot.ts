import type { z } from 'zod';
import { KubernetesApiError, type KubernetesApi } from './kubernetes-api';
import { ControllerRevisionSchema, EventSchema, PodSchema, WorkloadSchema, type ControllerRevision, type KubernetesEvent, type Pod, type Workload } from './kubernetes-object-schemas';
import { qualifiedName, RESOURCE_NAMES, type KubernetesResource } from './kubernetes-resources';

/** What the source read of a namespace (or of every namespace) at one moment. */
export interface ClusterSnapshot {
  namespace: string | undefined;
  pods: Pod[];
  events: KubernetesEvent[];
  replicaSets: Workload[];
  deployments: Workload[];
  statefulSets: Workload[];
  daemonSets: Workload[];
  revisions: ControllerRevision[];
  /** Resources that could not be read (403, 404…; when none could, reading rejects), each with the message saying how to fix it. */
  problems: Array<{ resource: KubernetesResource; message: string }>;
  /** Resources read only in part: the object cap was reached, or the list expired between pages. */
  truncated: KubernetesResource[];
  /** API requests made. */
  requests: number;
  /** Objects that did not have the shape the source needs (skipped). */
  skipped: number;
}

export interface SnapshotLimits {
  /** Objects per request (`limit`). */
  pageSize: number;
  /** Most objects read of one resource; the rest is left unread and the answer says so. */
  maxObjects: number;
  signal?: AbortSignal;
}

/** Failures that are about the connection or the identity, not one resource: nothing else will work either. */
const GLOBAL_FAILURES = new Set(['config', 'unreachable', 'timeout', 'cancelled', 'unauthorized', 'not-json']);

/**
 * Reads the pods, events and workloads of a namespace page by page (`limit` / `continue`), in
 * parallel per resource, each under an object cap. A resource the identity may not read is noted
 * with the missing permission and the rest is still read; when the API cannot be reached at all
 * (or the credentials are refused) it rejects with that error.
 */
export async function readSnapshot(api: KubernetesApi, namespace: string | undefined, limits: SnapshotLimits): Promise<ClusterSnapshot> {
  const problems: ClusterSnapshot['problems'] = [];
  const truncated: KubernetesResource[] = [];
  let requests = 0;
  let skipped = 0;

  async function listAll<S extends z.ZodType>(resource: KubernetesResource, schema: S): Promise<Array<z.infer<S>>> {
    const out: Array<z.infer<S>> = [];
    let continueToken: string | undefined;
    do {
      let page;
      try {
        requests++;
        page = await api.list(resource, namespace, { limit: Math.min(limits.pageSize, limits.maxObjects - out.length), continueToken }, limits.signal);
      } catch (error) {
        if (!(error instanceof KubernetesApiError)) throw error;
        if (GLOBAL_FAILURES.has(error.failure)) throw error;
        if (error.failure === 'expired' && out.length > 0) truncated.push(resource);
        else problems.push({ resource, message: error.message });
        return out;
      }
      for (const item of page.items) {
        const parsed = schema.safeParse(item);
        if (parsed.success) out.push(parsed.data);
        else skipped++;
      }
      continueToken = page.continueToken;
      if (continueToken && out.length >= limits.maxObjects) {
        truncated.push(resource);
        break;
      }
    } while (continueToken);
    return out;
  }

  const settled = await Promise.allSettled([
    listAll('pods', PodSchema),
    listAll('events', EventSchema),
    listAll('replicasets', WorkloadSchema),
    listAll('deployments', WorkloadSchema),
    listAll('statefulsets', WorkloadSchema),
    listAll('daemonsets', WorkloadSchema),
    listAll('controllerrevisions', ControllerRevisionSchema),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  if (problems.length === RESOURCE_NAMES.length) throw new KubernetesApiError(problems.map((p) => p.message).join('; '), 'forbidden');
  const [pods, events, replicaSets, deployments, statefulSets, daemonSets, revisions] = settled.map((s) => (s as PromiseFulfilledResult<unknown[]>).value);
  return {
    namespace,
    pods: pods as Pod[],
    events: events as KubernetesEvent[],
    replicaSets: replicaSets as Workload[],
    deployments: deployments as Workload[],
    statefulSets: statefulSets as Workload[],
    daemonSets: daemonSets as Workload[],
    revisions: revisions as ControllerRevision[],
    problems,
    truncated,
    requests,
    skipped,
  };
}

/** One line about what a snapshot could not read, for summaries: `partial: pods (maxObjects); not read: replicasets.apps (403 …)`. */
export function snapshotGaps(snapshot: ClusterSnapshot): string {
  const parts: string[] = [];
  if (snapshot.truncated.length > 0) parts.push(`partial: ${snapshot.truncated.map(qualifiedName).join(', ')} read only in part (maxObjects, or the list expired between pages)`);
  for (const problem of snapshot.problems) parts.push(`not read: ${problem.message}`);
  return parts.join('; ');
}
