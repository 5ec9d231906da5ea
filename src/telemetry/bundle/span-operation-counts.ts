import type { OperationSpanCount } from '../../core/telemetry/query-results';
import { forEachSpanIn, type SpanIndex } from './span-index';

/**
 * Spans per (service, operation) starting in [startMs, endMs) — end exclusive, so a
 * bucket-aligned window counts each span once — largest first, optionally for one service.
 */
export function countSpansPerOperation(index: SpanIndex, startMs: number, endMs: number, service?: string): OperationSpanCount[] {
  const wanted = service === undefined ? -1 : index.serviceNames.indexOf(service);
  if (service !== undefined && wanted < 0) return [];
  const operations = index.operationNames.length;
  const counts = new Map<number, number>();
  forEachSpanIn(index, startMs, endMs, (span) => {
    if (index.startMs[span] >= endMs || (wanted >= 0 && index.service[span] !== wanted)) return;
    const key = index.service[span] * operations + index.operation[span];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return [...counts.entries()]
    .map(([key, count]) => ({
      service: index.serviceNames[Math.floor(key / operations)],
      operation: index.operationNames[key % operations],
      count,
    }))
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
}
