import { stripLeadingEmoji } from './slack-mrkdwn';
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

const FIELD = /^\s*(?:[•*-]\s*)?([\p{L}][\p{L} ]{0,24}?)\s*[:：]\s*(.*)$/u;
const BULLET = /^\s*[•*-]\s*([A-Za-z_][\w.\-/]*)\s*:\s*(.*)$/;
// Under a heading the template's language names (`Detalles:`, `詳細:`), bullets keyed like Prometheus labels.
const LABEL_BULLET = /^\s*[•*-]\s*([a-z_][a-z0-9_]*)\s*:\s*(.*)$/;
// Field names as the English template writes them and as its common translations do.
const STARTS = new Set(['alert', 'summary', 'alert name', 'alertname', 'アラート', '概要', '알림', '경보', '요약', '告警', '告警名称', '摘要', 'alarm', 'warnung', 'alerte', 'alerta']);
const DESCRIPTIONS = new Set(['description', 'message', '説明', '詳細説明', '설명', '描述', '告警描述', 'beschreibung', 'descripción']);
const STARTED = new Set(['started', 'starts at', 'start', 'since', 'fired at', '開始', '開始時刻', '発生時刻', '시작', '시작 시간', '开始时间', '触发时间', 'beginn', 'début']);
const ENDED = new Set(['ended', 'ends at', 'end', 'resolved at', '終了', '終了時刻', '종료', '结束时间', '恢复时间', 'ende']);
const LABEL_SECTIONS = new Set(['details', 'labels', 'additional labels', 'group labels', '詳細', 'ラベル', '상세', '레이블', '详情', '标签', 'einzelheiten', 'détails']);

/** Parses all blocks that carry at least a summary, a description or one label. */
export function parseDetailsBlocks(lines: readonly string[], postedAt?: string): DetailsBlock[] {
  const blocks: DetailsBlock[] = [];
  let current: DetailsBlock = emptyBlock();
  // 'labels': under a known label heading; 'maybe': under another empty heading (label-shaped bullets only).
  let inDetails: 'labels' | 'maybe' | false = false;
  let sawAlertLine = false;
  const hasContent = (block: DetailsBlock): boolean =>
    Boolean(block.summary || block.description || Object.keys(block.labels).length > 0);

  for (const raw of lines) {
    const bullet = inDetails === 'labels' ? BULLET.exec(raw) : inDetails === 'maybe' ? LABEL_BULLET.exec(raw) : null;
    if (bullet) {
      current.labels[bullet[1]] = bullet[2].trim();
      continue;
    }
    // Templates decorate field names with emoji (`📝 Description:`); the name is the word.
    const line = stripLeadingEmoji(raw.trim());
    const field = FIELD.exec(line);
    if (field && !/^https?$/i.test(field[1])) {
      const name = field[1].toLowerCase().trim();
      const value = field[2].trim();
      inDetails = false;
      if (STARTS.has(name)) {
        sawAlertLine = true;
        if (hasContent(current)) blocks.push(current);
        current = { ...emptyBlock(), ...splitSeverity(value) };
      } else if (DESCRIPTIONS.has(name)) {
        current.description ??= value;
      } else if (STARTED.has(name)) {
        // A block listing several instances keeps the earliest start and the latest end.
        current.startedAt = earliest(current.startedAt, parseTimeOrAgo(value, postedAt));
      } else if (ENDED.has(name)) {
        current.endedAt = latest(current.endedAt, parseTimeOrAgo(value, postedAt));
      } else if (value === '') {
        inDetails = LABEL_SECTIONS.has(name) ? 'labels' : 'maybe';
      } else {
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

function earliest(current: string | undefined, next: string | null): string | undefined {
  if (!next) return current;
  return current === undefined || Date.parse(next) < Date.parse(current) ? next : current;
}

function latest(current: string | undefined, next: string | null): string | undefined {
  if (!next) return current;
  return current === undefined || Date.parse(next) > Date.parse(current) ? next : current;
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
