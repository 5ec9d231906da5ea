import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { BundleError } from '../../../src/core/errors';
import { loadBundle } from '../../../src/telemetry/bundle/bundle-loader';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { caseJson, removeBundles, WINDOW, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const METRICS = 'timestamp,service,instance,metric,value\n1709287200,carts,,cpu_usage_percent,1.5\n';

async function rejection(promise: Promise<unknown>): Promise<BundleError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

describe('loadBundle: case.json', () => {
  it('names case.json when it is missing', async () => {
    const dir = writeBundle({ case: null, metrics: METRICS });
    const error = await rejection(loadBundle(dir));
    expect(error.file).toBe(join(dir, 'case.json'));
    expect(error.message).toContain('case.json');
    expect(error.message).toContain('not a bundle folder');
  });

  it('names the line of a JSON syntax error', async () => {
    const dir = writeBundle({ caseText: '{\n  "id": "x",\n  "system": "s",\n  "alert": {,\n}' });
    const error = await rejection(loadBundle(dir));
    expect(error.line).toBe(4);
    expect(error.message).toContain('case.json:4');
  });

  it('finds the line even when JSON.parse reports no position', async () => {
    const dir = writeBundle({ caseText: '{\n  "id": "x",\n  "ok": tru\n}' });
    expect((await rejection(loadBundle(dir))).line).toBe(3);
  });

  it('names a line for broken JSON nested deeper than the stack', async () => {
    // Finding the line walked the nesting recursively and overflowed the stack: "unexpected failure".
    const dir = writeBundle({ caseText: `{\n"id": ${'['.repeat(200_000)}` });
    const error = await rejection(loadBundle(dir));
    expect(error.message).toMatch(/case\.json:2: invalid JSON/);
  });

  it('lists the invalid fields of a case', async () => {
    const dir = writeBundle({ case: caseJson({ window: { start: 'yesterday', end: WINDOW.end } }) });
    const error = await rejection(loadBundle(dir));
    expect(error.message).toContain('window.start');
  });

  it('accepts any system name, extra fields and a null baseline', async () => {
    const dir = writeBundle({ case: caseJson({ system: 'my-simulator', extra: { a: 1 }, baseline: null }) });
    const bundle = await loadBundle(dir);
    expect(bundle.case.system).toBe('my-simulator');
    expect(bundle.case.baseline).toBeNull();
    expect((bundle.case as Record<string, unknown>).extra).toEqual({ a: 1 });
  });

  it('makes BundleSource.open reject with the same error', async () => {
    const dir = writeBundle({ case: null });
    await rejection(BundleSource.open(dir));
  });
});

describe('loadBundle: telemetry files', () => {
  it('reads plain and gzipped spellings alike', async () => {
    const plain = await loadBundle(writeBundle({ metrics: METRICS }));
    const gzipped = await loadBundle(writeBundle({ metrics: METRICS, gzip: ['metrics.csv'] }));
    expect(gzipped.files.metrics).toMatch(/metrics\.csv\.gz$/);
    expect((await plain.metrics())?.series).toEqual((await gzipped.metrics())?.series);
    expect(await plain.logs()).toBeUndefined();
  });

  function packedRows(): Buffer {
    const rows = Array.from({ length: 20000 }, (_, i) => `${1709287200 + i},carts,,cpu_usage_percent,${i}`).join('\n');
    return gzipSync(`timestamp,service,instance,metric,value\n${rows}\n`);
  }

  it('names file and line of a truncated gzip', async () => {
    const dir = writeBundle({});
    const packed = packedRows();
    writeFileSync(join(dir, 'metrics.csv.gz'), packed.subarray(0, Math.floor(packed.length * 0.6)));
    const error = await rejection((await loadBundle(dir)).metrics());
    expect(error.file).toBe(join(dir, 'metrics.csv.gz'));
    // Reading stops near the damage, well past the start of the file.
    expect(error.line).toBeGreaterThan(1000);
    expect(error.message).toMatch(/metrics\.csv\.gz:\d+: corrupt or truncated gzip data \(unexpected end of file\)/);
  });

  it('names file and line of damaged gzip data', async () => {
    const dir = writeBundle({});
    const packed = packedRows();
    const at = Math.floor(packed.length * 0.6);
    writeFileSync(join(dir, 'metrics.csv.gz'), Buffer.concat([packed.subarray(0, at), Buffer.alloc(64, 0xff), packed.subarray(at + 64)]));
    const error = await rejection((await loadBundle(dir)).metrics());
    expect(error.message).toMatch(/metrics\.csv\.gz:\d+: /);
    expect(error.line).toBeGreaterThan(1000);
  });

  it('names file and line of a malformed CSV row', async () => {
    const dir = writeBundle({ metrics: `${METRICS}1709287260,carts,,cpu_usage_percent,abc\n` });
    const error = await rejection((await loadBundle(dir)).metrics());
    expect(error.message).toBe(`${join(dir, 'metrics.csv')}:3: value "abc" is not a number`);
  });

  it('names file and line of a malformed JSON line', async () => {
    const good = { ts: '2024-03-01T10:00:00.000Z', service: 'carts', level: 'INFO', message: 'ok' };
    const text = `${JSON.stringify(good)}\n${JSON.stringify(good)}\n{"ts": "2024-03-01T10:00:01Z", "service":\n`;
    const dir = writeBundle({ logs: text, gzip: ['logs.jsonl'] });
    const error = await rejection((await loadBundle(dir)).logs());
    expect(error.file).toBe(join(dir, 'logs.jsonl.gz'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('invalid JSON line');
  });

  it('names the line of a span without a duration', async () => {
    const span = { traceId: 't', spanId: 'a', parentSpanId: null, service: 's', operation: 'op', start: WINDOW.start };
    const dir = writeBundle({ spans: [{ ...span, durationMs: 1 }, span] });
    const error = await rejection((await loadBundle(dir)).spans());
    expect(error.message).toContain('spans.jsonl:2: field "durationMs"');
  });

  it('rejects times that are not ISO 8601, naming file, line and the expected form', async () => {
    const line = (ts: string) => ({ ts, service: 'carts', level: 'INFO', message: 'ok' });
    // Date.parse took "1" for 2001-01-01 in the host's time zone.
    for (const ts of ['1', 'May 4', '2024-02-30T10:00:00Z']) {
      const error = await rejection((await loadBundle(writeBundle({ logs: [line('2024-03-01T10:00:00Z'), line(ts)] }))).logs());
      expect(error.message).toContain(`logs.jsonl:2: field "ts" must be an ISO 8601 time`);
      expect(error.message).toContain(JSON.stringify(ts));
    }
  });

  it('names the line of a span whose duration overflows to Infinity', async () => {
    const span = '{"traceId":"t","spanId":"a","parentSpanId":null,"service":"s","operation":"op","start":"2024-03-01T10:00:00Z","durationMs":1e400}';
    const error = await rejection((await loadBundle(writeBundle({ spans: `${span}\n` }))).spans());
    expect(error.message).toContain('spans.jsonl:1: field "durationMs" must be a non-negative number');
  });

  it('names the attribute of an event nested too deeply to keep', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const event = `{"ts":"2024-03-01T10:00:00Z","service":"s","message":"m","attributes":{"blob":${deep}}}`;
    const error = await rejection((await loadBundle(writeBundle({ events: `${event}\n` }))).events());
    expect(error.message).toContain('events.jsonl:1: attribute "blob" is nested too deeply');
  });

  it('builds an index once for concurrent first calls', async () => {
    const bundle = await loadBundle(writeBundle({ metrics: METRICS, logs: [] }));
    const [first, second] = await Promise.all([bundle.metrics(), bundle.metrics()]);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(await bundle.metrics()).toBe(first);
  });
});
