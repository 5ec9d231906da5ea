import { parseSpanLine } from './bundle-line-parsers';
import { float64Column, int32Column, uint32Column, uint8Column } from './growable-array';
import { checkRecordTime, readIndexLines, type IndexBuildOptions } from './index-build-options';
import { ReadNotes } from './read-notes';
import { SpanIdTable, spanKey } from './span-id-table';
import { StringInterner } from './string-interner';

/**
 * Every span of a bundle as compact numeric columns (about 40 bytes a span): interned service and
 * operation, start, duration, resolved parent index, error flag and self time.
 */
export interface SpanIndex {
  /** Service and operation names, indexed by the ids in `service` / `operation`. */
  serviceNames: string[];
  operationNames: string[];
  count: number;
  service: Int32Array;
  operation: Int32Array;
  startMs: Float64Array;
  durationMs: Float64Array;
  /** Index of the parent span, -1 for roots and for parents missing from the bundle. */
  parent: Int32Array;
  error: Uint8Array;
  /** Duration minus the time covered by direct children (each clipped to the parent), ≥ 0. */
  selfMs: Float64Array;
  /** Span indices ascending by start. */
  byStart: Int32Array;
  minMs: number;
  maxMs: number;
  /** True when the file lists spans in start order, so a search can stop past its range. */
  sortedByStart: boolean;
  /** (traceId, spanId) hash → span index; query it with {@link findSpan}. */
  ids: SpanIdTable;
  /** For spans read from a file: over-long lines skipped and spans dated far outside the case. */
  notes?: ReadNotes;
}

/** One span as the index needs it. */
export interface IndexableSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  operation: string;
  startMs: number;
  durationMs: number;
  error?: boolean;
}

/**
 * Accumulates spans into the compact columns of a SpanIndex; `build` resolves parents and self
 * times. Used for a bundle's spans.jsonl and for spans read from a trace backend alike.
 */
export class SpanIndexBuilder {
  private readonly services = new StringInterner();
  private readonly operations = new StringInterner();
  private readonly columns = {
    service: int32Column(1024),
    operation: int32Column(1024),
    startMs: float64Column(1024),
    durationMs: float64Column(1024),
    error: uint8Column(1024),
    parentHigh: uint32Column(1024),
    parentLow: uint32Column(1024),
    hasParent: uint8Column(1024),
  };
  private readonly ids = new SpanIdTable();
  private sortedByStart = true;

  add(span: IndexableSpan): void {
    const { columns } = this;
    const index = columns.service.length;
    if (index > 0 && columns.startMs.get(index - 1) > span.startMs) this.sortedByStart = false;
    columns.service.push(this.services.intern(span.service));
    columns.operation.push(this.operations.intern(span.operation));
    columns.startMs.push(span.startMs);
    columns.durationMs.push(span.durationMs);
    columns.error.push(span.error ? 1 : 0);
    const [high, low] = spanKey(span.traceId, span.spanId);
    this.ids.set(high, low, index);
    const [parentHigh, parentLow] = span.parentSpanId === null ? [0, 0] : spanKey(span.traceId, span.parentSpanId);
    columns.parentHigh.push(parentHigh);
    columns.parentLow.push(parentLow);
    columns.hasParent.push(span.parentSpanId === null ? 0 : 1);
  }

  build(): SpanIndex {
    const { columns, ids, sortedByStart } = this;
    const count = columns.service.length;
    const parent = new Int32Array(count).fill(-1);
    const [hasParent, parentHigh, parentLow] = [columns.hasParent.view(), columns.parentHigh.view(), columns.parentLow.view()];
    for (let i = 0; i < count; i++) {
      if (hasParent[i] === 0) continue;
      const found = ids.get(parentHigh[i], parentLow[i]);
      if (found !== i) parent[i] = found;
    }
    const startMs = columns.startMs.toArray();
    const durationMs = columns.durationMs.toArray();
    const byStart = Int32Array.from({ length: count }, (_, i) => i);
    if (!sortedByStart) byStart.sort((a, b) => startMs[a] - startMs[b]);
    return {
      serviceNames: this.services.all(),
      operationNames: this.operations.all(),
      count,
      service: columns.service.toArray(),
      operation: columns.operation.toArray(),
      startMs,
      durationMs,
      parent,
      error: columns.error.toArray(),
      selfMs: selfTimes(startMs, durationMs, parent),
      byStart,
      minMs: count === 0 ? Infinity : startMs[byStart[0]],
      maxMs: count === 0 ? -Infinity : startMs[byStart[count - 1]],
      sortedByStart,
      ids,
    };
  }
}

/** Builds the span index in one streaming pass over `spans.jsonl`. */
export async function buildSpanIndex(file: string, options: IndexBuildOptions = {}): Promise<SpanIndex> {
  const notes = new ReadNotes();
  const builder = new SpanIndexBuilder();
  await readIndexLines(file, options, notes, (text, line) => {
    if (text.trim() === '') return;
    const span = parseSpanLine(text);
    builder.add(span);
    checkRecordTime(options, notes, line, span.startMs);
  });
  return { ...builder.build(), notes };
}

/** Index of the span with this trace and span id, or -1 when the bundle has no such span. */
export function findSpan(index: SpanIndex, traceId: string, spanId: string): number {
  const [high, low] = spanKey(traceId, spanId);
  return index.ids.get(high, low);
}

function selfTimes(startMs: Float64Array, durationMs: Float64Array, parent: Int32Array): Float64Array {
  const covered = new Float64Array(startMs.length);
  for (let i = 0; i < startMs.length; i++) {
    const p = parent[i];
    if (p < 0) continue;
    const from = Math.max(startMs[i], startMs[p]);
    const to = Math.min(startMs[i] + durationMs[i], startMs[p] + durationMs[p]);
    if (to > from) covered[p] += to - from;
  }
  for (let i = 0; i < covered.length; i++) covered[i] = Math.max(0, durationMs[i] - covered[i]);
  return covered;
}

/** Calls `visit` with each span index whose start lies in [startMs, endMs], in start order. */
export function forEachSpanIn(index: SpanIndex, startMs: number, endMs: number, visit: (span: number) => void): void {
  const starts = { length: index.count, get: (k: number) => index.startMs[index.byStart[k]] };
  const from = bound(starts, startMs, false);
  const to = bound(starts, endMs, true);
  for (let k = from; k < to; k++) visit(index.byStart[k]);
}

function bound(starts: { length: number; get: (k: number) => number }, value: number, inclusive: boolean): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = starts.get(middle);
    if (at < value || (inclusive && at === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}
