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
      } else if (DESCRIPTIONS.has(name)) {
        current.description ??= value;
      } else if (STARTED.has(name)) {
        current.startedAt = parseTimeOrAgo(value, postedAt) ?? undefined;
      } else if (ENDED.has(name)) {
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
