import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import type { JsonHttpClient } from '../http/json-http-client';

/** One log entry as Loki returned it. */
export interface LokiEntry {
  tsMs: number;
  line: string;
  /** Stream labels, plus structured metadata and parsed labels when Loki sends them apart. */
  labels: Record<string, string>;
}

type EntryValue = [string, string] | [string, string, Record<string, unknown>];
interface StreamsResponse {
  status?: string;
  data?: { resultType?: string; result?: Array<{ stream?: Record<string, string>; values?: EntryValue[] }> };
}

/** What a paged read of one LogQL query returned. */
export interface EntryPage {
  entries: LokiEntry[];
  /** True when the cap stopped the read before the end of the range. */
  truncated: boolean;
  requests: number;
}

function flatLabels(extra: Record<string, unknown> | undefined): Record<string, string> {
  if (!extra) return {};
  const out: Record<string, string> = {};
  // categorize-labels: { structuredMetadata: {...}, parsed: {...} }; older: a flat object.
  const nested = ['structuredMetadata', 'parsed'].filter((key) => typeof extra[key] === 'object' && extra[key] !== null);
  const sources = nested.length > 0 ? nested.map((key) => extra[key] as Record<string, unknown>) : [extra];
  for (const source of sources) for (const [key, value] of Object.entries(source)) if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * Reads every entry of `logql` in `range` with `query_range`, oldest first, page after page (each
 * page starts at the last timestamp seen; entries repeated at that instant are dropped), until the
 * range is exhausted or `maxEntries` were read.
 */
export async function readEntries(client: JsonHttpClient, logql: string, range: TimeRange, options: { pageSize: number; maxEntries: number; signal?: AbortSignal }): Promise<EntryPage> {
  const { startMs, endMs } = rangeMs(range);
  let startNs = BigInt(startMs) * 1_000_000n;
  // Loki's end is exclusive; the investigation's ranges are closed.
  const endNs = BigInt(endMs) * 1_000_000n + 1n;
  const entries: LokiEntry[] = [];
  let requests = 0;
  let boundary = new Set<string>();
  for (;;) {
    const limit = Math.min(options.pageSize, options.maxEntries - entries.length + boundary.size);
    const body = await client.getJson<StreamsResponse>(
      '/loki/api/v1/query_range',
      [['query', logql], ['start', startNs.toString()], ['end', endNs.toString()], ['limit', String(limit)], ['direction', 'forward']],
      options.signal,
      { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    );
    requests += 1;
    const resultType = body.data?.resultType;
    if (body.status !== undefined && body.status !== 'success') throw new Error(`Loki answered status "${body.status}" to query_range`);
    if (resultType !== undefined && resultType !== 'streams') throw new Error(`Loki answered a ${resultType} to a log query; the query must select log lines, not compute a metric`);
    const page: Array<LokiEntry & { ns: bigint; key: string }> = [];
    for (const stream of body.data?.result ?? []) {
      const labels = stream.stream ?? {};
      for (const value of stream.values ?? []) {
        if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string') continue;
        const ns = BigInt(value[0]);
        const merged = { ...labels, ...flatLabels(value[2]) };
        page.push({ ns, tsMs: Number(ns / 1_000_000n), line: value[1], labels: merged, key: `${value[0]}\u0000${value[1]}\u0000${JSON.stringify(merged)}` });
      }
    }
    page.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
    const fresh = page.filter((e) => !boundary.has(e.key));
    for (const e of fresh) entries.push({ tsMs: e.tsMs, line: e.line, labels: e.labels });
    if (page.length < limit || fresh.length === 0) return { entries, truncated: false, requests };
    if (entries.length >= options.maxEntries) return { entries: entries.slice(0, options.maxEntries), truncated: true, requests };
    const lastNs = page[page.length - 1].ns;
    boundary = new Set(page.filter((e) => e.ns === lastNs).map((e) => e.key));
    // A full page of one instant cannot move forward by its timestamp: step past it.
    startNs = boundary.size >= limit ? lastNs + 1n : lastNs;
    if (boundary.size >= limit) boundary = new Set();
  }
}
