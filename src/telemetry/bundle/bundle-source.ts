import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import { BundleError } from '../../core/errors';
import { TelemetryQuerySchema, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import { TimeRangeSchema, type TimeRange } from '../../core/telemetry/time-range-schema';
import type { BundleCase } from './bundle-case-schema';
import { toEvidence } from '../evidence-record';
import type { BundleLimits } from './bundle-limits';
import { openBundle, type Bundle } from './bundle-loader';
import { answerQuery } from './bundle-query-runner';
import { metricsByService } from './metric-catalog-query';
import type { QueryAnswer } from './query-answer';
import { bundleCapabilities } from './query-descriptors';
import { queryTextOf } from './query-text';
import { catalogAsOf, clipQueryToNow } from './replay-cutoff';

/** Options of {@link BundleSource}; only `dir` is required. */
export interface BundleSourceOptions {
  /** The bundle folder (holds case.json and the optional telemetry files). */
  dir: string;
  /** Source id recorded in evidence (default `bundle`). */
  id?: string;
  /** Clock for `collectedAt` and `elapsedMs` (default the system clock). */
  now?: () => Date;
  /** Evidence id factory, so an investigation can number evidence across sources (default E1, E2, …). */
  evidenceId?: () => string;
  /** Time resolution of log template counts, seconds (default 10). */
  logBucketSeconds?: number;
  /** Bounds on line length and uncompressed sizes (see BundleLimitsSchema for the defaults). */
  limits?: BundleLimits;
  /**
   * A simulated present (unix ms) for replaying the recording as if live: nothing dated after it
   * is visible, neither to queries nor in the catalog. Absent: the whole recording is visible.
   */
  asOf?: () => number;
}

/**
 * A TelemetrySource over a recorded incident bundle. The constructor reads and validates
 * case.json (throwing a BundleError when it is missing or invalid); the telemetry files are
 * indexed on first use. `run` never throws for bad parameters, absent signals or corrupt files:
 * those come back as `error`/`no_data` evidence. Call `validate()` to fail fast on corrupt files.
 */
export class BundleSource implements TelemetrySource {
  readonly id: string;
  readonly kind = 'bundle';
  readonly dir: string;
  /** The parsed case.json. */
  readonly case: BundleCase;
  private readonly bundle: Bundle;
  private readonly now: () => Date;
  private readonly nextEvidenceId: () => string;
  private readonly asOf?: () => number;

  constructor(options: BundleSourceOptions) {
    this.bundle = openBundle(options.dir, { logBucketSeconds: options.logBucketSeconds, limits: options.limits });
    this.dir = options.dir;
    this.case = this.bundle.case;
    this.id = options.id ?? 'bundle';
    this.now = options.now ?? (() => new Date());
    this.asOf = options.asOf;
    let counter = 0;
    this.nextEvidenceId = options.evidenceId ?? (() => `E${++counter}`);
  }

  /** Opens the bundle in `dir`, validating case.json now (rejects with a BundleError). */
  static async open(dir: string, options: Omit<BundleSourceOptions, 'dir'> = {}): Promise<BundleSource> {
    return new BundleSource({ ...options, dir });
  }

  /**
   * Reads every file of the bundle once (building all indexes); rejects with the first BundleError,
   * or when `signal` (a deadline) fires first.
   */
  async validate(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.indexes(options.signal);
  }

  capabilities(): QueryDescriptor[] {
    return bundleCapabilities(this.bundle.files);
  }

  async health(): Promise<SourceHealth> {
    const present = Object.values(this.bundle.files).filter((file) => file !== undefined);
    const names = present.map((file) => file.slice(this.dir.length).replace(/^[\\/]/, ''));
    return {
      ok: present.length > 0,
      message:
        present.length > 0
          ? `bundle ${this.case.id} (${this.case.system}) in ${this.dir}: ${names.join(', ')}`
          : `bundle ${this.case.id} in ${this.dir} holds no telemetry files, only case.json`,
    };
  }

  /**
   * Services and metrics of the bundle, and what reading it noticed (lines skipped for their
   * length, records dated far outside the case) as data gaps; rejects with a BundleError when a
   * file is corrupt or `signal` fires before the files are indexed.
   */
  async catalog(options: { signal?: AbortSignal } = {}): Promise<SourceCatalog> {
    const [metrics, logs, spans, events, topology] = await this.indexes(options.signal);
    const { files, limits } = this.bundle;
    const dataGaps = [
      ...(metrics?.notes.describe(files.metrics!, limits.maxLineBytes) ?? []),
      ...(logs?.notes.describe(files.logs!, limits.maxLineBytes) ?? []),
      ...(spans?.notes?.describe(files.spans!, limits.maxLineBytes) ?? []),
      ...(events?.notes.describe(files.events!, limits.maxLineBytes) ?? []),
    ];
    const metricNames = metrics ? metricsByService(metrics) : {};
    const services = new Set([
      ...(topology?.services ?? []),
      ...Object.keys(metricNames),
      ...(logs?.services ?? []),
      ...(spans?.serviceNames ?? []),
      ...(events?.services ?? []),
    ]);
    const full: SourceCatalog = {
      services: [...services].sort(),
      metrics: metricNames,
      window: { start: this.case.window.start, end: this.case.window.end },
      alertAt: this.case.alert.firedAt,
      ...(this.case.baseline ? { baseline: { start: this.case.baseline.start, end: this.case.baseline.end } } : {}),
      hasLogs: (logs?.lines ?? 0) > 0,
      hasSpans: (spans?.count ?? 0) > 0,
      hasEvents: (events?.count ?? 0) > 0,
      hasTopology: topology !== undefined || (spans?.count ?? 0) > 0,
      ...(dataGaps.length > 0 ? { dataGaps } : {}),
    };
    if (!this.asOf) return full;
    return catalogAsOf(full, this.asOf(), metrics, { logsMinMs: logs?.minMs, spansMinMs: spans?.minMs, eventsMinMs: events?.minMs });
  }

  async run(query: TelemetryQuery, options: { signal?: AbortSignal } = {}): Promise<QueryOutcome> {
    const startedAt = this.now();
    const raw: { name?: unknown; params?: unknown } = typeof query === 'object' && query !== null ? query : {};
    const queryName = typeof raw.name === 'string' && raw.name !== '' ? raw.name : 'unknown';
    const parsed = TelemetryQuerySchema.safeParse(query);
    const parameters = parsed.success ? { ...parsed.data.params } : asRecord(raw.params);
    let answer: QueryAnswer;
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(query)'}: ${issue.message}`);
      answer = { status: 'error', summary: `invalid ${queryName} query: ${issues.join('; ')}; fix the parameters and retry`, digest: {} };
    } else {
      answer = await this.answer(parsed.data, options.signal);
    }
    const evidence = toEvidence(
      {
        id: this.nextEvidenceId(),
        sourceId: this.id,
        queryName,
        queryText: queryTextOf(queryName, parameters, this.dir),
        parameters,
        timeRange: this.timeRangeOf(parameters),
        startedAt,
        finishedAt: this.now(),
      },
      answer,
    );
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }

  async close(): Promise<void> {}

  private async answer(query: TelemetryQuery, signal?: AbortSignal): Promise<QueryAnswer> {
    if (signal?.aborted) return { status: 'error', summary: 'query aborted before it started', digest: {} };
    let visible = query;
    if (this.asOf) {
      const clipped = clipQueryToNow(query, this.asOf());
      if ('answer' in clipped) return clipped.answer;
      visible = clipped.query;
    }
    try {
      return await answerQuery(this.bundle, visible, signal, this.asOf?.());
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      const summary = signal?.aborted ? 'query aborted before it finished' : `cannot read the bundle: ${error.message}`;
      return { status: 'error', summary, digest: {} };
    }
  }

  private indexes(signal?: AbortSignal) {
    const { bundle } = this;
    return Promise.all([bundle.metrics(signal), bundle.logs(signal), bundle.spans(signal), bundle.events(signal), bundle.topology()]);
  }

  private timeRangeOf(parameters: Record<string, unknown>): TimeRange {
    const range = TimeRangeSchema.safeParse(parameters.range);
    return range.success ? range.data : { start: this.case.window.start, end: this.case.window.end };
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}
