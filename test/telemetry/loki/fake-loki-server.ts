import type { LokiPushBody } from '../../../src/scenarios/cluster-log-streams';
import { FakeHttpBackend, sendJson } from '../../fakes/fake-http-backend';

interface Entry {
  ns: bigint;
  line: string;
  labels: Record<string, string>;
  metadata: Record<string, string>;
}

/** Loki's query statistics block, as its documentation records it (values zeroed). */
const STATS = {
  summary: { bytesProcessedPerSecond: 0, execTime: 0.002, linesProcessedPerSecond: 0, queueTime: 0, totalBytesProcessed: 0, totalLinesProcessed: 0 },
  ingester: { totalReached: 1, totalChunksMatched: 0, totalBatches: 0, totalLinesSent: 0 },
  store: { totalChunksRef: 0, totalChunksDownloaded: 0, chunksDownloadTime: 0 },
};

/** `{a="b", c=~"re"} |~ "re" |= "text" | json`: the subset of LogQL the Loki source writes. */
function parseLogQL(query: string): { matchers: Array<[string, '=' | '=~' | '!=', string]>; filters: RegExp[] } | string {
  const selector = /^\{([^}]*)\}(.*)$/.exec(query.trim());
  if (!selector) return `parse error at line 1, col 1: syntax error: unexpected IDENTIFIER, expecting {`;
  const matchers: Array<[string, '=' | '=~' | '!=', string]> = [];
  for (const part of selector[1].matchAll(/([A-Za-z_][\w]*)\s*(=~|!=|=)\s*("(?:[^"\\]|\\.)*")/g)) matchers.push([part[1], part[2] as '=' | '=~' | '!=', JSON.parse(part[3]) as string]);
  if (matchers.length === 0) return 'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';
  const filters: RegExp[] = [];
  let rest = selector[2].trim();
  while (rest.length > 0) {
    const filter = /^\|(~|=)\s*("(?:[^"\\]|\\.)*")\s*/.exec(rest);
    const parser = /^\|\s*(json|logfmt)\s*/.exec(rest);
    if (filter) {
      const value = JSON.parse(filter[2]) as string;
      const insensitive = value.startsWith('(?i)');
      const source = insensitive ? value.slice(4) : value;
      try {
        filters.push(filter[1] === '~' ? new RegExp(source, insensitive ? 'i' : '') : new RegExp(source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      } catch (error) {
        return `parse error : error parsing regexp: ${(error as Error).message}: \`${value}\``;
      }
      rest = rest.slice(filter[0].length);
    } else if (parser) {
      rest = rest.slice(parser[0].length);
    } else {
      return `parse error at line 1, col ${query.length - rest.length + 1}: syntax error: unexpected ${rest.split(/\s/)[0]}`;
    }
  }
  return { matchers, filters };
}

/**
 * A local server speaking the parts of Loki's HTTP API the Loki source uses, with the response
 * shapes of Loki's documentation: `/ready`, `/loki/api/v1/status/buildinfo`, label values and
 * `query_range` over log streams (limit, direction, start inclusive / end exclusive in
 * nanoseconds). Structured metadata comes back merged into the stream labels, or as a third value
 * element when the client sends `X-Loki-Response-Encoding-Flags: categorize-labels` (Loki 3).
 * Bad LogQL gets Loki's plain-text 400.
 */
export class FakeLokiServer extends FakeHttpBackend {
  private readonly entries: Entry[] = [];
  /** Largest page the server hands out (Loki's max_entries_limit_per_query). */
  maxEntriesLimit = 5000;
  /** When set, `/ready` answers 503 with this text. */
  notReady: string | undefined;

  constructor(push?: LokiPushBody) {
    super((request, response) => {
      if (request.path === '/ready') {
        if (this.notReady) return void response.writeHead(503, { 'content-type': 'text/plain' }).end(`${this.notReady}\n`);
        return void response.writeHead(200, { 'content-type': 'text/plain' }).end('ready\n');
      }
      if (request.path === '/loki/api/v1/status/buildinfo') {
        return sendJson(response, 200, { version: '3.1.1', revision: 'bc7d0b9b', branch: 'HEAD', buildUser: 'root@buildkitsandbox', buildDate: '2024-08-08T09:45:20Z', goVersion: 'go1.22.5' });
      }
      const values = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(request.path);
      if (values) {
        const name = decodeURIComponent(values[1]);
        const found = [...new Set(this.inRange(request.query).map((e) => e.labels[name]).filter((v) => v !== undefined))].sort();
        return sendJson(response, 200, found.length > 0 ? { status: 'success', data: found } : { status: 'success' });
      }
      if (request.path === '/loki/api/v1/query_range') return this.queryRange(request.query, request.headers['x-loki-response-encoding-flags'] === 'categorize-labels', response);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    });
    if (push) this.push(push);
  }

  push(body: LokiPushBody): void {
    for (const stream of body.streams) {
      for (const [ns, line, metadata] of stream.values) this.entries.push({ ns: BigInt(ns), line, labels: stream.stream, metadata: metadata ?? {} });
    }
    this.entries.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  }

  private inRange(query: URLSearchParams): Entry[] {
    const start = BigInt(query.get('start') ?? '0');
    const end = BigInt(query.get('end') ?? `${Date.now()}000000`);
    return this.entries.filter((e) => e.ns >= start && e.ns < end);
  }

  private queryRange(query: URLSearchParams, categorize: boolean, response: import('node:http').ServerResponse): void {
    const parsed = parseLogQL(query.get('query') ?? '');
    if (typeof parsed === 'string') return void response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(parsed);
    const limit = Number(query.get('limit') ?? '100');
    if (limit > this.maxEntriesLimit) return void response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`max entries limit per query exceeded, limit > max_entries_limit (${limit} > ${this.maxEntriesLimit})`);
    const forward = query.get('direction') === 'forward';
    const matched = this.inRange(query).filter(
      (e) =>
        parsed.matchers.every(([label, op, value]) => {
          const actual = e.labels[label] ?? '';
          return op === '=' ? actual === value : op === '!=' ? actual !== value : new RegExp(`^(?:${value})$`).test(actual);
        }) && parsed.filters.every((f) => f.test(e.line)),
    );
    const page = (forward ? matched : [...matched].reverse()).slice(0, limit);
    const streams = new Map<string, { stream: Record<string, string>; values: unknown[] }>();
    for (const e of page) {
      const labels = categorize ? e.labels : { ...e.labels, ...e.metadata };
      const key = JSON.stringify(labels);
      let stream = streams.get(key);
      if (!stream) streams.set(key, (stream = { stream: labels, values: [] }));
      const hasMetadata = Object.keys(e.metadata).length > 0;
      stream.values.push(categorize && hasMetadata ? [e.ns.toString(), e.line, { structuredMetadata: e.metadata }] : [e.ns.toString(), e.line]);
    }
    sendJson(response, 200, { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: STATS } });
  }
}
