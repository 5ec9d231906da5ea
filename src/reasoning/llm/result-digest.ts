import { median } from '../../core/analysis/robust-statistics';
import type { QueryResultData } from '../../core/telemetry/query-results';
import { clip } from './untrusted-data';

const ROWS = 10;
const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * A query result reduced to what a question can use: per series its range and median, the
 * largest log templates, the slowest operations, the first events. Never the raw payload.
 */
export function digestResult(data: QueryResultData | undefined): unknown {
  if (!data) return null;
  switch (data.kind) {
    case 'metric_range':
      return data.series.slice(0, ROWS).map((s) => ({
        service: s.service,
        ...(s.instance ? { instance: s.instance } : {}),
        metric: s.metric,
        points: s.values.length,
        min: s.values.length ? round(Math.min(...s.values)) : null,
        median: s.values.length ? round(median(s.values)) : null,
        max: s.values.length ? round(Math.max(...s.values)) : null,
        first: s.values.length ? round(s.values[0]) : null,
        last: s.values.length ? round(s.values[s.values.length - 1]) : null,
      }));
    case 'log_template_counts':
      return [...data.templates].sort((a, b) => b.count - a.count).slice(0, ROWS).map((t) => ({ service: t.service, level: t.level, count: t.count, template: clip(t.template, 160) }));
    case 'log_search':
      return { total: data.totalMatches, lines: data.lines.slice(0, ROWS).map((l) => ({ ts: l.ts, service: l.service, level: l.level, message: clip(l.message, 200) })) };
    case 'event_search':
      return data.events.slice(0, ROWS).map((e) => ({ ts: e.ts, service: e.service, reason: e.reason ?? null, message: clip(e.message, 200) }));
    case 'span_stats':
      return [...data.groups].sort((a, b) => b.p90Ms - a.p90Ms).slice(0, ROWS).map((g) => ({ service: g.service, operation: g.operation ?? null, count: g.count, errors: g.errorCount, p50Ms: round(g.p50Ms), p90Ms: round(g.p90Ms), meanSelfMs: round(g.meanSelfMs) }));
    default:
      return { kind: data.kind };
  }
}
