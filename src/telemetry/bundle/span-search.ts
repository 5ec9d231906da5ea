import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { SpanRecord } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { forEachLine, type SearchOptions } from './bundle-file-reader';
import { parseSpanLine } from './bundle-line-parsers';
import { formatRange, noData, outsideData, type QueryAnswer } from './query-answer';
import type { SpanIndex } from './span-index';

/**
 * `span_search`: streams `spans.jsonl` again and returns the first `limit` spans (file order) that
 * start in the range and match service (exact), operation (case-insensitive substring), trace id
 * and minimum duration, counting every match.
 */
export async function runSpanSearch(
  file: string,
  index: SpanIndex,
  params: QueryParams<'span_search'>,
  options: SearchOptions = {},
): Promise<QueryAnswer> {
  if (params.service !== undefined && !index.serviceNames.includes(params.service)) {
    return noData(`service "${params.service}" recorded no spans in this bundle`);
  }
  const outside = outsideData('span', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const { startMs, endMs } = rangeMs(params.range);
  const operation = params.operation?.toLowerCase();
  const spans: SpanRecord[] = [];
  let totalMatches = 0;
  let slowest = 0;
  await forEachLine(
    file,
    (raw) => {
      if (raw.trim() === '') return;
      if (params.traceId !== undefined && !raw.includes(params.traceId)) return;
      const { startMs: spanStart, ...span } = parseSpanLine(raw);
      if (spanStart > endMs && index.sortedByStart) return false;
      if (spanStart < startMs || spanStart > endMs) return;
      if (params.service !== undefined && span.service !== params.service) return;
      if (params.traceId !== undefined && span.traceId !== params.traceId) return;
      if (operation !== undefined && !span.operation.toLowerCase().includes(operation)) return;
      if (params.minDurationMs !== undefined && span.durationMs < params.minDurationMs) return;
      totalMatches++;
      slowest = Math.max(slowest, span.durationMs);
      if (spans.length < params.limit) spans.push(span);
    },
    options,
  );
  const summary =
    `${totalMatches} matching spans starting in ${formatRange(params.range)}` +
    (totalMatches > spans.length ? ` (first ${spans.length} returned)` : '') +
    (totalMatches > 0 ? `; slowest ${slowest} ms` : '');
  const digest = { matchedSpans: totalMatches, returnedSpans: spans.length, maxDurationMs: slowest };
  return { status: 'ok', summary, digest, data: { kind: 'span_search', spans, totalMatches } };
}
