import { z } from 'zod';

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const SIZE_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$/i;
const SIZE_FORM = 'must be a size such as 1048576, 64MiB or 2GB';

/** A size in bytes between `min` and `max`: a number, or a text such as `64MiB`, `1.5GB`, `4096`. */
function byteSize(min: number, max: number) {
  return z
    .unknown()
    .transform((value, context) => {
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      const match = typeof value === 'string' ? SIZE_TEXT.exec(value) : null;
      if (match) return Math.round(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
      context.addIssue({ code: 'custom', message: SIZE_FORM });
      return z.NEVER;
    })
    .pipe(z.number().min(min, `must be at least ${formatBytes(min)}`).max(max, `must be at most ${formatBytes(max)}`));
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/**
 * How much of a bundle Causa reads: the bounds that keep a hostile or broken file (a gzip bomb, a
 * file without newlines, an endless device) from exhausting memory or time. The defaults hold
 * every recorded incident in the benchmark and a 371 MB gzipped synthetic bundle (1 GB of logs).
 */
export const BundleLimitsSchema = z.strictObject({
  /**
   * Longest line of metrics.csv, logs.jsonl, spans.jsonl and events.jsonl. A longer line is
   * skipped, counted and reported (file and line) as a data gap in the RCA.
   */
  maxLineBytes: byteSize(1024, 256 * MiB).default(MiB),
  /** Largest uncompressed size of one of those files; reading stops with an error beyond it. */
  maxFileBytes: byteSize(1024, Number.MAX_SAFE_INTEGER).default(4 * GiB),
  /** Largest uncompressed size of case.json and topology.json, which are read whole. */
  maxDocumentBytes: byteSize(1024, 512 * MiB).default(64 * MiB),
});
export type BundleLimits = z.infer<typeof BundleLimitsSchema>;

/** The limits with every default. */
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = BundleLimitsSchema.parse({});

/** Human-readable size: `1 MiB`, `4 GiB`, `1536 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
