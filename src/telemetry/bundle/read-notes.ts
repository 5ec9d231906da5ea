import { basename } from 'node:path';
import { formatBytes } from './bundle-limits';

/** How many line numbers a note quotes. */
const QUOTED = 3;

/**
 * What one pass over a bundle file noticed without failing: lines skipped for their length and
 * records whose time lies far outside the case's period. The RCA lists them as data gaps, so
 * nothing is dropped silently.
 */
export class ReadNotes {
  longLines = 0;
  readonly firstLongLines: Array<{ line: number; bytes: number }> = [];
  farTimes = 0;
  readonly firstFarTimes: Array<{ line: number; ms: number }> = [];

  noteLongLine(line: number, bytes: number): void {
    this.longLines++;
    if (this.firstLongLines.length < QUOTED) this.firstLongLines.push({ line, bytes });
  }

  noteFarTime(line: number, ms: number): void {
    this.farTimes++;
    if (this.firstFarTimes.length < QUOTED) this.firstFarTimes.push({ line, ms });
  }

  /** One sentence per kind of note, naming the file and the first lines. */
  describe(file: string, maxLineBytes: number): string[] {
    const name = basename(file);
    const notes: string[] = [];
    if (this.longLines > 0) {
      const lines = this.firstLongLines.map(({ line, bytes }) => `line ${line}: ${bytes} bytes`);
      notes.push(
        `${name}: ${plural(this.longLines, 'line')} longer than ${formatBytes(maxLineBytes)} skipped ` +
          `(${lines.join(', ')}${more(this.longLines)}); raise the bundle source's limits.maxLineBytes to read them`,
      );
    }
    if (this.farTimes > 0) {
      const lines = this.firstFarTimes.map(({ line, ms }) => `line ${line}: ${instant(ms)}`);
      notes.push(
        `${name}: ${plural(this.farTimes, 'record')} dated far outside the case's window and baseline ` +
          `(${lines.join(', ')}${more(this.farTimes)}); check the timestamps' unit and time zone`,
      );
    }
    return notes;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function more(count: number): string {
  return count > QUOTED ? ', …' : '';
}

function instant(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
