import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BundleError } from '../../../src/core/errors';
import { loadBundle, openBundle } from '../../../src/telemetry/bundle/bundle-loader';
import { BundleLimitsSchema } from '../../../src/telemetry/bundle/bundle-limits';
import { BundleSource } from '../../../src/telemetry/bundle/bundle-source';
import { removeBundles, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const LIMITS = BundleLimitsSchema.parse({ maxLineBytes: '1KiB', maxFileBytes: '1MiB', maxDocumentBytes: '1MiB' });
const LINE = { ts: '2024-03-01T10:00:00.000Z', service: 'carts', level: 'INFO', message: 'ok' };
const canMakeFifo = process.platform !== 'win32' && existsSync('/dev/zero');
const posixOnly = canMakeFifo ? it : it.skip;

async function failure(promise: Promise<unknown>): Promise<BundleError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

function fifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('bundle files that are not regular files', () => {
  posixOnly('rejects a FIFO as topology.json instead of waiting for a writer', async () => {
    const dir = writeBundle({});
    fifo(join(dir, 'topology.json'));
    const error = await failure(loadBundle(dir).then((bundle) => bundle.topology()));
    expect(error.message).toBe(
      `${join(dir, 'topology.json')}: is a FIFO (named pipe), not a regular file; a bundle holds only regular files (plain or gzipped), so replace it with one`,
    );
  });

  posixOnly('rejects /dev/zero behind a symbolic link, and a FIFO of logs', async () => {
    const dir = writeBundle({});
    symlinkSync('/dev/zero', join(dir, 'metrics.csv'));
    fifo(join(dir, 'logs.jsonl'));
    const bundle = await loadBundle(dir);
    expect((await failure(bundle.metrics())).message).toContain('metrics.csv: is a character device, not a regular file');
    expect((await failure(bundle.logs())).message).toContain('logs.jsonl: is a FIFO (named pipe), not a regular file');
  });

  posixOnly('rejects a FIFO as case.json and a folder as events.jsonl', async () => {
    const dir = writeBundle({ case: null });
    fifo(join(dir, 'case.json'));
    expect(() => openBundle(dir)).toThrow(/case\.json: is a FIFO \(named pipe\), not a regular file/);
    unlinkSync(join(dir, 'case.json'));
    const withFolder = writeBundle({});
    mkdirSync(join(withFolder, 'events.jsonl'));
    expect((await failure((await loadBundle(withFolder)).events())).message).toContain('events.jsonl: is a folder, not a regular file');
  });
});

describe('bundle size limits', () => {
  it('stops inflating a gzip bomb of topology.json at the limit', async () => {
    const dir = writeBundle({});
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    writeFileSync(join(dir, 'topology.json.gz'), bomb);
    const error = await failure(openBundle(dir, { limits: LIMITS }).topology());
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(error.message).toContain('topology.json.gz: it inflates to more than 1 MiB, larger than this deployment reads for a JSON document (limits.maxDocumentBytes)');
  });

  it('refuses a plain JSON document over the limit without reading it all', async () => {
    const dir = writeBundle({ topology: { services: ['a'.repeat(2 * 1024 * 1024)], calls: [] } });
    expect((await failure(openBundle(dir, { limits: LIMITS }).topology())).message).toContain('topology.json: it holds more than 1 MiB');
  });

  it('stops a streamed file that inflates beyond the limit, naming it', async () => {
    const lines = `${JSON.stringify(LINE)}\n`.repeat(30_000);
    const dir = writeBundle({ logs: lines, gzip: ['logs.jsonl'] });
    const error = await failure(openBundle(dir, { limits: LIMITS }).logs());
    expect(error.message).toMatch(/logs\.jsonl\.gz:\d+: holds more than 1 MiB uncompressed \(a decompression bomb, or a file larger than this deployment reads\)/);
  });

  it('skips lines over the length limit, counts them and reports them as data gaps', async () => {
    const long = { ...LINE, message: 'x'.repeat(5000) };
    const dir = writeBundle({ logs: [LINE, long, LINE, long, long, long, LINE] });
    const source = new BundleSource({ dir, limits: LIMITS });
    const catalog = await source.catalog();
    expect(catalog.hasLogs).toBe(true);
    expect(catalog.dataGaps).toEqual([
      `logs.jsonl: 4 lines longer than 1 KiB skipped (line 2: ${JSON.stringify(long).length} bytes, line 4: ${JSON.stringify(long).length} bytes, ` +
        `line 5: ${JSON.stringify(long).length} bytes, …); raise the bundle source's limits.maxLineBytes to read them`,
    ]);
    const counts = await source.run({ name: 'log_template_counts', params: { range: { start: '2024-03-01T09:59:00Z', end: '2024-03-01T10:01:00Z' }, groupBy: 'service', limit: 20 } });
    expect(counts.evidence.digest.lines).toBe(3);
  });

  it('reads a gzipped logs.jsonl without a single newline as one skipped line', async () => {
    const dir = writeBundle({});
    writeFileSync(join(dir, 'logs.jsonl.gz'), gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x61)));
    const source = new BundleSource({ dir, limits: BundleLimitsSchema.parse({ maxLineBytes: '1KiB' }) });
    const catalog = await source.catalog();
    expect(catalog.hasLogs).toBe(false);
    expect(catalog.dataGaps).toEqual([
      `logs.jsonl.gz: 1 line longer than 1 KiB skipped (line 1: ${3 * 1024 * 1024} bytes); raise the bundle source's limits.maxLineBytes to read them`,
    ]);
  });
});

describe('BundleLimitsSchema', () => {
  it('takes sizes as numbers or with units, and says what a bad one should look like', () => {
    expect(BundleLimitsSchema.parse({ maxLineBytes: '4MiB', maxFileBytes: '2 GB', maxDocumentBytes: 2048 })).toEqual({
      maxLineBytes: 4 * 1024 * 1024,
      maxFileBytes: 2e9,
      maxDocumentBytes: 2048,
    });
    expect(BundleLimitsSchema.parse({})).toEqual({ maxLineBytes: 1024 * 1024, maxFileBytes: 4 * 1024 ** 3, maxDocumentBytes: 64 * 1024 * 1024 });
    const bad = BundleLimitsSchema.safeParse({ maxLineBytes: 'lots' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe('must be a size such as 1048576, 64MiB or 2GB');
  });
});
