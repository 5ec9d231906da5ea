import { forEachLine, type LineVisitor } from './bundle-file-reader';
import type { BundleLimits } from './bundle-limits';
import type { CasePeriods } from './case-periods';
import type { ReadNotes } from './read-notes';

/** How an index build reads its file. */
export interface IndexBuildOptions {
  /** Stops the build (its deadline). */
  signal?: AbortSignal;
  limits?: BundleLimits;
  /** The case's window and baseline, so records dated far outside them are noted. */
  periods?: CasePeriods;
}

/** Streams the lines of `file` for an index build, noting skipped over-long lines in `notes`. */
export function readIndexLines(file: string, options: IndexBuildOptions, notes: ReadNotes, visit: LineVisitor): Promise<void> {
  const { signal, limits } = options;
  return forEachLine(file, visit, { signal, limits, onLongLine: (line, bytes) => notes.noteLongLine(line, bytes) });
}

/** Notes a record time that lies far outside the case's periods. */
export function checkRecordTime(options: IndexBuildOptions, notes: ReadNotes, line: number, ms: number): void {
  if (options.periods?.isFar(ms)) notes.noteFarTime(line, ms);
}
