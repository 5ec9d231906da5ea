import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { SEVERITY_KEYS } from './alert-severity';
import { statusOfWord } from './alert-status-words';
import { fieldKey, readFields, type Field } from './field-lines';
import { looksLikeServiceName, serviceFromText } from './service-name';
import { parseStatusTitle } from './status-title-parser';
import { detectSignal } from './symptom-extractor';
import { parseTimeOrAgo } from './time-parser';
import { workloadFromLabels } from './workload-labels';

/**
 * Fallback for tools without their own recognizer. It needs structure, never one capitalised
 * word: either a status title (`[FIRING] …`, `CRITICAL: …`, `… - RESOLVED`) whose rest names a
 * service or a symptom, or a block of labelled fields with a status or severity and a workload
 * (`Status: firing` / `Host: db-1` / `Severity: critical`). Chatter about alerts has neither.
 */
export const genericRecognizer: AlertRecognizer = {
  source: 'generic',
  recognize: recognizeGeneric,
};

const MAX_LENGTH = 20_000;
const STATUS_KEYS = new Set(['status', 'state', 'alert status', 'alert state', 'current state', 'event', 'event type', 'notification type', 'condition', 'monitor condition', '状态', '状態', '상태', 'zustand']);
const NAME_KEYS = new Set(['alert', 'alertname', 'alert name', 'name', 'rule', 'rule name', 'title', 'summary', 'problem', 'check', 'monitor', 'incident']);
const TIME_KEYS = new Set(['started', 'starts at', 'start time', 'fired at', 'triggered at', 'time', 'timestamp', 'date', 'event time', 'since', 'created', 'created at']);
const END_KEYS = new Set(['ended', 'ends at', 'resolved at', 'recovered at', 'end time', 'closed at']);

function recognizeGeneric(message: AlertMessage): AlertDraft | null {
  const text = message.lines.join('\n').trim();
  if (text === '' || text.length > MAX_LENGTH) return null;
  const subject = parseStatusTitle(message.headline);
  // A one-line `service=x status=DOWN` post is all fields, its first line included.
  const fields = readFields(subject ? bodyLines(message) : message.lines);
  const labels = labelsOf(fields);
  const fieldStatus = statusFromFields(fields);
  const workload = workloadFromLabels(labels);

  let status: AlertStatus;
  let name: string;
  // A question is someone asking about an alert, not the alert.
  if (subject && subject.name !== '' && !/\?/.test(subject.name)) {
    const titled = workload ?? serviceFromText(subject.name) ?? leadingService(subject.name) ?? serviceFromText(text);
    if (!titled && detectSignal([subject.name]) === 'unknown') return null;
    status = subject.status;
    name = subject.name;
    if (titled && !labels.service && !workload) labels.service = titled;
  } else {
    // A label block: a status (or severity) and a workload, in fields.
    const severity = SEVERITY_KEYS.some((key) => labels[key] !== undefined);
    if (Object.keys(labels).length < 2 || !workload || !(fieldStatus || severity)) return null;
    status = fieldStatus ?? 'firing';
    name = fieldNamed(fields, NAME_KEYS) ?? message.headline;
  }

  const started = fieldNamed(fields, TIME_KEYS);
  const ended = fieldNamed(fields, END_KEYS);
  return {
    source: 'generic',
    status,
    title: message.headline.slice(0, 200),
    severity: SEVERITY_KEYS.map((key) => labels[key]).find(Boolean),
    // Numbers vary between postings of the same alert; they are not part of its name.
    name: name.replace(/-?\d+(?:\.\d+)?/g, '#').slice(0, 200),
    labels,
    identityLabels: identity(labels),
    firedAt: started ? (parseTimeOrAgo(started, message.postedAt) ?? undefined) : undefined,
    resolvedAt: ended ? (parseTimeOrAgo(ended, message.postedAt) ?? undefined) : undefined,
    descriptions: bodyLines(message).filter((line) => line.trim() !== '').slice(0, 5),
    count: subject?.count ?? 1,
  };
}

/** Fields with one-word names become labels (`Host: db-1` → `host`); prose-like names do not. */
function labelsOf(fields: readonly Field[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const field of fields) {
    const key = fieldKey(field.key).replace(/ /g, '_');
    if (key.length > 30 || field.value.length > 200 || /^https?:/i.test(field.value)) continue;
    labels[key] ??= field.value.replace(/^`|`$/g, '').trim();
  }
  return labels;
}

/** The name a status title starts with: `payments-db disk usage 97%` → `payments-db`. */
function leadingService(name: string): string | undefined {
  const first = name.split(/[\s,;:()[\]{}"'`]+/).find((token) => token !== '');
  const token = first?.replace(/[.:!]+$/, '');
  return token && looksLikeServiceName(token) ? token : undefined;
}

function statusFromFields(fields: readonly Field[]): AlertStatus | undefined {
  for (const field of fields) {
    if (!STATUS_KEYS.has(fieldKey(field.key))) continue;
    const word = field.value.replace(/[`*_]/g, '').trim().split(/[\s,(]/)[0];
    const status = statusOfWord(word);
    if (status) return status;
  }
  return undefined;
}

function fieldNamed(fields: readonly Field[], names: ReadonlySet<string>): string | undefined {
  return fields.find((field) => names.has(fieldKey(field.key)))?.value;
}

/** Status, time and value fields change between posts of one alert; the rest identifies it. */
function identity(labels: Record<string, string>): Record<string, string> {
  const volatile = new Set([...STATUS_KEYS, ...TIME_KEYS, ...END_KEYS, 'value', 'current value', 'duration', 'description', 'details', 'message', 'summary'].map((key) => key.replace(/ /g, '_')));
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !volatile.has(key)));
}
