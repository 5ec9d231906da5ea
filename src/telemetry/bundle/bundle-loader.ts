import { join } from 'node:path';
import { BundleError } from '../../core/errors';
import { BundleCaseSchema, type BundleCase } from './bundle-case-schema';
import { findBundleFile, readJsonDocument } from './bundle-file-reader';
import { buildEventIndex, type EventIndex } from './event-search';
import { buildLogIndex, type LogIndex } from './log-index';
import { buildMetricIndex, type MetricIndex } from './metric-index';
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
}

/**
 * An opened incident bundle: the validated case and lazily built, cached indexes. Each index is
 * built on first use by one streaming pass; concurrent first calls share the same build. An
 * accessor resolves to undefined when the file is absent and rejects with a BundleError (file and
 * line) when it is corrupt.
 */
export interface Bundle {
  readonly dir: string;
  readonly case: BundleCase;
  readonly files: BundleFiles;
  metrics(): Promise<MetricIndex | undefined>;
  /** Built after the spans (when readable), so each line can be attributed to its span's operation. */
  logs(): Promise<LogIndex | undefined>;
  spans(): Promise<SpanIndex | undefined>;
  events(): Promise<EventIndex | undefined>;
  topology(): Promise<BundleTopology | undefined>;
}

/** Reads and validates `case.json` of the bundle in `dir`; throws a BundleError naming the file. */
export function readBundleCase(dir: string): BundleCase {
  const file = findBundleFile(dir, 'case.json');
  if (!file) {
    throw new BundleError(
      join(dir, 'case.json'),
      `missing: every incident bundle has a case.json, so "${dir}" is not a bundle folder; check the path`,
    );
  }
  const parsed = BundleCaseSchema.safeParse(readJsonDocument(file));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new BundleError(file, `invalid case (${issues.join('; ')}); see the bundle format's case.json table`);
  }
  return parsed.data;
}

/** Opens a bundle synchronously: validates case.json now, indexes the other files on demand. */
export function openBundle(dir: string, options: BundleLoadOptions = {}): Bundle {
  const bundleCase = readBundleCase(dir);
  const files: BundleFiles = {
    metrics: findBundleFile(dir, 'metrics.csv'),
    logs: findBundleFile(dir, 'logs.jsonl'),
    spans: findBundleFile(dir, 'spans.jsonl'),
    events: findBundleFile(dir, 'events.jsonl'),
    topology: findBundleFile(dir, 'topology.json'),
  };
  const bucketSeconds = options.logBucketSeconds ?? 10;
  const spans = cachedBuild(files.spans, buildSpanIndex);
  // Log lines are attributed to span operations when the spans are readable; a corrupt spans file
  // must not make the logs unusable, and span queries still report its error.
  const readableSpans = (): Promise<SpanIndex | undefined> => spans().catch(() => undefined);
  return {
    dir,
    case: bundleCase,
    files,
    metrics: cachedBuild(files.metrics, buildMetricIndex),
    logs: cachedBuild(files.logs, async (file) => buildLogIndex(file, bucketSeconds, { spans: await readableSpans() })),
    spans,
    events: cachedBuild(files.events, buildEventIndex),
    topology: cachedBuild(files.topology, async (file) => readTopology(file)),
  };
}

/** {@link openBundle} as a promise, for callers that load bundles asynchronously. */
export async function loadBundle(dir: string, options: BundleLoadOptions = {}): Promise<Bundle> {
  return openBundle(dir, options);
}

function cachedBuild<T>(file: string | undefined, build: (file: string) => Promise<T>): () => Promise<T | undefined> {
  let pending: Promise<T | undefined> | undefined;
  return () => (pending ??= file === undefined ? Promise.resolve(undefined) : build(file));
}
