import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { LogTemplateCount } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import type { LogIndex, TemplateCounts } from './log-index';
import { formatRange, noData, outsideData, type QueryAnswer } from './query-answer';
import { lowerBound, upperBound } from './statistics';

/**
 * `log_template_counts` from the log index, without rescanning the file. Counts have the index's
 * bucket resolution: a bucket counts when it overlaps the range (a range ending exactly on a
 * bucket boundary does not take the bucket that starts there). `linesPerService` counts lines of
 * every level, so a level's share of a service's output can be computed.
 */
export function runLogTemplateCounts(index: LogIndex, params: QueryParams<'log_template_counts'>): QueryAnswer {
  if (params.service !== undefined && !index.services.includes(params.service)) {
    return noData(`service "${params.service}" wrote no logs in this bundle; services with logs: ${index.services.join(', ')}`);
  }
  const outside = outsideData('log', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const { startMs, endMs } = rangeMs(params.range);
  const first = Math.floor(startMs / index.bucketMs);
  const last = Math.max(first, Math.ceil(endMs / index.bucketMs) - 1);
  const level = params.level?.toLowerCase();

  const linesPerService: Record<string, number> = {};
  const perService = new Map<string, LogTemplateCount[]>();
  for (const counts of index.templates) {
    if (params.service !== undefined && counts.service !== params.service) continue;
    const count = countIn(counts, first, last);
    if (count === 0) continue;
    linesPerService[counts.service] = (linesPerService[counts.service] ?? 0) + count;
    if (level !== undefined && counts.level?.toLowerCase() !== level) continue;
    const { service, template, example } = counts;
    perService.set(service, [...(perService.get(service) ?? []), { service, template, level: counts.level, count, example }]);
  }
  const matched = [...perService.values()].flat();
  const templates = [...perService.values()]
    .flatMap((list) => list.sort(byCountThenName).slice(0, params.limit))
    .sort(byCountThenName);
  const lines = matched.reduce((sum, item) => sum + item.count, 0);
  const digest = {
    lines,
    templates: templates.length,
    distinctTemplates: matched.length,
    services: perService.size,
    bucketSeconds: index.bucketMs / 1000,
  };
  const top = templates[0];
  const summary =
    `${lines} ${params.level ?? ''}${params.level ? ' ' : ''}log lines in ${matched.length} templates across ` +
    `${perService.size} services in ${formatRange(params.range)} (${digest.bucketSeconds} s resolution)` +
    (top ? `; top: ${top.service} "${top.template.slice(0, 120)}" ×${top.count}` : '');
  return { status: 'ok', summary, digest, data: { kind: 'log_template_counts', templates, linesPerService } };
}

function countIn(counts: TemplateCounts, firstBucket: number, lastBucket: number): number {
  const from = lowerBound(counts.buckets, firstBucket);
  const to = upperBound(counts.buckets, lastBucket);
  let total = 0;
  for (let i = from; i < to; i++) total += counts.counts[i];
  return total;
}

function byCountThenName(a: LogTemplateCount, b: LogTemplateCount): number {
  return b.count - a.count || a.service.localeCompare(b.service) || a.template.localeCompare(b.template);
}
