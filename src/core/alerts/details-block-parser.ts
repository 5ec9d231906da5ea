import { parseTimestamp } from './time-parser';

/**
 * The per-alert blocks of the widely used Alertmanager Slack template:
 *
 * ```
 * *Alert:* Summary - `critical`
 * *Description:* …
 * *Started:* 2023-01-29 10:57:35 UTC
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
  labels: Record<string, string>;
}

const FIELD = /^\s*(Alert|Summary|Description|Started|Starts At|Ends At|Ended|Runbook|Details|Labels)\s*:\s*(.*)$/i;
const BULLET = /^\s*[•*-]\s*([A-Za-z_][\w.\-/]*)\s*:\s*(.*)$/;

/** Parses all blocks that carry at least a summary, a description or one label. */
export function parseDetailsBlocks(lines: readonly string[]): DetailsBlock[] {
  const blocks: DetailsBlock[] = [];
  let current: DetailsBlock = { labels: {} };
  let inDetails = false;
  const hasContent = (block: DetailsBlock): boolean =>
    Boolean(block.summary || block.description || Object.keys(block.labels).length > 0);

  for (const line of lines) {
    const field = FIELD.exec(line);
    if (field) {
      const name = field[1].toLowerCase();
      const value = field[2].trim();
      inDetails = false;
      if (name === 'alert' || name === 'summary') {
        if (hasContent(current)) blocks.push(current);
        current = { labels: {}, ...splitSeverity(value) };
      } else if (name === 'description') {
        current.description = value;
      } else if (name === 'started' || name === 'starts at') {
        current.startedAt = parseTimestamp(value) ?? undefined;
      } else if (name === 'details' || name === 'labels') {
        inDetails = true;
      }
      continue;
    }
    const bullet = inDetails ? BULLET.exec(line) : null;
    if (bullet) {
      current.labels[bullet[1]] = bullet[2].trim();
      continue;
    }
    if (line.trim() !== '') inDetails = false;
  }
  if (hasContent(current)) blocks.push(current);
  return blocks;
}

/** `Summary text - critical` → summary and severity (the template appends the severity). */
function splitSeverity(value: string): { summary?: string; severity?: string } {
  const match = /^(.*\S)\s+-\s+([A-Za-z]+)$/.exec(value);
  if (match) return { summary: match[1], severity: match[2] };
  return value ? { summary: value } : {};
}
