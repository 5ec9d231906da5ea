import { errorMessage } from '../../core/errors';
import type { Evidence } from '../../core/investigation/evidence-schema';
import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import { TelemetryQuerySchema, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { TimeRangeSchema, timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { toEvidence } from '../evidence-record';
import { catalogOf, mergeCatalogs } from './catalog-merge';
import { combineOutcomes } from './routed-evidence';
import { mergeResults } from './result-merge';
import { ServiceNameMapping } from './service-name-mapping';

/** One source behind the router. */
export interface RoutedSource {
  source: TelemetrySource;
  /** How its service names map onto the investigation's (identity when absent). */
  services?: ServiceNameMapping;
  /**
   * Alert labels this source is about (e.g. `{ cluster: "eu-1" }`): an alert whose labels name
   * another value for one of them is not investigated with this source.
   */
  match?: Record<string, string>;
}

/** The health of each source behind a router. */
export interface MemberHealth extends SourceHealth {
  id: string;
  kind: string;
}

/** Which source types answer which queries, for the "nothing answers this" message. */
const HINTS: Record<string, string> = {
  metric_range: 'a prometheus (or bundle) source',
  metric_catalog: 'a prometheus (or bundle) source',
  log_search: 'a loki source',
  log_template_counts: 'a loki source',
  span_search: 'a tempo or jaeger source',
  span_stats: 'a tempo or jaeger source',
  call_stats: 'a tempo or jaeger source',
  operation_shape: 'a tempo or jaeger source',
  event_search: 'a kubernetes or deploys source',
  topology: 'a tempo or jaeger source (call graph from traces), or prometheus with callGraph',
};

/**
 * Several telemetry sources behind the one TelemetrySource port: each query goes to every source
 * that declares it (several Prometheus instances, Loki, Tempo, Kubernetes…), answers are merged
 * into one result and one evidence record that names each source, and service names are mapped
 * to one workload identity per source. A source that throws is turned into error evidence; a
 * catalog a source cannot read is reported in `unavailable` instead of failing the others.
 */
export class SourceRouter implements TelemetrySource {
  readonly kind = 'router';
  private counter = 0;

  constructor(
    private readonly members: readonly RoutedSource[],
    readonly id = 'telemetry',
    private readonly now: () => Date = () => new Date(),
  ) {
    if (members.length === 0) throw new Error('a SourceRouter needs at least one source');
  }

  /** The sources behind this router, in configuration order. */
  get sources(): TelemetrySource[] {
    return this.members.map((m) => m.source);
  }

  capabilities(): QueryDescriptor[] {
    const byName = new Map<string, { descriptor: QueryDescriptor; ids: string[] }>();
    for (const { source } of this.members) {
      for (const descriptor of source.capabilities()) {
        const entry = byName.get(descriptor.name);
        if (entry) entry.ids.push(source.id);
        else byName.set(descriptor.name, { descriptor, ids: [source.id] });
      }
    }
    return [...byName.values()].map(({ descriptor, ids }) => (ids.length > 1 ? { ...descriptor, description: `${descriptor.description} (answered by ${ids.join(', ')})` } : descriptor));
  }

  async health(): Promise<SourceHealth> {
    const members = await this.memberHealth();
    return { ok: members.every((m) => m.ok), message: members.map((m) => `${m.id} (${m.kind}): ${m.ok ? '' : 'NOT OK: '}${m.message}`).join('; ') };
  }

  /** Each source's health, checked in parallel; a check that throws counts as unhealthy. */
  async memberHealth(): Promise<MemberHealth[]> {
    return Promise.all(
      this.members.map(async ({ source }) => {
        const health = await source.health().catch((error: unknown) => ({ ok: false, message: errorMessage(error) }));
        return { id: source.id, kind: source.kind, ...health };
      }),
    );
  }

  async catalog(options: { around?: TimeRange; signal?: AbortSignal } = {}): Promise<SourceCatalog> {
    const settled = await Promise.allSettled(this.members.map((m) => m.source.catalog(options)));
    const parts = settled.map((result, i) => ({ member: this.members[i], result }));
    const read = parts.flatMap(({ member, result }) => (result.status === 'fulfilled' ? [catalogOf(result.value, member.services)] : []));
    const unavailable = parts.flatMap(({ member, result }) => (result.status === 'rejected' ? [{ sourceId: member.source.id, message: errorMessage(result.reason) }] : []));
    if (read.length === 0) throw new Error(unavailable.map((u) => `${u.sourceId}: ${u.message}`).join('; '));
    return mergeCatalogs(read, unavailable);
  }

  /**
   * A router over the sources that may be about an alert with these labels (see `match`), each
   * scoped in turn when it narrows itself by labels (Kubernetes reads the alert's namespace).
   */
  scopedTo(labels: Record<string, string>): TelemetrySource {
    const matching = this.members.filter((m) => Object.entries(m.match ?? {}).every(([key, value]) => labels[key] === undefined || labels[key] === value));
    const kept = (matching.length === 0 ? this.members : matching).map((m) => {
      const scoped = m.source.scopedTo?.(labels);
      return scoped && scoped !== m.source ? { ...m, source: scoped } : m;
    });
    if (kept.length === this.members.length && kept.every((m, i) => m === this.members[i])) return this;
    return new SourceRouter(kept, this.id, this.now);
  }

  async run(query: TelemetryQuery, options: { signal?: AbortSignal } = {}): Promise<QueryOutcome> {
    const startedAt = this.now();
    const parsed = TelemetryQuerySchema.safeParse(query);
    const name = typeof (query as { name?: unknown })?.name === 'string' ? (query as { name: string }).name : 'unknown';
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(query)'}: ${issue.message}`).join('; ');
      return { evidence: this.failure(name, (query as { params?: unknown })?.params, `invalid ${name} query: ${issues}; fix the parameters and retry`, startedAt) };
    }
    const valid = parsed.data;
    const members = this.members.filter((m) => m.source.capabilities().some((c) => c.name === valid.name));
    if (members.length === 0) {
      const configured = this.members.map((m) => `${m.source.id} (${m.source.kind})`).join(', ');
      return { evidence: this.failure(valid.name, valid.params, `no configured source answers ${valid.name} (configured: ${configured}); add ${HINTS[valid.name] ?? 'a source that does'}`, startedAt) };
    }
    const runs = members.flatMap((member) => variants(valid, member.services).map((variant) => ({ member, variant })));
    const outcomes = await Promise.all(runs.map(({ member, variant }) => this.runOne(member, variant, options.signal, startedAt)));
    const renamed = outcomes.map((outcome, i) => (outcome.data && runs[i].member.services ? runs[i].member.services!.renameResult(outcome.data) : outcome.data));
    if (outcomes.length === 1) {
      const data = renamed[0] && runs[0].member.services && !runs[0].member.services.isIdentity ? mergeResults([renamed[0]]) : renamed[0];
      return data && outcomes[0].evidence.status === 'ok' ? { evidence: outcomes[0].evidence, data } : { evidence: outcomes[0].evidence };
    }
    return combineOutcomes(`R${++this.counter}`, outcomes, renamed, this.now());
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.source.close?.()));
  }

  private async runOne(member: RoutedSource, query: TelemetryQuery, signal: AbortSignal | undefined, startedAt: Date): Promise<QueryOutcome> {
    try {
      const outcome = await member.source.run(query, { signal });
      if (outcome && typeof outcome === 'object' && outcome.evidence) return outcome;
      return { evidence: this.failure(query.name, query.params, `source ${member.source.id} returned no evidence`, startedAt, member.source.id) };
    } catch (error) {
      return { evidence: this.failure(query.name, query.params, `source ${member.source.id} failed: ${errorMessage(error)}`, startedAt, member.source.id) };
    }
  }

  private failure(name: string, params: unknown, summary: string, startedAt: Date, sourceId = this.id): Evidence {
    const parameters = typeof params === 'object' && params !== null && !Array.isArray(params) ? { ...(params as Record<string, unknown>) } : {};
    const range = TimeRangeSchema.safeParse(parameters.range);
    const at = startedAt.getTime();
    return toEvidence(
      { id: `R${++this.counter}`, sourceId, queryName: name, queryText: `${name} (not run)`, parameters, timeRange: range.success ? range.data : timeRange(at, at), startedAt, finishedAt: this.now() },
      { status: 'error', summary, digest: {} },
    );
  }
}

/** The query as this source must be asked: once per backend name of each named service. */
function variants(query: TelemetryQuery, services: ServiceNameMapping | undefined): TelemetryQuery[] {
  if (!services || services.isIdentity) return [query];
  let out: TelemetryQuery[] = [query];
  for (const key of ['service', 'caller', 'callee'] as const) {
    out = out.flatMap((q) => {
      const value = (q.params as Record<string, unknown>)[key];
      if (typeof value !== 'string') return [q];
      return services.backendNames(value).map((name) => ({ ...q, params: { ...q.params, [key]: name } }) as TelemetryQuery);
    });
  }
  return out;
}
