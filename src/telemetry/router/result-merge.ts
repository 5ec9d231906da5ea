import type {
  CallEdgeStats,
  LogTemplateCount,
  OperationCall,
  OperationShape,
  OperationSpanCount,
  QueryResultData,
  SpanGroupStats,
  TopologyResult,
} from '../../core/telemetry/query-results';

type Of<K extends QueryResultData['kind']> = Extract<QueryResultData, { kind: K }>;

/**
 * One result from the results several sources (or several backend names of one service) gave to
 * the same query. Lists are concatenated; entries about the same thing (a service's template, a
 * span group, a call edge) are combined: counts add up, means and percentiles are weighted by
 * count (an approximation for percentiles, exact for means).
 */
export function mergeResults(results: QueryResultData[]): QueryResultData | undefined {
  const [first] = results;
  if (!first) return undefined;
  const all = <K extends QueryResultData['kind']>(kind: K): Of<K>[] => results.filter((r): r is Of<K> => r.kind === kind);
  switch (first.kind) {
    case 'metric_range':
      return { kind: 'metric_range', series: all('metric_range').flatMap((r) => r.series) };
    case 'metric_catalog': {
      const metrics: Record<string, string[]> = {};
      for (const r of all('metric_catalog')) for (const [service, names] of Object.entries(r.metrics)) metrics[service] = [...new Set([...(metrics[service] ?? []), ...names])].sort();
      return { kind: 'metric_catalog', metrics };
    }
    case 'log_search': {
      const parts = all('log_search');
      const lines = parts.flatMap((r) => r.lines).sort((a, b) => a.ts.localeCompare(b.ts));
      return { kind: 'log_search', lines, totalMatches: parts.reduce((sum, r) => sum + r.totalMatches, 0) };
    }
    case 'log_template_counts':
      return mergeTemplateCounts(all('log_template_counts'));
    case 'span_search': {
      const parts = all('span_search');
      const spans = parts.flatMap((r) => r.spans).sort((a, b) => a.start.localeCompare(b.start));
      return { kind: 'span_search', spans, totalMatches: parts.reduce((sum, r) => sum + r.totalMatches, 0) };
    }
    case 'span_stats':
      return { kind: 'span_stats', groups: combine(all('span_stats').flatMap((r) => r.groups), (g) => `${g.service}\u0000${g.operation ?? ''}`, combineGroups) };
    case 'call_stats':
      return { kind: 'call_stats', edges: combine(all('call_stats').flatMap((r) => r.edges), (e) => `${e.caller}\u0000${e.callee}`, combineEdges) };
    case 'operation_shape':
      return { kind: 'operation_shape', operations: combine(all('operation_shape').flatMap((r) => r.operations), (o) => `${o.service}\u0000${o.operation}`, combineShapes) };
    case 'event_search': {
      const parts = all('event_search');
      const events = parts.flatMap((r) => r.events).sort((a, b) => a.ts.localeCompare(b.ts));
      return { kind: 'event_search', events, totalMatches: parts.reduce((sum, r) => sum + r.totalMatches, 0) };
    }
    case 'topology':
      return mergeTopology(all('topology'));
  }
}

function mergeTemplateCounts(parts: Of<'log_template_counts'>[]): Of<'log_template_counts'> {
  const templates = combine(parts.flatMap((r) => r.templates), (t) => `${t.service}\u0000${t.operation === undefined ? '' : JSON.stringify(t.operation)}\u0000${t.level ?? ''}\u0000${t.template}`, combineTemplates);
  templates.sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.template.localeCompare(b.template));
  const linesPerService: Record<string, number> = {};
  for (const r of parts) for (const [service, n] of Object.entries(r.linesPerService)) linesPerService[service] = (linesPerService[service] ?? 0) + n;
  const withSpans = parts.filter((r) => r.spansPerOperation !== undefined);
  const spansPerOperation = withSpans.length === 0 ? undefined : combine(withSpans.flatMap((r) => r.spansPerOperation ?? []), (s) => `${s.service}\u0000${s.operation}`, (a: OperationSpanCount, b) => ({ ...a, count: a.count + b.count })).sort((a, b) => b.count - a.count);
  return { kind: 'log_template_counts', templates, linesPerService, ...(spansPerOperation ? { spansPerOperation } : {}) };
}

function combineTemplates(a: LogTemplateCount, b: LogTemplateCount): LogTemplateCount {
  const firstSeen = [a.firstSeen, b.firstSeen].filter((t): t is string => t !== undefined).sort()[0];
  const lastSeen = [a.lastSeen, b.lastSeen].filter((t): t is string => t !== undefined).sort().pop();
  return { ...a, count: a.count + b.count, ...(firstSeen ? { firstSeen } : {}), ...(lastSeen ? { lastSeen } : {}) };
}

function weighted(a: number, na: number, b: number, nb: number): number {
  return na + nb === 0 ? 0 : (a * na + b * nb) / (na + nb);
}

function combineGroups(a: SpanGroupStats, b: SpanGroupStats): SpanGroupStats {
  const [na, nb] = [a.count, b.count];
  return {
    ...a,
    count: na + nb,
    errorCount: a.errorCount + b.errorCount,
    p50Ms: weighted(a.p50Ms, na, b.p50Ms, nb),
    p90Ms: weighted(a.p90Ms, na, b.p90Ms, nb),
    p99Ms: Math.max(a.p99Ms, b.p99Ms),
    meanMs: weighted(a.meanMs, na, b.meanMs, nb),
    meanSelfMs: weighted(a.meanSelfMs, na, b.meanSelfMs, nb),
    totalSelfMs: a.totalSelfMs + b.totalSelfMs,
  };
}

function combineEdges(a: CallEdgeStats, b: CallEdgeStats): CallEdgeStats {
  const [na, nb] = [a.count, b.count];
  type Bucket = NonNullable<CallEdgeStats['buckets']>[number];
  const buckets = a.buckets || b.buckets
    ? combine([...(a.buckets ?? []), ...(b.buckets ?? [])], (x) => x.start, (x: Bucket, y: Bucket) => ({
        start: x.start,
        count: x.count + y.count,
        p50GapMs: weighted(x.p50GapMs, x.count, y.p50GapMs, y.count),
        meanServerMs: weighted(x.meanServerMs, x.count, y.meanServerMs, y.count),
      })).sort((x, y) => x.start.localeCompare(y.start))
    : undefined;
  return {
    ...a,
    count: na + nb,
    meanClientMs: weighted(a.meanClientMs, na, b.meanClientMs, nb),
    meanServerMs: weighted(a.meanServerMs, na, b.meanServerMs, nb),
    meanGapMs: weighted(a.meanGapMs, na, b.meanGapMs, nb),
    p50GapMs: weighted(a.p50GapMs, na, b.p50GapMs, nb),
    p90GapMs: weighted(a.p90GapMs, na, b.p90GapMs, nb),
    ...(buckets ? { buckets } : {}),
  };
}

function combineShapes(a: OperationShape, b: OperationShape): OperationShape {
  const calls = combine([...a.calls, ...b.calls], (c) => `${c.service}\u0000${c.operation}`, (x: OperationCall, y: OperationCall) => ({
    service: x.service,
    operation: x.operation,
    count: x.count + y.count,
    errorCount: x.errorCount + y.errorCount,
    p50Ms: weighted(x.p50Ms, x.count, y.p50Ms, y.count),
    meanOffsetMs: weighted(x.meanOffsetMs, x.count, y.meanOffsetMs, y.count),
    // Counted only where both sources count it: one side's count alone would understate it.
    ...(x.callers !== undefined && y.callers !== undefined ? { callers: x.callers + y.callers } : {}),
  })).sort((x, y) => x.meanOffsetMs - y.meanOffsetMs);
  const p25Ms = a.p25Ms !== undefined && b.p25Ms !== undefined ? { p25Ms: weighted(a.p25Ms, a.count, b.p25Ms, b.count) } : {};
  return { service: a.service, operation: a.operation, count: a.count + b.count, errorCount: a.errorCount + b.errorCount, p50Ms: weighted(a.p50Ms, a.count, b.p50Ms, b.count), ...p25Ms, calls };
}

function mergeTopology(parts: TopologyResult[]): TopologyResult {
  const calls = new Map<string, { from: string; to: string }>();
  for (const r of parts) for (const call of r.calls) calls.set(`${call.from}\u0000${call.to}`, call);
  const placement = Object.assign({}, ...parts.map((r) => r.placement ?? {})) as Record<string, string>;
  const origin = parts.some((r) => r.origin === 'given') ? 'given' : parts.some((r) => r.origin === 'derived') ? 'derived' : 'none';
  return {
    kind: 'topology',
    services: [...new Set(parts.flatMap((r) => r.services))].sort(),
    calls: [...calls.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    origin,
    ...(Object.keys(placement).length > 0 ? { placement } : {}),
  };
}

/** Items grouped by key, each group folded with `join`, in first-seen order. */
function combine<T>(items: T[], key: (item: T) => string, join: (a: T, b: T) => T): T[] {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const existing = out.get(k);
    out.set(k, existing === undefined ? item : join(existing, item));
  }
  return [...out.values()];
}
