import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A small bundle written by a test: every file optional, any of them gzipped on request. */
export interface BundleFixture {
  case?: unknown;
  caseText?: string;
  metrics?: string;
  logs?: unknown[] | string;
  spans?: unknown[] | string;
  events?: unknown[] | string;
  topology?: unknown;
  /** File names (e.g. `logs.jsonl`) to write as `<name>.gz`. */
  gzip?: string[];
}

export const WINDOW = { start: '2024-03-01T10:00:00Z', end: '2024-03-01T10:10:00Z' };

export function caseJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'case-1',
    system: 'simulated-shop',
    alert: {
      source: 'alertmanager',
      title: 'checkout latency high',
      text: 'checkout p90 latency is 2.1 s',
      firedAt: '2024-03-01T10:05:00Z',
      labels: { service: 'checkout' },
    },
    window: WINDOW,
    baseline: { start: '2024-03-01T09:00:00Z', end: '2024-03-01T09:05:00Z' },
    ...overrides,
  };
}

const created: string[] = [];

/** Writes the bundle into a fresh temporary folder and returns its path. */
export function writeBundle(fixture: BundleFixture): string {
  const dir = mkdtempSync(join(tmpdir(), 'causa-bundle-'));
  created.push(dir);
  const write = (name: string, text: string): void => {
    const gzipped = fixture.gzip?.includes(name) ?? false;
    writeFileSync(join(dir, gzipped ? `${name}.gz` : name), gzipped ? gzipSync(text) : text);
  };
  const lines = (value: unknown[] | string): string =>
    typeof value === 'string' ? value : value.map((item) => JSON.stringify(item)).join('\n') + '\n';
  if (fixture.caseText !== undefined) write('case.json', fixture.caseText);
  else if (fixture.case !== null) write('case.json', JSON.stringify(fixture.case ?? caseJson(), null, 2));
  if (fixture.metrics !== undefined) write('metrics.csv', fixture.metrics);
  if (fixture.logs !== undefined) write('logs.jsonl', lines(fixture.logs));
  if (fixture.spans !== undefined) write('spans.jsonl', lines(fixture.spans));
  if (fixture.events !== undefined) write('events.jsonl', lines(fixture.events));
  if (fixture.topology !== undefined) write('topology.json', JSON.stringify(fixture.topology));
  return dir;
}

/** Removes every folder `writeBundle` created; call from afterAll. */
export function removeBundles(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Unix seconds of an ISO time. */
export const sec = (iso: string): number => Date.parse(iso) / 1000;

/** A fixed clock that advances 5 ms per reading. */
export function steppingClock(startIso = '2024-03-02T00:00:00Z'): () => Date {
  let now = Date.parse(startIso);
  return () => new Date((now += 5) - 5);
}

/** A span record starting `startMs` after 2024-03-01T10:00:00Z (nanosecond-precision timestamp), on pod `<service>-0`. */
export function spanRecord(traceId: string, spanId: string, parentSpanId: string | null, service: string, operation: string, startMs: number, durationMs: number, extra: Record<string, unknown> = {}) {
  const start = new Date(Date.parse('2024-03-01T10:00:00Z') + startMs).toISOString().replace('Z', '000Z');
  return { traceId, spanId, parentSpanId, service, instance: `${service}-0`, operation, start, durationMs, ...extra };
}
