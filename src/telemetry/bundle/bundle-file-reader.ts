import { closeSync, existsSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { BundleError, errorMessage } from '../../core/errors';
import { DEFAULT_BUNDLE_LIMITS, formatBytes, type BundleLimits } from './bundle-limits';
import { jsonErrorLine } from './json-error-line';
import { LineSplitter, type LineVisitor } from './line-splitter';
import { openRegularFile, openRegularFileSync, readFailure } from './regular-file';

export type { LineVisitor } from './line-splitter';

/** Longest stretch of reading between two turns of the event loop, so a server stays responsive. */
const MAX_BUSY_MS = 20;

/** The path of `name` or `name.gz` inside `dir`, whichever exists (plain first). */
export function findBundleFile(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** How {@link forEachLine} reads. */
export interface LineReadOptions {
  signal?: AbortSignal;
  limits?: BundleLimits;
  /** Hears of each line skipped for being longer than `limits.maxLineBytes`. */
  onLongLine?: (line: number, bytes: number) => void;
}

/** How a query that streams a file again reads it. */
export type SearchOptions = Pick<LineReadOptions, 'signal' | 'limits'>;

/**
 * Streams the lines of a plain or gzipped regular file through `visit`, holding at most one line
 * (of `limits.maxLineBytes`) in memory; longer lines are skipped and reported to `onLongLine`.
 * Yields to the event loop while it works and stops when `signal` fires. A file that is not a
 * regular file, that inflates beyond `limits.maxFileBytes`, that cannot be read or decompressed,
 * and any error `visit` throws reject with a BundleError naming the file and line.
 */
export async function forEachLine(file: string, visit: LineVisitor, options: LineReadOptions = {}): Promise<void> {
  const { signal, limits = DEFAULT_BUNDLE_LIMITS, onLongLine } = options;
  const handle = await openRegularFile(file);
  const raw = handle.createReadStream();
  const input: Readable = file.endsWith('.gz') ? pipeline(raw, createGunzip(), () => undefined) : raw;
  const guarded: LineVisitor = (text, line) => {
    try {
      return visit(text, line);
    } catch (error) {
      throw asBundleError(file, error, line);
    }
  };
  const lines = new LineSplitter(limits.maxLineBytes, guarded, (line, bytes) => onLongLine?.(line, bytes));
  let bytes = 0;
  let turnAt = performance.now();
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxFileBytes) {
        throw new BundleError(
          file,
          `holds more than ${formatBytes(limits.maxFileBytes)} uncompressed (a decompression bomb, or a file larger than this ` +
            `deployment reads); reading stopped there. Raise the bundle source's limits.maxFileBytes if the file is genuine`,
          { line: lines.line + 1 },
        );
      }
      if (!lines.push(chunk)) return;
      if (signal?.aborted) throw new BundleError(file, 'reading stopped here: the deadline passed before the end of the file', { line: lines.line });
      if (performance.now() - turnAt > MAX_BUSY_MS) {
        await nextTurn();
        turnAt = performance.now();
      }
    }
    lines.end();
  } catch (error) {
    throw asBundleError(file, error, lines.line + 1);
  } finally {
    input.destroy();
    raw.destroy();
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads and parses a JSON document read whole (case.json, topology.json; plain or gzipped), at
 * most `limits.maxDocumentBytes` of it uncompressed, naming the line of a syntax error.
 */
export function readJsonDocument(file: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): unknown {
  const max = limits.maxDocumentBytes;
  const tooLarge = (what: string): BundleError =>
    new BundleError(file, `${what} more than ${formatBytes(max)}, larger than this deployment reads for a JSON document (limits.maxDocumentBytes)`);
  const bytes = readAtMost(file, max + 1);
  if (bytes.length > max) throw tooLarge('it holds');
  let text: string;
  if (file.endsWith('.gz')) {
    try {
      // maxOutputLength stops inflating at the cap: a 13 MB bomb never becomes 3 GB.
      text = gunzipSync(bytes, { maxOutputLength: max }).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('it inflates to');
      throw new BundleError(file, readFailure(file, error as Error), { cause: error });
    }
  } else {
    text = bytes.toString('utf8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleError(file, `invalid JSON (${errorMessage(error)}); fix the syntax at that line`, {
      line: jsonErrorLine(text, error),
      cause: error,
    });
  }
}

/** The first `limit` bytes of a regular file (all of it when shorter). */
function readAtMost(file: string, limit: number): Buffer {
  const fd = openRegularFileSync(file);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw new BundleError(file, readFailure(file, error as Error), { cause: error });
  } finally {
    closeSync(fd);
  }
}

function asBundleError(file: string, error: unknown, line: number): BundleError {
  if (error instanceof BundleError) return error;
  const message = (error as NodeJS.ErrnoException).code === undefined ? errorMessage(error) : readFailure(file, error as Error);
  return new BundleError(file, message, { line, cause: error });
}
