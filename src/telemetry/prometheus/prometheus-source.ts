import type { Evidence } from '../../core/investigation/evidence-schema';
import { toEvidence } from '../evidence-record';
import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import type { Series } from '../../core/telemetry/query-results';
import { MetricCatalogParamsSchema, MetricRangeParamsSchema, TelemetryQuerySchema, TopologyParamsSchema, type QueryParams, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { rangeMs, timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { PrometheusClient, PrometheusRequestError } from './prometheus-client';
import { exposeMetrics, guessShape, type ExposedMetric } from './metric-shapes';
import { metricRangePromQL, stepFor, type LabelNames } from './promql';

export interface PrometheusSourceOptions {
  url: string;
  id?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** The label that names a series' service (default `service`). */
  serviceLabel?: string;
  /** The label that names a series' instance (default `instance`). */
  instanceLabel?: string;
  /**
   * A metric whose series name caller and callee (a service mesh's request counter, e.g. Istio's
   * `istio_requests_total` with `source_workload` / `destination_workload`): the call graph.
   */
  callGraph?: { metric: string; callerLabel: string; calleeLabel: string };
  /**
   * The investigated period's fault-free reference: the same period this long earlier (`1d`, `7d`,
   * `12h`, `30m`), or `none` (the default): the minutes before the alert are then the only one.
   */
  baselineOffset?: string;
  now?: () => Date;
  evidenceId?: () => string;
}

/** How far back the catalog looks when the investigation does not say which period it is about. */
const DEFAULT_CATALOG_LOOKBACK_MS = 60 * 60_000;

interface Answer {
  status: Evidence['status'];
  summary: string;
  digest: Record<string, number>;
  queryText: string;
  parameters: Record<string, unknown>;
  timeRange: TimeRange;
  data?: QueryOutcome['data'];
}

type VectorResult = { resultType: 'vector'; result: Array<{ metric: Record<string, string> }> };
type MatrixResult = { resultType: 'matrix'; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };

/**
 * A TelemetrySource over a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir,
 * VictoriaMetrics). It answers metric queries: `metric_catalog` from the series that had data
 * around the investigated period, `metric_range` as PromQL range queries (counters as rates,
 * histograms as quantiles; see metric-shapes). Every evidence record carries the exact PromQL, its
 * step and time range. A timeout, an HTTP error or a bad query comes back as `error` evidence with
 * Prometheus' own message; an empty answer as `no_data`.
 */
export class PrometheusSource implements TelemetrySource {
  readonly id: string;
  readonly kind = 'prometheus';
  private readonly client: PrometheusClient;
  private readonly labels: LabelNames;
  private readonly now: () => Date;
  private readonly nextEvidenceId: () => string;
  /** Exposed metrics seen by the last catalog, by name. */
  private known = new Map<string, ExposedMetric>();
  /** The period the last catalog was asked about: what `metric_catalog` queries list, too. */
  private around: TimeRange | undefined;

  constructor(private readonly options: PrometheusSourceOptions) {
    this.id = options.id ?? 'prometheus';
    this.client = new PrometheusClient({ url: options.url, timeoutMs: options.timeoutMs ?? 10_000, headers: options.headers });
    this.labels = { service: options.serviceLabel ?? 'service', instance: options.instanceLabel ?? 'instance' };
    this.now = options.now ?? (() => new Date());
    let counter = 0;
    this.nextEvidenceId = options.evidenceId ?? (() => `E${++counter}`);
  }

  capabilities(): QueryDescriptor[] {
    return [
      {
        name: 'metric_range',
        description: `Series of one metric over a time range from Prometheus, grouped by ${this.labels.service} or ${this.labels.instance}; counters come back as per-second rates, histograms as <name>_p90/_p99.`,
        params: MetricRangeParamsSchema,
      },
      { name: 'metric_catalog', description: `Metric names per ${this.labels.service} label value that had data around the investigated period.`, params: MetricCatalogParamsSchema },
      ...(this.options.callGraph
        ? [{ name: 'topology' as const, description: `Caller → callee pairs seen in ${this.options.callGraph.metric} during a period.`, params: TopologyParamsSchema }]
        : []),
    ];
  }

  async health(): Promise<SourceHealth> {
    try {
      const info = await this.client.call<{ version?: string }>('status/buildinfo', []);
      return { ok: true, message: `Prometheus ${info.version ?? '(unknown version)'} at ${this.options.url}` };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  }

  /**
   * Services (values of the service label) and their metrics among the series that had data in
   * `around` (default: the last hour). Rejects with the backend's message when it cannot be read.
   */
  async catalog(options: { around?: TimeRange } = {}): Promise<SourceCatalog> {
    this.around = options.around ?? this.around;
    const metrics = await this.discover(this.around ?? this.lastHour());
    const offset = durationMs(this.options.baselineOffset ?? 'none');
    const baseline = options.around && offset > 0 ? shifted(options.around, -offset) : undefined;
    return {
      services: Object.keys(metrics).sort(),
      metrics,
      ...(baseline ? { baseline } : {}),
      hasLogs: false,
      hasSpans: false,
      hasEvents: false,
      hasTopology: this.options.callGraph !== undefined,
    };
  }

  async run(query: TelemetryQuery, options: { signal?: AbortSignal } = {}): Promise<QueryOutcome> {
    const startedAt = this.now();
    const parsed = TelemetryQuerySchema.safeParse(query);
    const name = typeof (query as { name?: unknown })?.name === 'string' ? (query as { name: string }).name : 'unknown';
    let answer: Answer;
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(query)'}: ${issue.message}`).join('; ');
      answer = this.failure(`invalid ${name} query: ${issues}; fix the parameters and retry`, name, this.lastHour());
    } else if (parsed.data.name === 'metric_range') {
      answer = await this.metricRange(parsed.data.params, options.signal);
    } else if (parsed.data.name === 'metric_catalog') {
      answer = await this.metricCatalog(parsed.data.params, options.signal);
    } else if (parsed.data.name === 'topology' && this.options.callGraph) {
      answer = await this.topology(this.options.callGraph, parsed.data.params.range ?? this.lastHour(), options.signal);
    } else {
      const range = ('range' in parsed.data.params ? parsed.data.params.range : undefined) ?? this.lastHour();
      const answers = this.options.callGraph ? 'metric_range, metric_catalog and topology' : 'metric_range and metric_catalog (configure callGraph for topology)';
      answer = this.failure(`${parsed.data.name} is not a query this Prometheus source answers; it answers ${answers}`, parsed.data.name, range);
    }
    const evidence = toEvidence(
      { id: this.nextEvidenceId(), sourceId: this.id, queryName: parsed.success ? parsed.data.name : name, queryText: answer.queryText, parameters: answer.parameters, timeRange: answer.timeRange, startedAt, finishedAt: this.now() },
      answer,
    );
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }

  private async metricRange(params: QueryParams<'metric_range'>, signal?: AbortSignal): Promise<Answer> {
    const metric = this.known.get(params.metric) ?? guessShape(params.metric);
    const step = stepFor(params);
    const promql = metricRangePromQL(metric, params, this.labels, step);
    const { startMs, endMs } = rangeMs(params.range);
    const base = { queryText: promql, parameters: { ...params, step }, timeRange: params.range };
    try {
      const data = await this.client.call<MatrixResult>('query_range', [['query', promql], ['start', seconds(startMs)], ['end', seconds(endMs)], ['step', String(step)]], signal);
      const series: Series[] = data.result.map((r) => ({
        service: r.metric[this.labels.service] ?? '',
        ...(params.groupBy === 'instance' && r.metric[this.labels.instance] !== undefined ? { instance: r.metric[this.labels.instance] } : {}),
        metric: params.metric,
        timestamps: r.values.map(([t]) => t),
        values: r.values.map(([, v]) => Number(v)),
      }));
      const points = series.reduce((sum, s) => sum + s.timestamps.length, 0);
      if (points === 0) return { ...base, status: 'no_data', summary: `no samples of ${params.metric} in the range (PromQL: ${promql})`, digest: { series: 0, points: 0, stepSeconds: step } };
      return {
        ...base,
        status: 'ok',
        summary: `${series.length} series of ${params.metric} (${metric.kind}), ${points} points at ${step} s`,
        digest: { series: series.length, points, stepSeconds: step },
        data: { kind: 'metric_range', series },
      };
    } catch (error) {
      return { ...base, status: 'error', summary: messageOf(error), digest: {} };
    }
  }

  private async metricCatalog(params: QueryParams<'metric_catalog'>, signal?: AbortSignal): Promise<Answer> {
    const range = this.around ?? this.lastHour();
    const queryText = `series {${this.labels.service}!=""}`;
    try {
      const all = await this.discover(range, signal);
      if (params.service !== undefined && !(params.service in all)) {
        return { queryText, parameters: params, timeRange: range, status: 'no_data', summary: `no series with ${this.labels.service}="${params.service}" in ${range.start} → ${range.end}`, digest: {} };
      }
      const metrics = params.service === undefined ? all : { [params.service]: all[params.service] };
      const distinct = new Set(Object.values(metrics).flat());
      return {
        queryText,
        parameters: params,
        timeRange: range,
        status: 'ok',
        summary: `${distinct.size} metric names across ${Object.keys(metrics).length} services`,
        digest: { services: Object.keys(metrics).length, metrics: distinct.size },
        data: { kind: 'metric_catalog', metrics },
      };
    } catch (error) {
      return { queryText, parameters: params, timeRange: range, status: 'error', summary: messageOf(error), digest: {} };
    }
  }

  /** The caller → callee pairs that had a series in `range`, from the call-graph metric. */
  private async topology(graph: NonNullable<PrometheusSourceOptions['callGraph']>, range: TimeRange, signal?: AbortSignal): Promise<Answer> {
    const { startMs, endMs } = rangeMs(range);
    const lookback = Math.max(60, Math.ceil((endMs - startMs) / 1000));
    const promql = `group by (${graph.callerLabel}, ${graph.calleeLabel}) (last_over_time(${graph.metric}[${lookback}s]))`;
    const base = { queryText: promql, parameters: { range, time: new Date(endMs).toISOString() }, timeRange: range };
    try {
      const data = await this.client.call<VectorResult>('query', [['query', promql], ['time', (endMs / 1000).toFixed(3)]], signal);
      const pairs = new Map<string, { from: string; to: string }>();
      for (const { metric } of data.result) {
        const from = metric[graph.callerLabel];
        const to = metric[graph.calleeLabel];
        // A mesh names callers it cannot identify "unknown"; a call to oneself is not an edge.
        if (!from || !to || from === to || from === 'unknown' || to === 'unknown') continue;
        pairs.set(`${from}\u0000${to}`, { from, to });
      }
      const calls = [...pairs.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
      const services = [...new Set(calls.flatMap((c) => [c.from, c.to]))].sort();
      if (calls.length === 0) return { ...base, status: 'no_data', summary: `no calls between services in ${graph.metric} during the range`, digest: { services: 0, calls: 0 } };
      return {
        ...base,
        status: 'ok',
        summary: `${calls.length} calls between ${services.length} services from ${graph.metric}`,
        digest: { services: services.length, calls: calls.length },
        data: { kind: 'topology', services, calls, origin: 'derived' },
      };
    } catch (error) {
      return { ...base, status: 'error', summary: messageOf(error), digest: {} };
    }
  }

  /** service → exposed metric names, from the series with a service label in `range`. */
  private async discover(range: TimeRange, signal?: AbortSignal): Promise<Record<string, string[]>> {
    const { startMs, endMs } = rangeMs(range);
    const [series, metadata] = await Promise.all([
      this.client.call<Array<Record<string, string>>>('series', [['match[]', `{${this.labels.service}!=""}`], ['start', seconds(startMs)], ['end', seconds(endMs)]], signal),
      // Metadata comes from scrapes; a backend without it (or with backfilled data) falls back to naming conventions.
      this.client.call<Record<string, Array<{ type: string }>>>('metadata', [], signal).catch(() => ({}) as Record<string, Array<{ type: string }>>),
    ]);
    const types = new Map(Object.entries(metadata).map(([name, entries]) => [name, entries[0]?.type ?? 'unknown']));
    const seenByService = new Map<string, Map<string, boolean>>();
    for (const labels of series) {
      const service = labels[this.labels.service];
      const name = labels.__name__;
      if (!service || !name) continue;
      const seen = seenByService.get(service) ?? new Map<string, boolean>();
      seen.set(name, (seen.get(name) ?? false) || labels.le !== undefined);
      seenByService.set(service, seen);
    }
    const out: Record<string, string[]> = {};
    const known = new Map<string, ExposedMetric>();
    for (const [service, seen] of [...seenByService].sort(([a], [b]) => a.localeCompare(b))) {
      const exposed = exposeMetrics([...seen].map(([name, bucketed]) => ({ name, bucketed })), types);
      for (const metric of exposed.values()) known.set(metric.name, metric);
      out[service] = [...exposed.keys()].sort();
    }
    this.known = known;
    return out;
  }

  private failure(summary: string, name: string, range: TimeRange): Answer {
    return { status: 'error', summary, digest: {}, queryText: `${name} (not run)`, parameters: {}, timeRange: range };
  }

  private lastHour(): TimeRange {
    const end = this.now().getTime();
    return timeRange(end - DEFAULT_CATALOG_LOOKBACK_MS, end);
  }
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `1d` → 86 400 000; `none` (or anything else) → 0. */
export function durationMs(text: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : 0;
}

function shifted(range: TimeRange, byMs: number): TimeRange {
  const { startMs, endMs } = rangeMs(range);
  return timeRange(startMs + byMs, endMs + byMs);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function messageOf(error: unknown): string {
  if (error instanceof PrometheusRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
