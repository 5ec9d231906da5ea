/**
 * Strict ISO 8601 instants for recorded telemetry. `Date.parse` reads a time without a zone in the
 * host's local time zone and accepts almost anything ("1", "May 4"), so a bundle would mean
 * different instants on different machines; this parser reads a time without a zone as UTC and
 * rejects everything that is not ISO 8601.
 *
 * Accepted: `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM`, `HH:MM:SS` or
 * `HH:MM:SS.fraction` (any number of fraction digits, `.` or `,`), optionally followed by `Z` or
 * an offset `±HH`, `±HHMM`, `±HH:MM`.
 */

/** Longer texts are not timestamps; refusing them keeps parsing constant-time. */
const MAX_LENGTH = 64;
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,30}))?)?)?\s?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Milliseconds since the epoch of an ISO 8601 instant, keeping sub-millisecond digits; NaN when
 * the text is not one (or names an impossible date such as February 30).
 */
export function parseIsoInstant(text: string): number {
  if (text.length > MAX_LENGTH) return Number.NaN;
  const match = ISO_INSTANT.exec(text.trim());
  if (!match) return Number.NaN;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return Number.NaN;
  if (h === 24 && (mi > 0 || s > 0 || /[1-9]/.test(fraction))) return Number.NaN;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return Number.NaN;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCDate() !== d) return Number.NaN;
  const whole = date.setUTCHours(h, mi, Math.min(s, 59));
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const leapSecondMs = s === 60 ? 1000 : 0;
  const millis = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const belowMillis = fraction.length > 3 ? Number(`0.${fraction.slice(3)}`) : 0;
  return whole - offsetMs + leapSecondMs + millis + belowMillis;
}
