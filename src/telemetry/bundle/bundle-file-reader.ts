import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { BundleError, errorMessage } from '../../core/errors';
import { jsonErrorLine } from './json-error-line';

/** JSON documents (case.json, topology.json) are small; anything larger is surely not one. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** The path of `name` or `name.gz` inside `dir`, whichever exists (plain first). */
export function findBundleFile(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Receives one line and its 1-based number; returns `false` to stop reading. */
export type LineVisitor = (text: string, line: number) => boolean | void;

/**
 * Streams the lines of a plain or gzipped file through `visit` without holding the file in memory.
 * A read or decompression failure, and any error `visit` throws, rejects with a BundleError naming
 * the file and line (errors already carrying a line are passed through).
 */
export function forEachLine(file: string, visit: LineVisitor, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const raw = createReadStream(file);
    const gunzip = file.endsWith('.gz') ? createGunzip() : undefined;
    const input: Readable = gunzip ? raw.pipe(gunzip) : raw;
    const lines = createInterface({ input, crlfDelay: Infinity });
    let line = 0;
    let settled = false;
    const stop = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      lines.close();
      raw.destroy();
      gunzip?.destroy();
      if (error === undefined) resolve();
      else reject(asBundleError(file, error, line + 1));
    };
    const onReadError = (error: Error): void => stop(new BundleError(file, readFailure(file, error), { line: line + 1 }));
    raw.on('error', onReadError);
    gunzip?.on('error', onReadError);
    lines.on('error', onReadError);
    lines.on('line', (text) => {
      if (settled) return;
      line++;
      if (signal?.aborted) return stop(new BundleError(file, 'reading was aborted', { line }));
      try {
        if (visit(text, line) === false) stop();
      } catch (error) {
        stop(asBundleError(file, error, line));
      }
    });
    lines.on('close', () => stop());
  });
}

/** Reads and parses a small JSON document (plain or gzipped), naming the line of a syntax error. */
export function readJsonDocument(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_DOCUMENT_BYTES) throw new Error(`it is ${size} bytes, larger than any plausible JSON document`);
    const bytes = readFileSync(file);
    text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new BundleError(file, readFailure(file, error as Error), { cause: error });
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

function readFailure(file: string, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found; check the bundle folder path';
  if (file.endsWith('.gz') && (code?.startsWith('Z_') ?? false)) {
    return `corrupt or truncated gzip data (${error.message}); re-export or re-download the bundle`;
  }
  return `cannot read the file (${error.message})`;
}

function asBundleError(file: string, error: unknown, line: number): BundleError {
  if (error instanceof BundleError) return error;
  return new BundleError(file, errorMessage(error), { line, cause: error });
}
