import type { TelemetryEvent } from '../../core/telemetry/query-results';
import type { ClusterSnapshot } from './cluster-snapshot';
import { revisionImages, templateImages, type ContainerStatus, type KubernetesEvent, type Pod, type Workload } from './kubernetes-object-schemas';
import type { WorkloadResolver } from './workload-resolver';

/** A TelemetryEvent with its time in epoch milliseconds, for filtering and sorting. */
export interface TimedEvent extends TelemetryEvent {
  tsMs: number;
}

interface Range {
  startMs: number;
  endMs: number;
}

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/**
 * Kubernetes event reasons → the change/lifecycle vocabulary of event_search (the reasons a
 * bundle's events.jsonl uses), so the reasoner reads crash loops, OOM kills and scaling alike
 * from either. Unlisted Warning reasons become kebab-case (`FailedMount` → `failed-mount`).
 */
const REASONS: Record<string, string> = {
  BackOff: 'back-off',
  OOMKilling: 'oom-killed',
  SystemOOM: 'oom-killed',
  Killing: 'killing',
  Unhealthy: 'unhealthy',
  FailedScheduling: 'failed-scheduling',
  Evicted: 'evicted',
  Preempting: 'preempted',
  ScalingReplicaSet: 'scaled',
  SuccessfulRescale: 'scaled',
};

/** Normal events worth reporting; other Normal events (Scheduled, Pulled, Created…) are routine. */
const NORMAL_REASONS = new Set(['Killing', 'ScalingReplicaSet', 'SuccessfulRescale', 'Preempting']);

const kebab = (reason: string): string => reason.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

const iso = (ms: number): string => new Date(ms).toISOString();

function overlaps(first: number, last: number, range: Range): boolean {
  return last >= range.startMs && first <= range.endMs;
}

/**
 * Events of the API (Warning events, back-offs, probe failures, kills, scaling), at their first
 * occurrence; an aggregated event (count > 1) counts when any part of its span lies in the range,
 * and says how often it happened and until when.
 */
export function eventsFromEvents(snapshot: ClusterSnapshot, workloads: WorkloadResolver, range: Range): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (const event of snapshot.events) {
    const reason = event.reason ?? '';
    const restarted = reason === 'Started' && (event.count ?? event.series?.count ?? 1) > 1;
    if (event.type !== 'Warning' && !NORMAL_REASONS.has(reason) && !restarted) continue;
    const first = event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
    if (first === undefined) continue;
    const last = event.lastTimestamp ?? event.series?.lastObservedTime ?? first;
    if (!overlaps(first, last, range)) continue;
    out.push(fromEvent(event, workloads, first, last, restarted));
  }
  return out;
}

function fromEvent(event: KubernetesEvent, workloads: WorkloadResolver, first: number, last: number, restarted: boolean): TimedEvent {
  const involved: NonNullable<KubernetesEvent['involvedObject']> = event.involvedObject ?? { kind: undefined, name: undefined, namespace: undefined, fieldPath: undefined };
  const namespace = involved.namespace ?? event.metadata.namespace;
  const workload = workloads.ofObject(involved.kind, involved.name, namespace);
  const count = event.count ?? event.series?.count ?? 1;
  const reason = event.reason ?? 'unknown';
  const object = involved.kind && involved.name ? `${involved.kind} ${involved.name}` : 'an object';
  const repeated = count > 1 ? ` (×${count} until ${iso(last)})` : '';
  return {
    tsMs: first,
    ts: iso(first),
    service: workload?.name ?? involved.name ?? 'unknown',
    ...(involved.kind === 'Pod' && involved.name ? { instance: involved.name } : {}),
    reason: restarted ? 'restart' : REASONS[reason] ?? kebab(reason),
    // The API's own message only: the reasoner reads change kinds from reason and message, and an
    // object's kind or name ("Deployment", "image-resizer") must not read as a deploy.
    message: `${event.message || reason}${repeated}`,
    attributes: {
      kubernetesReason: reason,
      type: event.type ?? 'Normal',
      object,
      count,
      lastSeen: iso(last),
      ...(namespace ? { namespace } : {}),
      ...(workload ? { workloadKind: workload.kind } : {}),
      ...(event.reportingComponent || event.source?.component ? { component: (event.reportingComponent || event.source?.component) as string } : {}),
    },
  };
}

/**
 * Container terminations and restarts the pods' status records: the last termination of each
 * container (reason such as OOMKilled, exit code, when), and a restart when the running container
 * started inside the range after earlier runs.
 */
export function eventsFromPods(snapshot: ClusterSnapshot, workloads: WorkloadResolver, range: Range): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (const pod of snapshot.pods) {
    const workload = workloads.ofPod(pod);
    for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      out.push(...containerEvents(pod, status, workload.name, workload.kind, range));
    }
  }
  return out;
}

function containerEvents(pod: Pod, status: ContainerStatus, service: string, kind: string, range: Range): TimedEvent[] {
  const out: TimedEvent[] = [];
  const podName = pod.metadata.name;
  const base = { service, instance: podName };
  const attributes = { container: status.name, restartCount: status.restartCount, workloadKind: kind, ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}), ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}) };
  const waiting = status.state?.waiting?.reason;
  for (const terminated of [status.lastState?.terminated, status.state?.terminated]) {
    const at = terminated?.finishedAt;
    if (!terminated || at === undefined || at < range.startMs || at > range.endMs) continue;
    const oom = terminated.reason === 'OOMKilled';
    const code = terminated.exitCode ?? undefined;
    const now = waiting ? `; now ${waiting}` : '';
    out.push({
      ...base,
      tsMs: at,
      ts: iso(at),
      reason: oom ? 'oom-killed' : code === 0 ? 'terminated' : 'crashed',
      message: `Container ${status.name} in pod ${podName} was ${oom ? 'OOMKilled' : `terminated (${terminated.reason ?? 'no reason given'})`}${code === undefined ? '' : ` (exit code ${code})`}; restart count ${status.restartCount}${now}`,
      attributes: { ...attributes, ...(terminated.reason ? { terminationReason: terminated.reason } : {}), ...(code === undefined ? {} : { exitCode: code }), ...(waiting ? { waiting } : {}) },
    });
  }
  const started = status.state?.running?.startedAt;
  if (status.restartCount > 0 && started !== undefined && started >= range.startMs && started <= range.endMs) {
    out.push({ ...base, tsMs: started, ts: iso(started), reason: 'restart', message: `Container ${status.name} in pod ${podName} restarted (restart count ${status.restartCount})`, attributes });
  }
  return out;
}

/**
 * Rollouts as change events: each Deployment revision (its ReplicaSet, created when the rollout
 * began) and each StatefulSet / DaemonSet revision (its ControllerRevision), with the images of
 * that revision. A revision rolled back to keeps its old creation time, so a rollback shows only
 * through the scaling events that accompany it.
 */
export function eventsFromRollouts(snapshot: ClusterSnapshot, range: Range): TimedEvent[] {
  const out: TimedEvent[] = [];
  const inRange = (ms: number | undefined): ms is number => ms !== undefined && ms >= range.startMs && ms <= range.endMs;
  for (const rs of snapshot.replicaSets) {
    const owner = rs.metadata.ownerReferences.find((o) => o.kind === 'Deployment');
    const created = rs.metadata.creationTimestamp;
    if (!owner || !inRange(created)) continue;
    const revision = rs.metadata.annotations[REVISION_ANNOTATION];
    out.push(rollout('Deployment', owner.name, rs, created, revision, templateImages(rs), `ReplicaSet ${rs.metadata.name}`));
  }
  for (const revision of snapshot.revisions) {
    const owner = revision.metadata.ownerReferences.find((o) => o.kind === 'StatefulSet' || o.kind === 'DaemonSet');
    const created = revision.metadata.creationTimestamp;
    if (!owner || !inRange(created)) continue;
    out.push(rollout(owner.kind, owner.name, revision, created, String(revision.revision), revisionImages(revision), `ControllerRevision ${revision.metadata.name}`));
  }
  return out;
}

function rollout(kind: string, name: string, object: Pick<Workload, 'metadata'>, at: number, revision: string | undefined, images: string[], via: string): TimedEvent {
  const first = revision === '1';
  const image = images.length > 0 ? ` with image ${images.join(', ')}` : '';
  return {
    tsMs: at,
    ts: iso(at),
    service: name,
    reason: 'deploy',
    message: `${kind} ${name} ${first ? 'created' : 'rolled out'}${revision ? ` revision ${revision}` : ' a new revision'}${image} (${via} created)`,
    attributes: { workloadKind: kind, ...(revision ? { revision } : {}), ...(images.length > 0 ? { image: images.join(', ') } : {}), ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) },
  };
}
