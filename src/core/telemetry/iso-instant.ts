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
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:([Tt ])(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,30}))?)?)?(\s)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?\s*$/;

/** An instant read from text: milliseconds since the epoch and the same instant as UTC text. */
export interface IsoInstant {
  ms: number;
  /** `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, every fraction digit kept. */
  iso: string;
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant, keeping sub-millisecond digits; NaN when
 * the text is not one (or names an impossible date such as February 30).
 */
export function parseIsoInstant(text: string): number {
  return readIsoInstant(text)?.ms ?? Number.NaN;
}

/**
 * The instant as `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, in UTC with every fraction digit kept, so
 * that whoever reads it later (with Date.parse or otherwise) gets the same instant; undefined
 * when the text is not an ISO 8601 instant. A text already in that form comes back unchanged.
 */
export function normalizeIsoInstant(text: string): string | undefined {
  return readIsoInstant(text)?.iso;
}

/** Both readings of {@link parseIsoInstant} and {@link normalizeIsoInstant} in one pass. */
export function readIsoInstant(text: string): IsoInstant | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  const match = ISO_INSTANT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, separator, hour = '0', minute = '0', second, fraction = '', space, zone, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  if (h === 24 && (mi > 0 || s > 0 || /[1-9]/.test(fraction))) return undefined;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCDate() !== d) return undefined;
  const whole = date.setUTCHours(h, mi, Math.min(s, 59));
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const leapSecondMs = s === 60 ? 1000 : 0;
  const millis = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const belowMillis = fraction.length > 3 ? Number(`0.${fraction.slice(3)}`) : 0;
  const ms = whole - offsetMs + leapSecondMs + millis + belowMillis;
  // Already canonical (the usual case) unless something in it needs rewriting.
  const canonical = separator === 'T' && second !== undefined && zone === 'Z' && !space && h < 24 && s < 60 && !text.includes(',') && text === text.trim();
  if (canonical) return { ms, iso: text };
  const seconds = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, -5);
  return { ms, iso: `${seconds}${fraction === '' ? '' : `.${fraction}`}Z` };
}
