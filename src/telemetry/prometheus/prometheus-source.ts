import { toEvidence } from '../evidence-record';
import type { GrafanaExploreTarget } from '../grafana/grafana-explore-link';
import { linkableQuery, prometheusGraphLink } from './prometheus-graph-link';
import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import { MetricCatalogParamsSchema, MetricRangeParamsSchema, TelemetryQuerySchema, TopologyParamsSchema, type QueryParams, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { rangeMs, timeRange, type TimeRange } from '../../core/telemetry/time-range-schema';
import { PrometheusClient } from './prometheus-client';
import { messageOf, type Answer } from './prometheus-answer';
import type { LabelNames } from './promql';
import { callGraphCandidates, distinctCalls } from './call-graph-sources';
import { readMetricRange } from './metric-range-reader';
import { discoverWorkloads, type Discovery, type WorkloadMode } from './workload-discovery';
import { scopeMatchers } from './workload-rules';

export interface PrometheusSourceOptions {
  url: string;
  id?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /**
   * How series are named by workload: `auto` (the default: the presets whose series are present,
   * else plain labels), `kube-prometheus-stack`, `opentelemetry`, `istio`, or `labels`
   * (`serviceLabel` / `instanceLabel` name them).
   */
  workloads?: WorkloadMode;
  /** Grafana, where evidence links open (else they open the Prometheus UI's graph). */
  grafana?: GrafanaExploreTarget;
  /** Alert labels the source is scoped to (`namespace`, `cluster`); set by scopedTo. */
  scope?: Record<string, string>;
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
/** How far back the reference falls back to the latest data when no offset period holds any. */
const LATEST_LOOKBACK = '7d';
/** Data this close before the investigated period is continuous with it, not a separate reference. */
const ADJACENT_MS = 5 * 60_000;

type VectorResult = { resultType: 'vector'; result: Array<{ metric: Record<string, string> }> };

/**
 * A TelemetrySource over a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir,
 * VictoriaMetrics). It answers metric queries: `metric_catalog` from the series that had data
 * around the investigated period, `metric_range` as PromQL range queries (counters as rates,
 * histograms as quantiles; see metric-shapes), or at native resolution, for gauges, as the samples
 * were stored (see metric-range-reader). Every evidence record carries the exact PromQL, its step
 * and time range. A timeout, an HTTP error or a bad query comes back as `error` evidence with
 * Prometheus' own message; an empty answer as `no_data`.
 */
export class PrometheusSource implements TelemetrySource {
  readonly id: string;
  readonly kind = 'prometheus';
  private readonly client: PrometheusClient;
  private readonly labels: LabelNames;
  private readonly now: () => Date;
  private readonly nextEvidenceId: () => string;
  /** What the last catalog discovered. */
  private discovery: Discovery | undefined;
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
      { name: 'topology', description: 'Caller → callee pairs during a period, from Istio, OpenTelemetry span metrics or Tempo service-graph metrics (the first present).', params: TopologyParamsSchema },
    ];
  }

  /** The source scoped to an alert's `namespace` and `cluster` labels, when it names them. */
  scopedTo(labels: Record<string, string>): TelemetrySource {
    const scope = Object.fromEntries(['namespace', 'cluster'].filter((k) => labels[k]).map((k) => [k, labels[k]]));
    if (this.options.scope !== undefined || Object.keys(scope).length === 0) return this;
    return new PrometheusSource({ ...this.options, scope });
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
    const reference = options.around ? await this.reference(options.around) : { dataGaps: [] };
    return {
      services: Object.keys(metrics).sort(),
      metrics,
      ...(reference.baseline ? { baseline: reference.baseline } : {}),
      ...(reference.dataGaps.length > 0 ? { dataGaps: reference.dataGaps } : {}),
      hasLogs: false,
      hasSpans: false,
      hasEvents: false,
      hasTopology: true,
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
      answer = await readMetricRange({ client: this.client, labels: this.labels, scope: this.options.scope ?? {}, discovery: this.discovery }, parsed.data.params, options.signal);
    } else if (parsed.data.name === 'metric_catalog') {
      answer = await this.metricCatalog(parsed.data.params, options.signal);
    } else if (parsed.data.name === 'topology') {
      answer = await this.topology(parsed.data.params.range ?? this.lastHour(), options.signal);
    } else {
      const range = ('range' in parsed.data.params ? parsed.data.params.range : undefined) ?? this.lastHour();
      answer = this.failure(`${parsed.data.name} is not a query this Prometheus source answers; it answers metric_range, metric_catalog and topology`, parsed.data.name, range);
    }
    // Where a person sees the same data: the query in Grafana Explore or the Prometheus UI.
    const links = linkableQuery(answer.queryText) ? [prometheusGraphLink(this.options.url, answer.queryText, answer.timeRange, this.options.grafana)] : [];
    const evidence = toEvidence(
      { id: this.nextEvidenceId(), sourceId: this.id, queryName: parsed.success ? parsed.data.name : name, queryText: answer.queryText, parameters: answer.parameters, timeRange: answer.timeRange, startedAt, finishedAt: this.now(), links },
      answer,
    );
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }

  private async metricCatalog(params: QueryParams<'metric_catalog'>, signal?: AbortSignal): Promise<Answer> {
    const range = this.around ?? this.lastHour();
    const queryText = `series ${this.discovery?.presets.join(', ') ?? 'auto'}`;
    try {
      const all = await this.discover(range, signal);
      if (params.service !== undefined && !(params.service in all)) {
        return { queryText, parameters: params, timeRange: range, status: 'no_data', summary: `no series of workload "${params.service}" in ${range.start} → ${range.end}`, digest: {} };
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

  /** The caller → callee pairs that had a series in `range`, from the first call-graph source present. */
  private async topology(range: TimeRange, signal?: AbortSignal): Promise<Answer> {
    const { startMs, endMs } = rangeMs(range);
    const lookback = Math.max(60, Math.ceil((endMs - startMs) / 1000));
    const candidates = callGraphCandidates(this.options.callGraph);
    const tried: string[] = [];
    for (const candidate of candidates) {
      // Only the cluster scopes a call graph: callers and callees may live in other namespaces.
      const promql = candidate.promql(lookback, this.options.scope?.cluster ? scopeMatchers('labels', { cluster: this.options.scope.cluster }) : []);
      tried.push(promql);
      const base = { queryText: promql, parameters: { range, time: new Date(endMs).toISOString(), callGraph: candidate.label }, timeRange: range };
      try {
        const data = await this.client.call<VectorResult>('query', [['query', promql], ['time', (endMs / 1000).toFixed(3)]], signal);
        const calls = distinctCalls(candidate.pairs(data.result));
        if (calls.length === 0) continue;
        const services = [...new Set(calls.flatMap((c) => [c.from, c.to]))].sort();
        return {
          ...base,
          status: 'ok',
          summary: `call graph from ${candidate.label}: ${calls.length} calls between ${services.length} services`,
          digest: { services: services.length, calls: calls.length },
          data: { kind: 'topology', services, calls, origin: 'derived' },
        };
      } catch (error) {
        return { ...base, status: 'error', summary: messageOf(error), digest: {} };
      }
    }
    return {
      queryText: tried.join('\n'),
      parameters: { range },
      timeRange: range,
      status: 'no_data',
      summary: `no call graph in Prometheus: no series of ${candidates.map((c) => c.label).join(', ')} in the period (a service mesh, span metrics, or a trace source gives one)`,
      digest: { services: 0, calls: 0 },
    };
  }

  /** service → exposed metric names, from the workloads discovered in `range`. */
  private async discover(range: TimeRange, signal?: AbortSignal): Promise<Record<string, string[]>> {
    const discovery = await discoverWorkloads(
      this.client,
      { mode: this.options.workloads ?? 'auto', scope: this.options.scope ?? {}, serviceLabel: this.labels.service, instanceLabel: this.labels.instance },
      range,
      signal,
    );
    this.discovery = discovery;
    return discovery.catalog.metricsByService();
  }

  /**
   * The reference period besides the minutes before the alert: the same period `baselineOffset`
   * earlier (with `1d`, a week earlier when yesterday holds no data). When neither holds series
   * (history kept only around incidents, a scrape gap, a workload younger than the offset), the
   * latest data within a week before the period is the reference. No data at all is "no reference
   * data", a data gap, not a failed query. Every look-up keeps the alert's namespace/cluster scope.
   */
  private async reference(around: TimeRange): Promise<{ baseline?: TimeRange; dataGaps: string[] }> {
    const configured = this.options.baselineOffset ?? 'none';
    const offsets = configured === '1d' ? ['1d', '7d'] : [configured];
    const names = this.discovery?.catalog ? [...new Set([...this.discovery.catalog.shapes.values()].map((m) => m.source.replace(/_bucket$/, '_count')))].slice(0, 20) : [];
    const scope = scopeMatchers('labels', this.options.scope ?? {});
    const selectorOf = (name: string) => `{${[`__name__=~"${name}"`, ...scope].join(',')}}`;
    const selector = selectorOf(names.join('|') || '.+');
    const tried: string[] = [];
    for (const offset of offsets) {
      const ms = durationMs(offset);
      if (ms <= 0) return { dataGaps: [] };
      const candidate = shifted(around, -ms);
      const { startMs, endMs } = rangeMs(candidate);
      const found = await this.client
        .call<Array<Record<string, string>>>('series', [['match[]', selector], ['start', seconds(startMs)], ['end', seconds(endMs)]])
        .then((series) => series.length > 0)
        .catch(() => false);
      if (found) return { baseline: candidate, dataGaps: [] };
      tried.push(offset);
    }
    const latest = await this.latestBefore(around, names.map(selectorOf));
    const missing = `no reference data ${tried.join(' or ')} earlier`;
    if (latest !== undefined) {
      const { startMs, endMs } = rangeMs(around);
      const baseline = timeRange(latest - (endMs - startMs), latest);
      return { baseline, dataGaps: [`${missing}: the latest data before the period (${baseline.start} → ${baseline.end}) is the reference`] };
    }
    return { dataGaps: [`${missing}: the minutes before the alert are the only reference`] };
  }

  /**
   * The time (ms) just after the last sample of `selectors` in the week before `around` begins, when it lies
   * before the minutes the investigation looks at (more than a few minutes before `around`).
   */
  private async latestBefore(around: TimeRange, selectors: string[]): Promise<number | undefined> {
    const { startMs } = rangeMs(around);
    const at = seconds(startMs - 1000);
    // One query per metric name: timestamp() drops the name, so two metrics' series would collide.
    const latest = await Promise.all(
      selectors.map((selector) =>
        this.client
          .call<{ result: Array<{ value: [number, string] }> }>('query', [['query', `max(max_over_time(timestamp(${selector})[${LATEST_LOOKBACK}:1m]))`], ['time', at]])
          .then((data) => Number(data.result[0]?.value?.[1]))
          .catch(() => Number.NaN),
      ),
    );
    const lastSeconds = Math.max(...latest.filter(Number.isFinite));
    if (!Number.isFinite(lastSeconds)) return undefined;
    const latestMs = Math.round(lastSeconds * 1000) + 1000;
    return latestMs < startMs - ADJACENT_MS ? latestMs : undefined;
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
