/**
 * Timestamps as alerting tools print them, turned into ISO 8601 UTC. A time without a zone is
 * read as UTC: every tool's default Slack template prints UTC.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const ZONE = '(Z|UTC|GMT|[+-]\\d{2}:?\\d{2})?';

// 2023-01-29T10:57:35Z, 2023-01-29 10:57:35 UTC, Go's 2023-01-29 10:57:35.123 +0000 UTC,
// Zabbix's 2025.03.11 10:31:44, 2025/03/11 10:31, 2025年3月11日 10:31:44
const NUMERIC = new RegExp(
  `(\\d{4})(?:[-./]|年\\s*)(\\d{1,2})(?:[-./]|月\\s*)(\\d{1,2})日?(?:[T ]|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?\\s*${ZONE}`,
  'i',
);
// US order as Azure and some webhooks print it: 3/22/2019 1:58:24 PM
const US_NUMERIC = new RegExp(`\\b(\\d{1,2})/(\\d{1,2})/(\\d{4}),?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm)?\\s*${ZONE}`, 'i');
// Mon Jan 30 2023 13:33:04 UTC, Jan 30, 2023 at 1:33:04 PM UTC
const MONTH_FIRST = new RegExp(
  `${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm)?\\s*${ZONE}`,
  'i',
);
// 30 Jan 2023 13:33:04 UTC, RFC 2822's Tue, 11 Mar 2025 10:21:05 +0000, Tuesday 11 March, 2025 10:21:05 UTC
const DAY_FIRST = new RegExp(`(\\d{1,2})\\s+${MONTH},?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm)?\\s*${ZONE}`, 'i');
// Go durations as `{{ .StartsAt | since }}` prints them: 17m2.418s, 1h2m3s, 45.5s, 3d4h
const DURATION = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

/** Formats a date as `YYYY-MM-DDTHH:MM:SSZ` (milliseconds only when present). */
export function formatUtc(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * Finds the first timestamp in `text` and returns it as ISO 8601 UTC, or null when there is
 * none or it is not a real date. A whole-string number is read as unix seconds (Slack `ts`) or
 * milliseconds.
 */
export function parseTimestamp(text: string): string | null {
  // A stamp sits within the first few hundred characters of whatever holds it.
  const trimmed = text.trim().slice(0, 300);
  if (/^\d{9,10}(?:\.\d+)?$/.test(trimmed)) return checked(new Date(Math.round(Number(trimmed) * 1000)));
  if (/^\d{12,13}$/.test(trimmed)) return checked(new Date(Number(trimmed)));
  const numeric = NUMERIC.exec(trimmed);
  if (numeric) {
    const [, y, mo, d, h, mi, s, fraction, zone] = numeric;
    const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
    return build(+y, +mo - 1, +d, +h, +mi, +(s ?? 0), ms, zone);
  }
  const monthFirst = MONTH_FIRST.exec(trimmed);
  if (monthFirst) {
    const [, month, d, y, h, mi, s, meridiem, zone] = monthFirst;
    return build(+y, MONTHS[month.slice(0, 3).toLowerCase()], +d, hour24(+h, meridiem), +mi, +(s ?? 0), 0, zone);
  }
  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) {
    const [, d, month, y, h, mi, s, meridiem, zone] = dayFirst;
    return build(+y, MONTHS[month.slice(0, 3).toLowerCase()], +d, hour24(+h, meridiem), +mi, +(s ?? 0), 0, zone);
  }
  const us = US_NUMERIC.exec(trimmed);
  if (us) {
    const [, mo, d, y, h, mi, s, meridiem, zone] = us;
    return build(+y, +mo - 1, +d, hour24(+h, meridiem), +mi, +(s ?? 0), 0, zone);
  }
  return null;
}

/**
 * Milliseconds of a Go-style duration (`17m2.418s`, `1h2m`, `45s`), or null when the text is
 * not one. Alertmanager templates print `{{ .StartsAt | since }}`: how long ago the alert started.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().replace(/\s+ago$/i, '');
  if (trimmed === '' || trimmed.length > 40 || !/\d/.test(trimmed)) return null;
  const match = DURATION.exec(trimmed);
  if (!match) return null;
  const [, d, h, m, s, ms] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return Math.round((((d * 24 + h) * 60 + m) * 60 + s) * 1000 + ms);
}

/**
 * A timestamp, or a `since` duration counted back from `reference` (ISO 8601), as ISO 8601 UTC;
 * null when the text is neither.
 */
export function parseTimeOrAgo(text: string, reference: string | undefined): string | null {
  const stamp = parseTimestamp(text.replace(/^@/, ''));
  if (stamp) return stamp;
  const duration = parseDuration(text);
  if (duration === null || reference === undefined) return null;
  return checked(new Date(Date.parse(reference) - duration));
}

function hour24(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase() === 'pm';
  return (hour % 12) + (pm ? 12 : 0);
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone?: string): string | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const utc = Date.UTC(y, mo, d, h, mi, s, ms);
  // Reject 31 Feb and friends instead of rolling over into the next month.
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return null;
  return checked(new Date(utc - zoneOffsetMinutes(zone) * 60_000));
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function checked(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : formatUtc(date);
}
