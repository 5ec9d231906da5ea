import { templateOf } from '../../core/analysis/log-template';
import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { LogTemplateCount, LogTemplateCountsResult } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { countSpansPerOperation } from '../bundle/span-operation-counts';
import { findSpan, type SpanIndex } from '../bundle/span-index';
import type { LineFields } from './log-fields';

/** A fetched entry with its fields read. */
export interface ReadLine extends LineFields {
  tsMs: number;
  service: string;
  instance?: string;
}

/**
 * `log_template_counts` over lines read from a log backend: the same templates as the bundle's
 * (`templateOf`), counted exactly per service, level and — with `groupBy: 'operation'` — the
 * operation of the span each line was written in (joined on its trace and span ids when `spans`
 * is given, else the operation field the line carries, else null). `linesPerService` counts every
 * level; `spansPerOperation` comes from `spans` when given.
 */
export function countTemplates(lines: ReadLine[], params: QueryParams<'log_template_counts'>, spans: SpanIndex | undefined): { data: LogTemplateCountsResult; joined: number } {
  const level = params.level?.toUpperCase();
  const byOperation = params.groupBy === 'operation';
  const linesPerService: Record<string, number> = {};
  const entries = new Map<string, { item: LogTemplateCount; firstMs: number; lastMs: number }>();
  let joined = 0;
  for (const line of lines) {
    linesPerService[line.service] = (linesPerService[line.service] ?? 0) + 1;
    if (level !== undefined && line.level !== level) continue;
    let operation: string | null = null;
    if (byOperation) {
      const span = spans && line.traceId && line.spanId ? findSpan(spans, line.traceId, line.spanId) : -1;
      if (span >= 0) joined += 1;
      operation = span >= 0 ? spans!.operationNames[spans!.operation[span]] : line.operation;
    }
    const template = templateOf(line.message);
    const key = `${line.service}\u0000${line.level ?? ''}\u0000${byOperation ? JSON.stringify(operation) : ''}\u0000${template}`;
    const entry = entries.get(key);
    if (entry) {
      entry.item.count += 1;
      entry.firstMs = Math.min(entry.firstMs, line.tsMs);
      entry.lastMs = Math.max(entry.lastMs, line.tsMs);
    } else {
      const item: LogTemplateCount = { service: line.service, ...(byOperation ? { operation } : {}), template, level: line.level, count: 1, example: line.message };
      entries.set(key, { item, firstMs: line.tsMs, lastMs: line.tsMs });
    }
  }
  const matched = [...entries.values()].map(({ item, firstMs, lastMs }) => ({ ...item, firstSeen: new Date(firstMs).toISOString(), lastSeen: new Date(lastMs).toISOString() }));
  const { startMs, endMs } = rangeMs(params.range);
  const spansPerOperation = spans ? countSpansPerOperation(spans, startMs, endMs + 1, params.service) : undefined;
  return { data: { kind: 'log_template_counts', templates: largestPerService(matched, params.limit), linesPerService, ...(spansPerOperation ? { spansPerOperation } : {}) }, joined };
}

function largestPerService(items: LogTemplateCount[], limit: number): LogTemplateCount[] {
  const order = (a: LogTemplateCount, b: LogTemplateCount) => b.count - a.count || a.service.localeCompare(b.service) || (a.operation ?? '\uffff').localeCompare(b.operation ?? '\uffff') || a.template.localeCompare(b.template);
  const perService = new Map<string, LogTemplateCount[]>();
  for (const item of items) {
    const list = perService.get(item.service);
    if (list) list.push(item);
    else perService.set(item.service, [item]);
  }
  return [...perService.values()].flatMap((list) => list.sort(order).slice(0, limit)).sort(order);
}
