import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { LogLine } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { forEachLine, type SearchOptions } from './bundle-file-reader';
import { parseLogLine } from './bundle-line-parsers';
import type { LogIndex } from './log-index';
import { formatRange, noData, outsideData, type QueryAnswer } from './query-answer';
import { compileSearchPattern } from './search-pattern';

/**
 * `log_search`: streams `logs.jsonl` again (messages are never kept in memory), returns the first
 * `limit` matching lines and counts every match. Stops early past the range when the file is in
 * time order.
 */
export async function runLogSearch(
  file: string,
  index: LogIndex,
  params: QueryParams<'log_search'>,
  options: SearchOptions = {},
): Promise<QueryAnswer> {
  if (params.service !== undefined && !index.services.includes(params.service)) {
    return noData(`service "${params.service}" wrote no logs in this bundle; services with logs: ${index.services.join(', ')}`);
  }
  const outside = outsideData('log', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const pattern = params.regex === undefined ? undefined : compileSearchPattern(params.regex);
  if (typeof pattern === 'string') return { status: 'error', summary: pattern, digest: {} };
  const { startMs, endMs } = rangeMs(params.range);
  const text = params.text?.toLowerCase();
  const level = params.level?.toLowerCase();
  // A cheap pre-filter before JSON.parse; only for names JSON never escapes.
  const needle = params.service !== undefined && /^[\w.:@-]+$/.test(params.service) ? params.service : undefined;
  const lines: LogLine[] = [];
  const perService = new Map<string, number>();
  let totalMatches = 0;
  await forEachLine(
    file,
    (raw) => {
      if (raw.trim() === '') return;
      if (needle !== undefined && !raw.includes(needle)) return;
      const { tsMs, ...line } = parseLogLine(raw);
      if (tsMs > endMs && index.sortedByTime) return false;
      if (tsMs < startMs || tsMs > endMs) return;
      if (params.service !== undefined && line.service !== params.service) return;
      if (level !== undefined && line.level?.toLowerCase() !== level) return;
      if (text !== undefined && !line.message.toLowerCase().includes(text)) return;
      if (pattern !== undefined && !pattern.test(line.message)) return;
      totalMatches++;
      perService.set(line.service, (perService.get(line.service) ?? 0) + 1);
      if (lines.length < params.limit) lines.push(line);
    },
    options,
  );
  const busiest = [...perService.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const summary =
    `${totalMatches} matching log lines in ${formatRange(params.range)}` +
    (totalMatches > lines.length ? ` (first ${lines.length} returned)` : '') +
    (busiest.length > 0 ? `; most from ${busiest.map(([service, n]) => `${service} (${n})`).join(', ')}` : '');
  const digest = { matchedLines: totalMatches, returnedLines: lines.length, services: perService.size };
  return { status: 'ok', summary, digest, data: { kind: 'log_search', lines, totalMatches } };
}
