import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { CallEdgeStats, SpanGroupStats } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { formatRange, noData, outsideData, type QueryAnswer } from './query-answer';
import { forEachSpanIn, type SpanIndex } from './span-index';
import { quantileSorted, sortedCopy } from './statistics';

/** Milliseconds rounded to the microsecond, the precision of the source data. */
const ms = (value: number): number => Math.round(value * 1000) / 1000;

/** `span_stats`: latency percentiles, errors and self time per service (or service+operation). */
export function runSpanStats(index: SpanIndex, params: QueryParams<'span_stats'>): QueryAnswer {
  const unknown = unknownService(index, params.service);
  if (unknown) return unknown;
  const outside = outsideData('span', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const wanted = params.service === undefined ? -1 : index.serviceNames.indexOf(params.service);
  const operations = index.operationNames.length;
  const groups = new Map<number, { durations: number[]; self: number; errors: number; span: number }>();
  const { startMs, endMs } = rangeMs(params.range);
  forEachSpanIn(index, startMs, endMs, (span) => {
    const service = index.service[span];
    if (wanted >= 0 && service !== wanted) return;
    const key = params.groupBy === 'service' ? service : service * operations + index.operation[span];
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { durations: [], self: 0, errors: 0, span }));
    group.durations.push(index.durationMs[span]);
    group.self += index.selfMs[span];
    group.errors += index.error[span];
  });
  const stats: SpanGroupStats[] = [...groups.values()].map((group) => {
    const sorted = sortedCopy(group.durations);
    const count = sorted.length;
    return {
      service: index.serviceNames[index.service[group.span]],
      ...(params.groupBy === 'operation' ? { operation: index.operationNames[index.operation[group.span]] } : {}),
      count,
      errorCount: group.errors,
      p50Ms: ms(quantileSorted(sorted, 0.5)),
      p90Ms: ms(quantileSorted(sorted, 0.9)),
      p99Ms: ms(quantileSorted(sorted, 0.99)),
      meanMs: ms(sorted.reduce((sum, value) => sum + value, 0) / count),
      meanSelfMs: ms(group.self / count),
      totalSelfMs: ms(group.self),
    };
  });
  stats.sort((a, b) => b.totalSelfMs - a.totalSelfMs || a.service.localeCompare(b.service));
  const spans = stats.reduce((sum, group) => sum + group.count, 0);
  const top = stats[0];
  const digest = {
    groups: stats.length,
    spans,
    errors: stats.reduce((sum, group) => sum + group.errorCount, 0),
    maxP90Ms: stats.reduce((max, group) => Math.max(max, group.p90Ms), 0),
    maxTotalSelfMs: top?.totalSelfMs ?? 0,
  };
  const summary =
    `${spans} spans in ${stats.length} ${params.groupBy} groups in ${formatRange(params.range)}` +
    (top ? `; most self time: ${label(top)} ${top.totalSelfMs} ms total (p90 ${top.p90Ms} ms, mean self ${top.meanSelfMs} ms)` : '');
  return { status: 'ok', summary, digest, data: { kind: 'span_stats', groups: stats } };
}

/** `call_stats`: per caller→callee edge (parent and child span in different services). */
export function runCallStats(index: SpanIndex, params: QueryParams<'call_stats'>): QueryAnswer {
  const unknown = unknownService(index, params.caller) ?? unknownService(index, params.callee);
  if (unknown) return unknown;
  const outside = outsideData('span', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const caller = params.caller === undefined ? -1 : index.serviceNames.indexOf(params.caller);
  const callee = params.callee === undefined ? -1 : index.serviceNames.indexOf(params.callee);
  const edges = new Map<number, { from: number; to: number; client: number; server: number; gaps: number[]; buckets: Map<number, { gaps: number[]; server: number }> }>();
  const { startMs, endMs } = rangeMs(params.range);
  const stepMs = params.stepSeconds === undefined ? undefined : params.stepSeconds * 1000;
  forEachSpanIn(index, startMs, endMs, (child) => {
    const parent = index.parent[child];
    if (parent < 0) return;
    const [from, to] = [index.service[parent], index.service[child]];
    if (from === to || (caller >= 0 && from !== caller) || (callee >= 0 && to !== callee)) return;
    const key = from * index.serviceNames.length + to;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { from, to, client: 0, server: 0, gaps: [], buckets: new Map() }));
    const gap = index.durationMs[parent] - index.durationMs[child];
    edge.client += index.durationMs[parent];
    edge.server += index.durationMs[child];
    edge.gaps.push(gap);
    if (stepMs !== undefined) {
      const at = startMs + Math.floor((index.startMs[child] - startMs) / stepMs) * stepMs;
      let bucket = edge.buckets.get(at);
      if (!bucket) edge.buckets.set(at, (bucket = { gaps: [], server: 0 }));
      bucket.gaps.push(gap);
      bucket.server += index.durationMs[child];
    }
  });
  const stats: CallEdgeStats[] = [...edges.values()].map((edge) => {
    const count = edge.gaps.length;
    const gaps = sortedCopy(edge.gaps);
    return {
      caller: index.serviceNames[edge.from],
      callee: index.serviceNames[edge.to],
      count,
      meanClientMs: ms(edge.client / count),
      meanServerMs: ms(edge.server / count),
      meanGapMs: ms((edge.client - edge.server) / count),
      p50GapMs: ms(quantileSorted(gaps, 0.5)),
      p90GapMs: ms(quantileSorted(gaps, 0.9)),
      ...(stepMs === undefined
        ? {}
        : {
            buckets: [...edge.buckets.entries()]
              .sort((a, b) => a[0] - b[0])
              .map(([at, bucket]) => ({ start: new Date(at).toISOString(), count: bucket.gaps.length, p50GapMs: ms(quantileSorted(sortedCopy(bucket.gaps), 0.5)), meanServerMs: ms(bucket.server / bucket.gaps.length) })),
          }),
    };
  });
  stats.sort((a, b) => b.count - a.count || a.caller.localeCompare(b.caller) || a.callee.localeCompare(b.callee));
  const calls = stats.reduce((sum, edge) => sum + edge.count, 0);
  const widest = stats.reduce<CallEdgeStats | undefined>((best, edge) => (!best || edge.meanGapMs > best.meanGapMs ? edge : best), undefined);
  const digest = { edges: stats.length, calls, maxMeanGapMs: widest?.meanGapMs ?? 0 };
  const summary =
    `${calls} calls over ${stats.length} service edges in ${formatRange(params.range)}` +
    (widest ? `; widest client−server gap: ${widest.caller} → ${widest.callee} mean ${widest.meanGapMs} ms` : '');
  return { status: 'ok', summary, digest, data: { kind: 'call_stats', edges: stats } };
}

function unknownService(index: SpanIndex, service: string | undefined): QueryAnswer | undefined {
  if (service === undefined || index.serviceNames.includes(service)) return undefined;
  return noData(`service "${service}" recorded no spans in this bundle; services with spans: ${[...index.serviceNames].sort().join(', ')}`);
}

function label(group: SpanGroupStats): string {
  return group.operation === undefined ? group.service : `${group.service} ${group.operation}`;
}
