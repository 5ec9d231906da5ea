import { parseTimeOrAgo } from './time-parser';

/**
 * The per-alert blocks of the widely copied Alertmanager Slack templates:
 *
 * ```
 * *Alert:* Summary - `critical`
 * *Description:* …
 * *Severity:* critical        (any other `Label: value` line is kept as a field)
 * *Started:* 2023-01-29 10:57:35 UTC   (or `{{ .StartsAt | since }}`: 17m2.418s)
 * *Details:*
 *   • *alertname:* `HighLatency`
 * ```
 *
 * Read from plain text (emphasis already removed), so `Alert: …` / `• alertname: value`.
 */
export interface DetailsBlock {
  summary?: string;
  severity?: string;
  description?: string;
  /** ISO 8601 UTC. */
  startedAt?: string;
  endedAt?: string;
  /** `Label: value` lines of the block outside `Details:` (lower-cased names). */
  fields: Record<string, string>;
  labels: Record<string, string>;
}

const FIELD = /^\s*(?:[•*-]\s*)?([A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(.*)$/;
const BULLET = /^\s*[•*-]\s*([A-Za-z_][\w.\-/]*)\s*:\s*(.*)$/;
const STARTS = new Set(['alert', 'summary', 'alert name', 'alertname']);
const LABEL_SECTIONS = new Set(['details', 'labels', 'additional labels', 'group labels']);

/** Parses all blocks that carry at least a summary, a description or one label. */
export function parseDetailsBlocks(lines: readonly string[], postedAt?: string): DetailsBlock[] {
  const blocks: DetailsBlock[] = [];
  let current: DetailsBlock = emptyBlock();
  let inDetails = false;
  let sawAlertLine = false;
  const hasContent = (block: DetailsBlock): boolean =>
    Boolean(block.summary || block.description || Object.keys(block.labels).length > 0);

  for (const line of lines) {
    const bullet = inDetails ? BULLET.exec(line) : null;
    if (bullet) {
      current.labels[bullet[1]] = bullet[2].trim();
      continue;
    }
    const field = FIELD.exec(line);
    if (field && !/^https?$/i.test(field[1])) {
      const name = field[1].toLowerCase().trim();
      const value = field[2].trim();
      inDetails = false;
      if (STARTS.has(name)) {
        sawAlertLine = true;
        if (hasContent(current)) blocks.push(current);
        current = { ...emptyBlock(), ...splitSeverity(value) };
      } else if (name === 'description' || name === 'message') {
        current.description ??= value;
      } else if (name === 'started' || name === 'starts at' || name === 'start' || name === 'since' || name === 'fired at') {
        current.startedAt = parseTimeOrAgo(value, postedAt) ?? undefined;
      } else if (name === 'ended' || name === 'ends at' || name === 'end' || name === 'resolved at') {
        current.endedAt = parseTimeOrAgo(value, postedAt) ?? undefined;
      } else if (LABEL_SECTIONS.has(name)) {
        inDetails = value === '';
      } else if (value !== '') {
        current.fields[name] ??= value;
      }
      continue;
    }
    if (line.trim() !== '') inDetails = false;
  }
  if (hasContent(current)) blocks.push(current);
  // Without an `Alert:` line the fields alone are not a block of this template.
  return sawAlertLine || blocks.some((block) => Object.keys(block.labels).length > 0) ? blocks : [];
}

/** `Summary text - critical` → summary and severity (the template appends the severity). */
function splitSeverity(value: string): { summary?: string; severity?: string } {
  const match = /^(.*\S)\s+-\s+([A-Za-z]+)$/.exec(value);
  if (match) return { summary: match[1], severity: match[2] };
  const leading = /^-\s+([A-Za-z]+)\s+(.+)$/.exec(value);
  if (leading) return { summary: leading[2], severity: leading[1] };
  return value ? { summary: value } : {};
}

function emptyBlock(): DetailsBlock {
  return { fields: {}, labels: {} };
}
