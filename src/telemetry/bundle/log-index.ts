import { templateOf } from '../../core/analysis/log-template';
import { parseLogLine } from './bundle-line-parsers';
import { float64Column, uint32Column, type GrowableArray } from './growable-array';
import { checkRecordTime, readIndexLines, type IndexBuildOptions } from './index-build-options';
import { ReadNotes } from './read-notes';
import { findSpan, type SpanIndex } from './span-index';
import { lowerBound } from './statistics';

const EXAMPLE_CHARS = 500;
const MAX_BUCKET = 0xffffffff;

/**
 * Line counts of one (service, operation, level, template) per time bucket, buckets ascending,
 * with the exact time of the first and last line in each bucket.
 */
export interface TemplateCounts {
  service: string;
  /** Operation of the span the lines belong to; null when they join no span of their service. */
  operation: string | null;
  level: string | null;
  template: string;
  /** One raw message that produced the template. */
  example: string;
  /** Bucket numbers (time / bucketMs, floored) and the line count of each. */
  buckets: Uint32Array;
  counts: Uint32Array;
  /** Earliest and latest line time of each bucket, ms since the epoch. */
  firstMs: Float64Array;
  lastMs: Float64Array;
}

/**
 * What one pass over `logs.jsonl` keeps: template counts per time bucket (never the messages), so
 * template queries never rescan the file, plus the data's time extent. Memory grows with distinct
 * (service, operation, level, template) keys times active buckets, not with lines.
 */
export interface LogIndex {
  bucketMs: number;
  templates: TemplateCounts[];
  services: string[];
  lines: number;
  minMs: number;
  maxMs: number;
  /** True when lines are in time order, so a search can stop past the end of its range. */
  sortedByTime: boolean;
  /** True when lines were joined to the bundle's spans, so `operation` is meaningful. */
  joinedSpans: boolean;
  /** Over-long lines skipped and lines dated far outside the case. */
  notes: ReadNotes;
}

/** How {@link buildLogIndex} reads the file. */
export interface LogIndexOptions extends IndexBuildOptions {
  /** Spans to attribute lines to operations (by traceId/spanId); without them every operation is null. */
  spans?: SpanIndex;
}

interface Builder {
  service: string;
  operation: string | null;
  level: string | null;
  template: string;
  example: string;
  buckets: GrowableArray<Uint32Array>;
  counts: GrowableArray<Uint32Array>;
  firstMs: GrowableArray<Float64Array>;
  lastMs: GrowableArray<Float64Array>;
}

/** Builds the log index; `bucketSeconds` sets the time resolution of template counts. */
export async function buildLogIndex(file: string, bucketSeconds: number, options: LogIndexOptions = {}): Promise<LogIndex> {
  const { spans } = options;
  const notes = new ReadNotes();
  const bucketMs = bucketSeconds * 1000;
  const builders = new Map<string, Builder>();
  const services = new Set<string>();
  let lines = 0;
  let minMs = Infinity;
  let maxMs = -Infinity;
  let lastMs = -Infinity;
  let sortedByTime = true;
  await readIndexLines(file, options, notes, (text, lineNumber) => {
    if (text.trim() === '') return;
    const line = parseLogLine(text);
    const bucket = Math.floor(line.tsMs / bucketMs);
    // Bucket numbers are stored as uint32 (until about the year 3300 at 10 s buckets).
    if (!(bucket >= 0 && bucket <= MAX_BUCKET)) return void notes.noteFarTime(lineNumber, line.tsMs);
    const template = templateOf(line.message);
    const span = spans ? spanOfLine(spans, line) : -1;
    const operationId = span < 0 ? -1 : spans!.operation[span];
    const key = `${line.service}\u0000${line.level ?? ''}\u0000${operationId}\u0000${template}`;
    let builder = builders.get(key);
    if (!builder) {
      builder = {
        service: line.service,
        operation: operationId < 0 ? null : spans!.operationNames[operationId],
        level: line.level,
        template,
        example: line.message.slice(0, EXAMPLE_CHARS),
        buckets: uint32Column(4),
        counts: uint32Column(4),
        firstMs: float64Column(4),
        lastMs: float64Column(4),
      };
      builders.set(key, builder);
      services.add(line.service);
    }
    count(builder, bucket, line.tsMs);
    lines++;
    if (line.tsMs < lastMs) sortedByTime = false;
    lastMs = line.tsMs;
    minMs = Math.min(minMs, line.tsMs);
    maxMs = Math.max(maxMs, line.tsMs);
    checkRecordTime(options, notes, lineNumber, line.tsMs);
  });
  const templates = [...builders.values()].map((builder) => ({
    service: builder.service,
    operation: builder.operation,
    level: builder.level,
    template: builder.template,
    example: builder.example,
    buckets: builder.buckets.toArray(),
    counts: builder.counts.toArray(),
    firstMs: builder.firstMs.toArray(),
    lastMs: builder.lastMs.toArray(),
  }));
  return { bucketMs, templates, services: [...services].sort(), lines, minMs, maxMs, sortedByTime, joinedSpans: spans !== undefined, notes };
}

/** The span a line belongs to: same trace and span id and same service; otherwise -1. */
function spanOfLine(spans: SpanIndex, line: { service: string; traceId?: string | null; spanId?: string | null }): number {
  if (!line.traceId || !line.spanId) return -1;
  const span = findSpan(spans, line.traceId, line.spanId);
  return span >= 0 && spans.serviceNames[spans.service[span]] === line.service ? span : -1;
}

/** Adds one line to `bucket`, keeping buckets ascending (appends in the usual time-sorted case). */
function count(builder: Builder, bucket: number, ms: number): void {
  const { buckets, counts, firstMs, lastMs } = builder;
  const last = buckets.length - 1;
  if (last < 0 || buckets.get(last) < bucket) {
    buckets.push(bucket);
    counts.push(1);
    firstMs.push(ms);
    lastMs.push(ms);
    return;
  }
  const at = buckets.get(last) === bucket ? last : lowerBound(buckets.view(), bucket);
  if (buckets.get(at) === bucket) {
    counts.set(at, counts.get(at) + 1);
    firstMs.set(at, Math.min(firstMs.get(at), ms));
    lastMs.set(at, Math.max(lastMs.get(at), ms));
  } else {
    buckets.insert(at, bucket);
    counts.insert(at, 1);
    firstMs.insert(at, ms);
    lastMs.insert(at, ms);
  }
}
