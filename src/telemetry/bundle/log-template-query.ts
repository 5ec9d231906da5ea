import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { LogTemplateCount, OperationSpanCount } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import type { LogIndex, TemplateCounts } from './log-index';
import { formatRange, noData, outsideData, type QueryAnswer } from './query-answer';
import type { SpanIndex } from './span-index';
import { countSpansPerOperation } from './span-operation-counts';
import { lowerBound, upperBound } from './statistics';

/** A result entry while it is being summed over index keys, with its first/last line time. */
interface Entry {
  item: LogTemplateCount;
  firstMs: number;
  lastMs: number;
}

/**
 * `log_template_counts` from the log index, without rescanning the file. Counts have the index's
 * bucket resolution: a bucket counts when it overlaps the range (a range ending exactly on a
 * bucket boundary does not take the bucket that starts there); `firstSeen`/`lastSeen` are the
 * exact times of the first and last counted line. `linesPerService` counts lines of every level,
 * so a level's share of a service's output can be computed. With `groupBy: 'operation'` entries
 * are split by the operation of each line's span (null when a line joins no span of its service).
 * When `spans` is given, `spansPerOperation` counts the spans starting in the same bucket-aligned
 * window, so log counts can be scaled by each operation's traffic.
 */
export function runLogTemplateCounts(index: LogIndex, params: QueryParams<'log_template_counts'>, spans?: SpanIndex): QueryAnswer {
  if (params.service !== undefined && !index.services.includes(params.service)) {
    return noData(`service "${params.service}" wrote no logs in this bundle; services with logs: ${index.services.join(', ')}`);
  }
  const outside = outsideData('log', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const { startMs, endMs } = rangeMs(params.range);
  const first = Math.floor(startMs / index.bucketMs);
  const last = Math.max(first, Math.ceil(endMs / index.bucketMs) - 1);
  const level = params.level?.toLowerCase();
  const byOperation = params.groupBy === 'operation';

  const linesPerService: Record<string, number> = {};
  const entries = new Map<string, Entry>();
  for (const counts of index.templates) {
    if (params.service !== undefined && counts.service !== params.service) continue;
    const seen = countIn(counts, first, last);
    if (seen.count === 0) continue;
    linesPerService[counts.service] = (linesPerService[counts.service] ?? 0) + seen.count;
    if (level !== undefined && counts.level?.toLowerCase() !== level) continue;
    const operation = byOperation ? JSON.stringify(counts.operation) : '';
    const key = `${counts.service}\u0000${counts.level ?? ''}\u0000${operation}\u0000${counts.template}`;
    const entry = entries.get(key);
    if (entry) {
      entry.item.count += seen.count;
      entry.firstMs = Math.min(entry.firstMs, seen.firstMs);
      entry.lastMs = Math.max(entry.lastMs, seen.lastMs);
      continue;
    }
    const { service, template, example } = counts;
    const item = { service, ...(byOperation ? { operation: counts.operation } : {}), template, level: counts.level, count: seen.count, example };
    entries.set(key, { item, firstMs: seen.firstMs, lastMs: seen.lastMs });
  }
  const matched = [...entries.values()].map(({ item, firstMs, lastMs }) => ({ ...item, firstSeen: iso(firstMs), lastSeen: iso(lastMs) }));
  const templates = limitPerService(matched, params.limit);
  const spansPerOperation = spans ? countSpansPerOperation(spans, first * index.bucketMs, (last + 1) * index.bucketMs, params.service) : undefined;

  const lines = matched.reduce((sum, item) => sum + item.count, 0);
  const services = new Set(matched.map((item) => item.service)).size;
  const operations = new Set(matched.filter((item) => item.operation != null).map((item) => `${item.service}\u0000${item.operation}`)).size;
  const unattributedLines = matched.reduce((sum, item) => sum + (item.operation === null ? item.count : 0), 0);
  const digest = {
    lines,
    templates: templates.length,
    distinctTemplates: matched.length,
    services,
    bucketSeconds: index.bucketMs / 1000,
    ...(byOperation ? { operations, unattributedLines } : {}),
    ...(spansPerOperation ? { spans: spansPerOperation.reduce((sum, item) => sum + item.count, 0), spanOperations: spansPerOperation.length } : {}),
  };
  const top = templates[0];
  const spread = byOperation
    ? `${services} services and ${operations} operations (${unattributedLines} lines without a span${index.joinedSpans ? '' : ': the bundle has no readable spans to join'})`
    : `${services} services`;
  const summary =
    `${lines} ${params.level ?? ''}${params.level ? ' ' : ''}log lines in ${matched.length} templates across ${spread} ` +
    `in ${formatRange(params.range)} (${digest.bucketSeconds} s resolution)` +
    (top ? `; top: ${label(top)} "${top.template.slice(0, 120)}" ×${top.count}` : '');
  const data = { kind: 'log_template_counts' as const, templates, linesPerService, ...(spansPerOperation ? { spansPerOperation } : {}) };
  return { status: 'ok', summary, digest, data };
}

/** Count and first/last line time of the buckets in [firstBucket, lastBucket]. */
function countIn(counts: TemplateCounts, firstBucket: number, lastBucket: number): { count: number; firstMs: number; lastMs: number } {
  const from = lowerBound(counts.buckets, firstBucket);
  const to = upperBound(counts.buckets, lastBucket);
  let count = 0;
  for (let i = from; i < to; i++) count += counts.counts[i];
  return { count, firstMs: counts.firstMs[from], lastMs: counts.lastMs[to - 1] };
}

/** The `limit` largest entries of each service, all of them largest first. */
function limitPerService(items: LogTemplateCount[], limit: number): LogTemplateCount[] {
  const perService = new Map<string, LogTemplateCount[]>();
  for (const item of items) {
    const list = perService.get(item.service);
    if (list) list.push(item);
    else perService.set(item.service, [item]);
  }
  return [...perService.values()].flatMap((list) => list.sort(byCountThenName).slice(0, limit)).sort(byCountThenName);
}

function byCountThenName(a: LogTemplateCount, b: LogTemplateCount): number {
  return (
    b.count - a.count ||
    a.service.localeCompare(b.service) ||
    (a.operation ?? '\uffff').localeCompare(b.operation ?? '\uffff') ||
    a.template.localeCompare(b.template) ||
    (a.level ?? '').localeCompare(b.level ?? '')
  );
}

function label(item: LogTemplateCount): string {
  if (item.operation === undefined) return item.service;
  return `${item.service} ${item.operation ?? '(no span)'}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
