import { errorMessage } from '../../core/errors';
import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import { EventSearchParamsSchema, TelemetryQuerySchema, type QueryParams, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { rangeMs, timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { toEvidence, type AnswerSummary } from '../evidence-record';
import { eventsFromEvents, eventsFromPods, eventsFromRollouts, type TimedEvent } from './cluster-change-events';
import { readSnapshot, snapshotGaps, type ClusterSnapshot } from './cluster-snapshot';
import { KubernetesApiError, type KubernetesApi } from './kubernetes-api';
import { dashboardLink } from './kubernetes-dashboard-link';
import { RESOURCE_NAMES } from './kubernetes-resources';
import { WorkloadResolver } from './workload-resolver';

export interface KubernetesSourceOptions {
  api: KubernetesApi;
  id?: string;
  /** The one namespace to read (a namespaced Role allows no other); else the alert's, else all. */
  namespace?: string;
  /** Objects per list request (`limit`), default 500. */
  pageSize?: number;
  /** Most objects read of one resource per snapshot, default 5000; beyond it answers say they are partial. */
  maxObjects?: number;
  /** A UI link template for evidence, with {namespace}, {workload}, {from}, {to} (epoch ms). */
  dashboardUrl?: string;
  now?: () => Date;
}

/** Alert labels that name a Kubernetes namespace (Prometheus / Alertmanager, Datadog, OpenTelemetry). */
const NAMESPACE_LABELS = ['namespace', 'kube_namespace', 'k8s_namespace_name'];
/** A snapshot serves the queries of one investigation step; the cluster changes slowly next to that. */
const SNAPSHOT_TTL_MS = 30_000;
const DEFAULT_LOOKBACK_MS = 60 * 60_000;

interface Answer extends AnswerSummary {
  data?: QueryOutcome['data'];
}

/**
 * A TelemetrySource over the Kubernetes API: `event_search` answered with Warning events
 * (back-offs, probe failures, scheduling failures, kills…), container terminations and restarts
 * from pod status (OOMKilled, exit codes), and rollouts (Deployment, StatefulSet and DaemonSet
 * revisions with their images and times) — each attributed to its workload through owner
 * references, so services are workloads, not pods. Read-only: it lists pods, events, ReplicaSets,
 * Deployments, StatefulSets, DaemonSets and ControllerRevisions of the alert's namespace.
 */
export class KubernetesSource implements TelemetrySource {
  readonly id: string;
  readonly kind = 'kubernetes';
  private readonly now: () => Date;
  private readonly snapshots = new Map<string, { at: number; read: Promise<ClusterSnapshot> }>();
  private counter = 0;

  constructor(private readonly options: KubernetesSourceOptions) {
    this.id = options.id ?? 'kubernetes';
    this.now = options.now ?? (() => new Date());
  }

  capabilities(): QueryDescriptor[] {
    return [
      {
        name: 'event_search',
        description: `Kubernetes events${this.options.namespace ? ` in namespace ${this.options.namespace}` : ''} by workload or text: Warning events (BackOff, Unhealthy, FailedScheduling, Killing…), container terminations from pod status (OOMKilled, exit codes) and restarts, and rollouts (new Deployment / StatefulSet / DaemonSet revisions with their images).`,
        params: EventSearchParamsSchema,
      },
    ];
  }

  /** The namespace this source reads, when it reads one. */
  get namespace(): string | undefined {
    return this.options.namespace;
  }

  /** The API server's version, and every resource this identity may not list (the RBAC it lacks). */
  async health(): Promise<SourceHealth> {
    try {
      const { server, context } = await this.options.api.describe();
      const version = await this.options.api.version();
      const scope = this.options.namespace ? `namespace ${this.options.namespace}` : 'all namespaces';
      const probes = await Promise.all(RESOURCE_NAMES.map((resource) => this.options.api.list(resource, this.options.namespace, { limit: 1 }).then(() => undefined, (error: unknown) => error)));
      const global = probes.find((e) => e instanceof KubernetesApiError && ['unreachable', 'timeout', 'unauthorized', 'config', 'not-json'].includes(e.failure));
      if (global) throw global;
      const missing = probes.filter((e): e is Error => e !== undefined).map((e) => e.message);
      const where = `Kubernetes ${version} at ${server} (context ${context}, ${scope})`;
      return missing.length === 0 ? { ok: true, message: `${where}: pods, events and workloads are readable` } : { ok: false, message: `${where} cannot be read completely: ${missing.join('; ')}` };
    } catch (error) {
      return { ok: false, message: errorMessage(error) };
    }
  }

  /** Services: the workloads of the namespace. Rejects when the API cannot be read. */
  async catalog(): Promise<SourceCatalog> {
    const snapshot = await this.snapshot();
    const services = [...new Set(new WorkloadResolver(snapshot).all().map((w) => w.name))].sort();
    const hasEvents = snapshot.pods.length + snapshot.events.length + snapshot.replicaSets.length + snapshot.revisions.length > 0;
    return { services, metrics: {}, hasLogs: false, hasSpans: false, hasEvents, hasTopology: false };
  }

  /** A view of one namespace: the alert's (`namespace` label), unless the configuration fixed one. */
  scopedTo(labels: Record<string, string>): TelemetrySource {
    if (this.options.namespace !== undefined) return this;
    const namespace = NAMESPACE_LABELS.map((label) => labels[label]).find((value) => value !== undefined && value !== '');
    return namespace ? new KubernetesSource({ ...this.options, namespace }) : this;
  }

  async run(query: TelemetryQuery, options: { signal?: AbortSignal } = {}): Promise<QueryOutcome> {
    const startedAt = this.now();
    const parsed = TelemetryQuerySchema.safeParse(query);
    const name = typeof (query as { name?: unknown })?.name === 'string' ? (query as { name: string }).name : 'unknown';
    let answer: Answer;
    let range = this.lastHour();
    let parameters: Record<string, unknown> = {};
    let queryText = `${name} (not run)`;
    let links: EvidenceLink[] = [];
    if (!parsed.success) {
      answer = { status: 'error', summary: `invalid ${name} query: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`).join('; ')}; fix the parameters and retry`, digest: {} };
    } else if (parsed.data.name !== 'event_search') {
      answer = { status: 'error', summary: `${parsed.data.name} is not a query the Kubernetes source answers; it answers event_search`, digest: {} };
    } else {
      const params = parsed.data.params;
      range = params.range;
      parameters = { ...params, ...(this.options.namespace ? { namespace: this.options.namespace } : {}) };
      queryText = this.queryText(params);
      answer = await this.searchEvents(params, options.signal);
      const link = this.options.dashboardUrl ? dashboardLink(this.options.dashboardUrl, { namespace: this.options.namespace, workload: params.service, range }) : undefined;
      links = link ? [link] : [];
    }
    const evidence = toEvidence({ id: `K${++this.counter}`, sourceId: this.id, queryName: parsed.success ? parsed.data.name : name, queryText, parameters, timeRange: range, startedAt, finishedAt: this.now(), links }, answer);
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }

  private async searchEvents(params: QueryParams<'event_search'>, signal?: AbortSignal): Promise<Answer> {
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await this.snapshot(signal);
    } catch (error) {
      return { status: 'error', summary: errorMessage(error), digest: {} };
    }
    const { startMs, endMs } = rangeMs(params.range);
    const workloads = new WorkloadResolver(snapshot);
    const all = [...eventsFromEvents(snapshot, workloads, { startMs, endMs }), ...eventsFromPods(snapshot, workloads, { startMs, endMs }), ...eventsFromRollouts(snapshot, { startMs, endMs })];
    const text = params.text?.toLowerCase();
    const matched = all
      .filter((e) => (params.service === undefined || e.service === params.service) && (text === undefined || `${e.reason ?? ''}\n${e.message}`.toLowerCase().includes(text)))
      .sort((a, b) => a.tsMs - b.tsMs);
    const events = matched.slice(0, params.limit).map(({ tsMs: _tsMs, ...event }) => event);
    const gaps = snapshotGaps(snapshot);
    const digest = { events: events.length, totalMatches: matched.length, requests: snapshot.requests, pods: snapshot.pods.length, ...(gaps ? { incompleteResources: snapshot.problems.length + snapshot.truncated.length } : {}) };
    const where = `${snapshot.namespace === undefined ? 'all namespaces' : `namespace ${snapshot.namespace}`}`;
    if (matched.length === 0) {
      const about = params.service ? ` of ${params.service}` : '';
      return { status: 'no_data', summary: `no Kubernetes events, container terminations or rollouts${about} in ${where} in ${params.range.start} → ${params.range.end}${gaps ? `; ${gaps}` : ''}`, digest };
    }
    return {
      status: 'ok',
      summary: `${matched.length} Kubernetes events in ${where} (${reasonCounts(matched)}); first: ${events[0].service} ${events[0].reason} at ${events[0].ts}${gaps ? `; ${gaps}` : ''}`,
      digest,
      data: { kind: 'event_search', events, totalMatches: matched.length },
    };
  }

  private snapshot(signal?: AbortSignal): Promise<ClusterSnapshot> {
    const key = this.options.namespace ?? '';
    const now = this.now().getTime();
    const cached = this.snapshots.get(key);
    if (cached && now - cached.at < SNAPSHOT_TTL_MS) return cached.read;
    const read = readSnapshot(this.options.api, this.options.namespace, { pageSize: this.options.pageSize ?? 500, maxObjects: this.options.maxObjects ?? 5000, signal });
    this.snapshots.set(key, { at: now, read });
    read.catch(() => this.snapshots.delete(key));
    return read;
  }

  private queryText(params: QueryParams<'event_search'>): string {
    const scope = this.options.namespace === undefined ? '--all-namespaces' : `--namespace ${this.options.namespace}`;
    const filters = [params.service ? `workload ${params.service}` : undefined, params.text ? `matching "${params.text}"` : undefined].filter(Boolean).join(', ');
    return `kubectl get ${RESOURCE_NAMES.join(',')} ${scope} -o json${filters ? ` (events, container terminations and rollouts of ${filters})` : ''}`;
  }

  private lastHour(): TimeRange {
    const end = this.now().getTime();
    return timeRange(end - DEFAULT_LOOKBACK_MS, end);
  }
}

function reasonCounts(events: TimedEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.reason ?? 'other', (counts.get(e.reason ?? 'other') ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([reason, n]) => `${reason} ×${n}`).join(', ');
}
