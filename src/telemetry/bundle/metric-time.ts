import { parseIsoInstant } from '../../core/telemetry/iso-instant';

/**
 * Units a unix time may be written in, told apart by magnitude: today is about 1.7e9 seconds,
 * 1.7e12 milliseconds, 1.7e15 microseconds or 1.7e18 nanoseconds, and each bound below lies
 * thousands of years away from the next unit's range.
 */
const UNITS = [
  { name: 'seconds', below: 1e11, perSecond: 1 },
  { name: 'milliseconds', below: 1e14, perSecond: 1e3 },
  { name: 'microseconds', below: 1e17, perSecond: 1e6 },
  { name: 'nanoseconds', below: 1e20, perSecond: 1e9 },
] as const;

/**
 * Reads the `timestamp` cells of one metrics.csv: unix time in seconds, milliseconds,
 * microseconds or nanoseconds (the unit is detected from the first row's magnitude, and every
 * row must use the same one), or ISO 8601 (UTC unless it names an offset).
 */
export class MetricTimeReader {
  private unit: (typeof UNITS)[number] | undefined;
  private unitLine = 0;

  /** Unix seconds of one cell read at `line`; throws an Error saying what is wrong with it. */
  read(cell: string, line: number): number {
    const text = cell.trim();
    if (text === '') throw new Error('timestamp is empty; expected unix time (seconds, ms, µs or ns) or an ISO 8601 time');
    const value = Number(text);
    if (!Number.isFinite(value)) {
      const ms = parseIsoInstant(text);
      if (Number.isNaN(ms)) throw new Error(`timestamp "${text.slice(0, 80)}" is neither unix time (seconds, ms, µs or ns) nor an ISO 8601 time`);
      return ms / 1000;
    }
    const unit = UNITS.find((candidate) => Math.abs(value) < candidate.below);
    if (!unit) throw new Error(`timestamp ${text} is too large for unix time in seconds, milliseconds, microseconds or nanoseconds`);
    if (!this.unit) {
      this.unit = unit;
      this.unitLine = line;
    } else if (unit !== this.unit) {
      throw new Error(
        `timestamp ${text} looks like unix time in ${unit.name}, but this file's timestamps are in ${this.unit.name} ` +
          `(line ${this.unitLine}); write every timestamp in one unit`,
      );
    }
    return unit.perSecond === 1 ? value : value / unit.perSecond;
  }
}
