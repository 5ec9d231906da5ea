import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { statusOfWord } from './alert-status-words';
import { fieldValue, readFields } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * Zabbix's Slack media type and its default action messages: `Problem: <event name>`,
 * `Resolved in 5m 3s: <event name>`, `Updated problem in 10m: …`, with the `Host`, `Event time`,
 * `Severity`, `Opdata`, `Event tags` fields, or the message body `Problem started at 10:31:44 on
 * 2025.03.11` / `Problem has been resolved at … on …` / `Host:` / `Severity:`. A resolution
 * usually edits the problem's first message (`chat.update`). Subjects in other languages are read
 * from their status word, else from the post's colour (the media type's #009900 on recovery);
 * the Chinese action message copied into many webhook scripts (告警主机, 告警等级, 当前状态
 * PROBLEM / OK, 告警时间 / 恢复时间) too.
 */
export const zabbixRecognizer: AlertRecognizer = {
  source: 'zabbix',
  recognize: recognizeZabbix,
};

const TITLE = /^(Problem|Resolved(?:\s+in\s+[\dhmsdw ]+)?|Updated problem(?:\s+in\s+[\dhmsdw ]+)?|Recovered|PROBLEM|RESOLVED|OK)\s*[:：]\s*(.+)$/;
// An action subject in another language: a status word, maybe `<in> <duration>`, a colon (`Решено за 12m: …`, `復旧: …`).
const LOCAL_TITLE = /^(\S{1,20}?)(?:\s+\S{1,4}\s+[\dhmsdw ]+)?\s*[:：]\s*(.+)$/u;
const MAX_SUBJECT_LENGTH = 400;
const MARKER = /zabbix|tr_events\.php|Original problem ID|Problem started at|Problem has been resolved|Event tags|Trigger description|Operational data|Opdata|事件ID|Event ID/i;
// Field names of the media type and of the action messages widely copied in Chinese.
const HOST = ['Host', 'Host name', 'Hostname', '告警主机', '恢复主机', '主机', '主机名'];
const PROBLEM = ['Problem name', 'Event name', 'Trigger', 'Trigger name', '告警信息', '故障信息'];
const SEVERITY = ['Severity', 'Event severity', 'Trigger severity', '告警等级', '严重性'];
const EVENT_TIME = ['Event time', 'Time', '告警时间', '故障时间'];
const RECOVERY_TIME = ['恢复时间', 'Recovery time'];
// {TRIGGER.STATUS} prints PROBLEM or OK in every language.
const STATUS_FIELD = ['Trigger status', 'Current status', '当前状态', '触发器状态'];
const AT_ON = /\bat\s+(\d{1,2}:\d{2}(?::\d{2})?)\s+on\s+(\d{4}[./-]\d{2}[./-]\d{2})/i;

function recognizeZabbix(message: AlertMessage): AlertDraft | null {
  if (!MARKER.test(message.raw)) return null;
  const fields = readFields(bodyLines(message));
  const host = fieldValue(fields, HOST)?.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
  const statusField = /^(PROBLEM|OK|RESOLVED)\b/.exec(fieldValue(fields, STATUS_FIELD)?.trim() ?? '')?.[1];
  // A subject is a line, not a document: longer text is no subject (and stays linear to read).
  const subject = message.headline.length <= MAX_SUBJECT_LENGTH ? message.headline : '';
  const title = TITLE.exec(subject);
  const local = title ? null : LOCAL_TITLE.exec(subject);
  const localStatus = local ? statusOfWord(local[1]) : undefined;
  // The media type's own fields tell a Zabbix post whatever language its subject is in.
  const mediaType = host !== undefined && fieldValue(fields, [...EVENT_TIME, ...SEVERITY]) !== undefined;
  const status = title ? statusOf(title[1], message.raw) : statusField ? statusOf(statusField, message.raw) : (localStatus ?? (mediaType ? (message.colorHint ?? 'firing') : undefined));
  if (!status || (!title && !mediaType && !statusField)) return null;
  const problem = fieldValue(fields, PROBLEM) ?? (title ?? local)?.[2].trim() ?? message.headline;
  if (!host && !problem) return null;
  const labels: Record<string, string> = {};
  if (host) labels.host = host;
  Object.assign(labels, tagLabels(fieldValue(fields, ['Event tags', 'Tags']) ?? '', message.lines));
  const severity = fieldValue(fields, SEVERITY);
  if (severity) labels.severity = severity;

  const eventTime = fieldValue(fields, status === 'resolved' ? [...RECOVERY_TIME, ...EVENT_TIME] : EVENT_TIME);
  const startedAt = stamp(/Problem started at[^\n]*/i.exec(message.raw)?.[0]) ?? (eventTime ? parseTimestamp(eventTime) : null);
  const resolvedAt = stamp(/(?:has been resolved|resolved) at[^\n]*/i.exec(message.raw)?.[0]);
  return {
    source: 'zabbix',
    status,
    title: message.headline,
    severity,
    name: problem,
    labels,
    identityLabels: host ? { host } : {},
    firedAt: status === 'firing' ? (startedAt ?? undefined) : (stamp(/Problem started at[^\n]*/i.exec(message.raw)?.[0]) ?? undefined),
    resolvedAt: status === 'resolved' ? (resolvedAt ?? (eventTime ? parseTimestamp(eventTime) : null) ?? undefined) : undefined,
    descriptions: [fieldValue(fields, ['Trigger description', 'Opdata', 'Operational data'])].filter((text): text is string => Boolean(text)),
    count: 1,
  };
}

function statusOf(word: string, raw: string): AlertStatus {
  if (/^(resolved|recovered|ok)/i.test(word)) return 'resolved';
  if (/^problem$/i.test(word)) return 'firing';
  if (/^updated/i.test(word)) return /\backnowledged\b/i.test(raw) ? 'acknowledged' : 'firing';
  return 'firing';
}

/** `10:31:44 on 2025.03.11` → ISO. */
function stamp(text: string | undefined): string | null {
  if (!text) return null;
  const match = AT_ON.exec(text);
  return match ? parseTimestamp(`${match[2]} ${match[1]}`) : null;
}

/** Event tags `service: orders-api` (one per line, or comma-separated `service:orders-api`). */
function tagLabels(value: string, lines: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const start = lines.findIndex((line) => /^\s*Event tags\s*:?\s*$/i.test(line));
  const tagLines = start >= 0 ? lines.slice(start + 1, start + 12).filter((line) => /^\s*[\w.-]+\s*:\s*\S/.test(line)) : [];
  for (const part of [...value.split(/,\s*/), ...tagLines]) {
    const match = /^\s*([A-Za-z][\w.-]*)\s*:\s*(\S.*?)\s*$/.exec(part);
    if (match && match[1].toLowerCase() !== 'host') labels[match[1].toLowerCase()] ??= match[2];
  }
  return labels;
}
