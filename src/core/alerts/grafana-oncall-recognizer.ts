import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { statusOfWord } from './alert-status-words';
import { fieldValue, readFields } from './field-lines';

/**
 * Grafana OnCall's alert group messages: the title `#58 KubeJobFailed via Alertmanager (source)`
 * linking to the alert group, the integration's message (`Status: firing`, a `Labels:` list of
 * `key: value` or `key=value` lines, `Annotations:`), and — when the group changes — the same
 * message updated with "Acknowledged by …" or "Resolved by …". Posted by OnCall, so the source is
 * Grafana; the labels are those of the alert it received.
 */
export const grafanaOncallRecognizer: AlertRecognizer = {
  source: 'grafana',
  recognize: recognizeOncall,
};

const MARKER = /grafana-oncall-app|\/alert-groups\/|via Grafana OnCall/i;
const TITLE = /^#(\d+)\s+(.+?)\s+via\s+(.+?)(?:\s*\(source\))?\s*$/i;
const SECTION = /^\s*(?::[a-z_]+:\s*)?(Labels|Annotations|Other annotations|Common Labels|Group Labels)\s*:\s*$/i;
const ENTRY = /^\s*[-•]?\s*([A-Za-z_][\w.\-/]*)\s*(?:[:=])\s*(.*)$/;

function recognizeOncall(message: AlertMessage): AlertDraft | null {
  const title = TITLE.exec(message.headline);
  if (!title || !MARKER.test(message.raw)) return null;
  const body = bodyLines(message);
  const { labels, annotations } = sections(body);
  const fields = readFields(body);
  const name = labels.alertname ?? title[2].trim();
  const count = Number(/out of (\d+) total/i.exec(message.raw)?.[1] ?? 1);
  return {
    source: 'grafana',
    status: statusOf(message.raw, fieldValue(fields, ['Status'])),
    title: message.headline,
    severity: labels.severity ?? fieldValue(fields, ['Severity']),
    name,
    labels: { alertname: name, ...labels },
    firedAt: undefined,
    descriptions: [annotations.summary, annotations.description, annotations.message].filter((text): text is string => Boolean(text)),
    count: Number.isFinite(count) && count > 0 ? count : 1,
  };
}

/** OnCall's own words for what people or the source did win over the payload's status. */
function statusOf(raw: string, statusField: string | undefined): AlertStatus {
  if (/\bResolved by\b/.test(raw)) return 'resolved';
  if (/\bAcknowledged by\b/.test(raw)) return 'acknowledged';
  const word = statusField?.replace(/[^\p{L}\s-]/gu, ' ').trim().split(/\s+/)[0];
  return (word ? statusOfWord(word) : undefined) ?? 'firing';
}

/** The `Labels:` and `Annotations:` lists (one `key: value` or `key=value` entry a line). */
function sections(lines: readonly string[]): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  let target: Record<string, string> | null = null;
  for (const line of lines) {
    const section = SECTION.exec(line);
    if (section) {
      target = /labels/i.test(section[1]) ? labels : annotations;
      continue;
    }
    const entry = target ? ENTRY.exec(line) : null;
    if (entry && target) {
      target[entry[1]] ??= entry[2].trim();
      continue;
    }
    if (line.trim() !== '') target = null;
  }
  return { labels, annotations };
}
