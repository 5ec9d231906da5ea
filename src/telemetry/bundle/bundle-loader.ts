import { join } from 'node:path';
import { BundleError } from '../../core/errors';
import { schemaIssues } from './schema-issues';
import { BundleCaseSchema, type BundleCase } from './bundle-case-schema';
import { findBundleFile, readJsonDocument } from './bundle-file-reader';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits';
import { CasePeriods } from './case-periods';
import { buildEventIndex, type EventIndex } from './event-search';
import type { IndexBuildOptions } from './index-build-options';
import { buildLogIndex, type LogIndex } from './log-index';
import { buildMetricIndex, type MetricIndex } from './metric-index';
import { SharedBuild } from './shared-build';
import { buildSpanIndex, type SpanIndex } from './span-index';
import { readTopology, type BundleTopology } from './topology-reader';

/** Paths of the optional files present in a bundle (plain or `.gz`). */
export interface BundleFiles {
  metrics?: string;
  logs?: string;
  spans?: string;
  events?: string;
  topology?: string;
}

/** How a bundle is indexed. */
export interface BundleLoadOptions {
  /** Time resolution of log template counts, seconds (default 10). */
  logBucketSeconds?: number;
  /** Bounds on what is read (line length, uncompressed sizes); defaults hold every usual bundle. */
  limits?: BundleLimits;
}

/**
 * An opened incident bundle: the validated case and lazily built, cached indexes. Each index is
 * built on first use by one streaming pass; concurrent first calls share the same build. An
 * accessor resolves to undefined when the file is absent and rejects with a BundleError (file and
 * line) when it is corrupt. `signal` is the caller's deadline: the caller stops waiting when it
 * fires, and the build stops once no caller is waiting any more (a later call starts it again).
 */
export interface Bundle {
  readonly dir: string;
  readonly case: BundleCase;
  readonly files: BundleFiles;
  readonly limits: BundleLimits;
  metrics(signal?: AbortSignal): Promise<MetricIndex | undefined>;
  /** Built after the spans (when readable), so each line can be attributed to its span's operation. */
  logs(signal?: AbortSignal): Promise<LogIndex | undefined>;
  spans(signal?: AbortSignal): Promise<SpanIndex | undefined>;
  events(signal?: AbortSignal): Promise<EventIndex | undefined>;
  topology(): Promise<BundleTopology | undefined>;
}

/** Reads and validates `case.json` of the bundle in `dir`; throws a BundleError naming the file. */
export function readBundleCase(dir: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): BundleCase {
  const file = findBundleFile(dir, 'case.json');
  if (!file) {
    throw new BundleError(
      join(dir, 'case.json'),
      `missing: every incident bundle has a case.json, so "${dir}" is not a bundle folder; check the path`,
    );
  }
  const parsed = BundleCaseSchema.safeParse(readJsonDocument(file, limits));
  if (!parsed.success) {
    const issues = schemaIssues(parsed.error.issues);
    throw new BundleError(file, `invalid case (${issues}); see the bundle format's case.json table`);
  }
  return parsed.data;
}

/** Opens a bundle synchronously: validates case.json now, indexes the other files on demand. */
export function openBundle(dir: string, options: BundleLoadOptions = {}): Bundle {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const bundleCase = readBundleCase(dir, limits);
  const files: BundleFiles = {
    metrics: findBundleFile(dir, 'metrics.csv'),
    logs: findBundleFile(dir, 'logs.jsonl'),
    spans: findBundleFile(dir, 'spans.jsonl'),
    events: findBundleFile(dir, 'events.jsonl'),
    topology: findBundleFile(dir, 'topology.json'),
  };
  const bucketSeconds = options.logBucketSeconds ?? 10;
  const periods = new CasePeriods(bundleCase);
  const reading = (signal: AbortSignal): IndexBuildOptions => ({ signal, limits, periods });
  const spans = shared(files.spans, (file, signal) => buildSpanIndex(file, reading(signal)));
  // Log lines are attributed to span operations when the spans are readable; a corrupt spans file
  // must not make the logs unusable, and span queries still report its error.
  const readableSpans = (signal: AbortSignal): Promise<SpanIndex | undefined> => spans(signal).catch(() => undefined);
  let topology: Promise<BundleTopology | undefined> | undefined;
  return {
    dir,
    case: bundleCase,
    files,
    limits,
    metrics: shared(files.metrics, (file, signal) => buildMetricIndex(file, reading(signal))),
    logs: shared(files.logs, async (file, signal) => {
      const joined = await readableSpans(signal);
      if (signal.aborted) throw new BundleError(file, 'reading was stopped before it started');
      return buildLogIndex(file, bucketSeconds, { ...reading(signal), spans: joined });
    }),
    spans,
    events: shared(files.events, (file, signal) => buildEventIndex(file, reading(signal))),
    topology: () => (topology ??= files.topology === undefined ? Promise.resolve(undefined) : readAsync(() => readTopology(files.topology!, limits))),
  };
}

/** {@link openBundle} as a promise, for callers that load bundles asynchronously. */
export async function loadBundle(dir: string, options: BundleLoadOptions = {}): Promise<Bundle> {
  return openBundle(dir, options);
}

/** An accessor over a {@link SharedBuild} of `file`, or one resolving to undefined when it is absent. */
function shared<T>(file: string | undefined, build: (file: string, signal: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T | undefined> {
  if (file === undefined) return () => Promise.resolve(undefined);
  const sharedBuild = new SharedBuild(file, (signal) => build(file, signal));
  return (signal) => sharedBuild.get(signal);
}

async function readAsync<T>(read: () => T): Promise<T> {
  return read();
}
