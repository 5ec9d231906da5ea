import type { QueryParams } from '../../core/telemetry/query-schemas';
import type { OperationShape } from '../../core/telemetry/query-results';
import { rangeMs } from '../../core/telemetry/time-range-schema';
import { formatRange, outsideData, type QueryAnswer } from './query-answer';
import { forEachSpanIn, type SpanIndex } from './span-index';
import { quantileSorted, sortedCopy } from './statistics';

const ms = (value: number): number => Math.round(value * 1000) / 1000;

interface Group {
  durations: number[];
  errors: number;
  calls: Map<number, { durations: number[]; errors: number; offsets: number; parents: number[] }>;
}

/**
 * `operation_shape`: per (service, operation) whose spans start in the range, the span count,
 * failed spans and median duration, and the direct calls those spans made (child spans grouped by
 * service and operation): how many, how many failed, their median duration, mean start offset and
 * how many of the operation's executions made them.
 * Generic client span names are told apart by where the call leads (see {@link callNames}).
 */
export function runOperationShape(index: SpanIndex, params: QueryParams<'operation_shape'>): QueryAnswer {
  if (params.service !== undefined && !index.serviceNames.includes(params.service)) {
    return { status: 'no_data', summary: `service "${params.service}" recorded no spans in this bundle`, digest: {} };
  }
  const outside = outsideData('span', params.range, index.minMs, index.maxMs);
  if (outside) return outside;
  const wanted = params.service === undefined ? -1 : index.serviceNames.indexOf(params.service);
  const { names: operationNames, operation } = callNames(index);
  const operations = operationNames.length;
  const keyOf = (span: number): number => index.service[span] * operations + operation[span];
  const { startMs, endMs } = rangeMs(params.range);
  const groups = new Map<number, Group>();
  const groupOf = (key: number): Group => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { durations: [], errors: 0, calls: new Map() }));
    return group;
  };
  forEachSpanIn(index, startMs, endMs, (span) => {
    if (wanted < 0 || index.service[span] === wanted) {
      const group = groupOf(keyOf(span));
      group.durations.push(index.durationMs[span]);
      group.errors += index.error[span];
    }
    const parent = index.parent[span];
    if (parent < 0 || (wanted >= 0 && index.service[parent] !== wanted)) return;
    if (index.startMs[parent] < startMs || index.startMs[parent] > endMs) return;
    const calls = groupOf(keyOf(parent)).calls;
    const childKey = keyOf(span);
    let call = calls.get(childKey);
    if (!call) calls.set(childKey, (call = { durations: [], errors: 0, offsets: 0, parents: [] }));
    call.durations.push(index.durationMs[span]);
    call.errors += index.error[span];
    call.offsets += index.startMs[span] - index.startMs[parent];
    call.parents.push(parent);
  });
  const name = (key: number) => ({ service: index.serviceNames[Math.floor(key / operations)], operation: operationNames[key % operations] });
  const shapes: OperationShape[] = [...groups.entries()]
    .filter(([, group]) => group.durations.length > 0)
    .map(([key, group]) => ({
      ...name(key),
      count: group.durations.length,
      errorCount: group.errors,
      ...quartiles(sortedCopy(group.durations)),
      calls: [...group.calls.entries()]
        .map(([childKey, call]) => ({
          ...name(childKey),
          count: call.durations.length,
          errorCount: call.errors,
          p50Ms: ms(quantileSorted(sortedCopy(call.durations), 0.5)),
          meanOffsetMs: ms(call.offsets / call.durations.length),
          callers: distinct(call.parents),
        }))
        .sort((a, b) => a.meanOffsetMs - b.meanOffsetMs || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation)),
    }))
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
  const spans = shapes.reduce((sum, shape) => sum + shape.count, 0);
  const calls = shapes.reduce((sum, shape) => sum + shape.calls.reduce((n, call) => n + call.count, 0), 0);
  const summary = `${shapes.length} operations with ${spans} spans and ${calls} direct calls in ${formatRange(params.range)}`;
  return { status: 'ok', summary, digest: { operations: shapes.length, spans, calls }, data: { kind: 'operation_shape', operations: shapes } };
}

/** How many different values (parent spans) the list holds. */
function distinct(values: number[]): number {
  const sorted = Int32Array.from(values).sort();
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}

function quartiles(sorted: Float64Array | number[]): { p50Ms: number; p25Ms: number } {
  return { p50Ms: ms(quantileSorted(sorted, 0.5)), p25Ms: ms(quantileSorted(sorted, 0.25)) };
}

const namedCalls = new WeakMap<SpanIndex, { names: string[]; operation: Int32Array }>();

/**
 * Operation names with generic client spans told apart. Many tracers name every outgoing call of a
 * service alike (`HTTP POST`, `HTTP GET`), so one client operation stands for calls to several
 * services: which of them stopped would not show. A client span whose name leads to more than one
 * (service, operation) on the other side is named after where it leads, matched by parent and
 * child span ids: `HTTP POST → payment /api/payment/charge`. Names that already tell their target
 * (gRPC methods, whatever the two sides call them) are kept. Computed once per index.
 */
export function callNames(index: SpanIndex): { names: string[]; operation: Int32Array } {
  const cached = namedCalls.get(index);
  if (cached) return cached;
  const operations = index.operationNames.length;
  // The one span each span calls in another service (-2 when several, -1 when none).
  const remote = new Int32Array(index.count).fill(-1);
  for (let span = 0; span < index.count; span++) {
    const parent = index.parent[span];
    if (parent < 0 || index.service[parent] === index.service[span]) continue;
    remote[parent] = remote[parent] === -1 ? span : -2;
  }
  const target = (span: number) => index.service[span] * operations + index.operation[span];
  const targets = new Map<number, Set<number>>();
  for (let span = 0; span < index.count; span++) {
    if (remote[span] < 0) continue;
    const key = target(span);
    (targets.get(key) ?? targets.set(key, new Set()).get(key))?.add(target(remote[span]));
  }
  const names = [...index.operationNames];
  const ids = new Map<string, number>();
  const operation = Int32Array.from(index.operation);
  for (let span = 0; span < index.count; span++) {
    const child = remote[span];
    if (child < 0 || (targets.get(target(span))?.size ?? 0) < 2) continue;
    const name = `${index.operationNames[index.operation[span]]} → ${index.serviceNames[index.service[child]]} ${index.operationNames[index.operation[child]]}`;
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      names.push(name);
      ids.set(name, id);
    }
    operation[span] = id;
  }
  const named = { names, operation };
  namedCalls.set(index, named);
  return named;
}
