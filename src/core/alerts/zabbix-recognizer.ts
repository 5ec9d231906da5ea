import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * Zabbix's Slack media type and its default action messages: `Problem: <event name>`,
 * `Resolved in 5m 3s: <event name>`, `Updated problem in 10m: …`, with the `Host`, `Event time`,
 * `Severity`, `Opdata`, `Event tags` fields, or the message body `Problem started at 10:31:44 on
 * 2025.03.11` / `Problem has been resolved at … on …` / `Host:` / `Severity:`. A resolution
 * usually edits the problem's first message (`chat.update`).
 */
export const zabbixRecognizer: AlertRecognizer = {
  source: 'zabbix',
  recognize: recognizeZabbix,
};

const TITLE = /^(Problem|Resolved(?:\s+in\s+[\dhmsdw ]+)?|Updated problem(?:\s+in\s+[\dhmsdw ]+)?|Recovered|PROBLEM|RESOLVED|OK)\s*[:：]\s*(.+)$/;
const MARKER = /zabbix|tr_events\.php|Original problem ID|Problem started at|Problem has been resolved|Event tags|Trigger description|Operational data|Opdata/i;
const AT_ON = /\bat\s+(\d{1,2}:\d{2}(?::\d{2})?)\s+on\s+(\d{4}[./-]\d{2}[./-]\d{2})/i;

function recognizeZabbix(message: AlertMessage): AlertDraft | null {
  const title = TITLE.exec(message.headline);
  if (!title || !MARKER.test(message.raw)) return null;
  const fields = readFields(bodyLines(message));
  const host = fieldValue(fields, ['Host', 'Host name', 'Hostname'])?.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
  const problem = fieldValue(fields, ['Problem name', 'Event name', 'Trigger']) ?? title[2].trim();
  if (!host && !problem) return null;
  const status = statusOf(title[1], message.raw);
  const labels: Record<string, string> = {};
  if (host) labels.host = host;
  Object.assign(labels, tagLabels(fieldValue(fields, ['Event tags', 'Tags']) ?? '', message.lines));
  const severity = fieldValue(fields, ['Severity', 'Event severity', 'Trigger severity']);
  if (severity) labels.severity = severity;

  const eventTime = fieldValue(fields, ['Event time', 'Time']);
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
