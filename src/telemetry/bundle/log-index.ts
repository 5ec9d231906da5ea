import { templateOf } from '../../core/analysis/log-template';
import { forEachLine } from './bundle-file-reader';
import { parseLogLine } from './bundle-line-parsers';
import { uint32Column, type GrowableArray } from './growable-array';
import { lowerBound } from './statistics';

const EXAMPLE_CHARS = 500;

/** Line counts of one (service, level, template) per time bucket, buckets ascending. */
export interface TemplateCounts {
  service: string;
  level: string | null;
  template: string;
  /** One raw message that produced the template. */
  example: string;
  /** Bucket numbers (time / bucketMs, floored) and the line count of each. */
  buckets: Uint32Array;
  counts: Uint32Array;
}

/**
 * What one pass over `logs.jsonl` keeps: template counts per time bucket (never the messages), so
 * template queries never rescan the file, plus the data's time extent.
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
}

interface Builder {
  service: string;
  level: string | null;
  template: string;
  example: string;
  buckets: GrowableArray<Uint32Array>;
  counts: GrowableArray<Uint32Array>;
}

/** Builds the log index; `bucketSeconds` sets the time resolution of template counts. */
export async function buildLogIndex(file: string, bucketSeconds: number, signal?: AbortSignal): Promise<LogIndex> {
  const bucketMs = bucketSeconds * 1000;
  const builders = new Map<string, Builder>();
  const services = new Set<string>();
  let lines = 0;
  let minMs = Infinity;
  let maxMs = -Infinity;
  let lastMs = -Infinity;
  let sortedByTime = true;
  await forEachLine(
    file,
    (text) => {
      if (text.trim() === '') return;
      const line = parseLogLine(text);
      const template = templateOf(line.message);
      const key = `${line.service}\u0000${line.level ?? ''}\u0000${template}`;
      let builder = builders.get(key);
      if (!builder) {
        const example = line.message.slice(0, EXAMPLE_CHARS);
        builder = { service: line.service, level: line.level, template, example, buckets: uint32Column(4), counts: uint32Column(4) };
        builders.set(key, builder);
        services.add(line.service);
      }
      count(builder, Math.floor(line.tsMs / bucketMs));
      lines++;
      if (line.tsMs < lastMs) sortedByTime = false;
      lastMs = line.tsMs;
      minMs = Math.min(minMs, line.tsMs);
      maxMs = Math.max(maxMs, line.tsMs);
    },
    signal,
  );
  const templates = [...builders.values()].map((builder) => ({
    service: builder.service,
    level: builder.level,
    template: builder.template,
    example: builder.example,
    buckets: builder.buckets.toArray(),
    counts: builder.counts.toArray(),
  }));
  return { bucketMs, templates, services: [...services].sort(), lines, minMs, maxMs, sortedByTime };
}

/** Adds one line to `bucket`, keeping buckets ascending (appends in the usual time-sorted case). */
function count(builder: Builder, bucket: number): void {
  const { buckets, counts } = builder;
  const last = buckets.length - 1;
  if (last < 0 || buckets.get(last) < bucket) {
    buckets.push(bucket);
    counts.push(1);
  } else if (buckets.get(last) === bucket) {
    counts.set(last, counts.get(last) + 1);
  } else {
    const at = lowerBound(buckets.view(), bucket);
    if (buckets.get(at) === bucket) counts.set(at, counts.get(at) + 1);
    else {
      buckets.insert(at, bucket);
      counts.insert(at, 1);
    }
  }
}

