import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import { fieldValue, readFields } from './field-lines';
import { looksLikeServiceName } from './service-name';
import { parseTimestamp } from './time-parser';

/**
 * PagerDuty Slack app messages: `Triggered #1234: High error rate on checkout-api`,
 * `Resolved #1234 …`, `Acknowledged by Jane: #1234 …`, or `[#1234] Summary` with a
 * `Status:` field; fields `Service:`, `Urgency:`, `Priority:`, `Assigned:`, `Escalation Policy:`.
 * Reassignments, escalations, priority changes and merges are updates that start nothing.
 */
export const pagerdutyRecognizer: AlertRecognizer = {
  source: 'pagerduty',
  recognize: recognizePagerduty,
};

const STATUS = '(Triggered|Acknowledged|Resolved|Reassigned|Escalated|Unacknowledged|Re-?opened)';
const STATUS_FIRST = new RegExp(`^${STATUS}(?:\\s+by\\s+[^:#]{1,80}?)?\\s*:?\\s*#(\\d+)\\s*[:\\-–—]?\\s*(.+)$`, 'i');
const NUMBER_FIRST = /^\[?#(\d+)\]?\s*[:\-–—]?\s*(.+)$/;
// Changes of an open incident PagerDuty announces in the channel: they start nothing.
const CHANGE = /\b(priority changed|reassigned|escalated|merged into|note added|urgency changed)\b/i;
const UPDATE_STATUS = /^(reassigned|escalated)$/i;
const MARKER = /pagerduty/i;

function recognizePagerduty(message: AlertMessage): AlertDraft | null {
  const bodyFields = readFields(bodyLines(message));
  const findField = (_lines: unknown, names: string[]): string | undefined => fieldValue(bodyFields, names);
  const body = bodyFields;
  let status: string | undefined;
  let incident: string;
  let summary: string;
  const statusFirst = STATUS_FIRST.exec(message.headline);
  if (statusFirst) {
    [, status, incident, summary] = statusFirst;
  } else if (CHANGE.test(message.headline) && MARKER.test(message.raw)) {
    return changeOf(message);
  } else {
    const numberFirst = NUMBER_FIRST.exec(message.headline);
    const statusField = findField(body, ['Status']);
    if (!numberFirst || !statusField || !/pagerduty|urgency/i.test(message.raw)) return null;
    if (!/^(triggered|acknowledged|resolved|reassigned|escalated|unacknowledged|re-?opened)\b/i.test(statusField.trim())) return null;
    [, incident, summary] = numberFirst;
    status = statusField;
  }
  summary = summary.trim();
  if (!summary) return null;

  const labels: Record<string, string> = { incident };
  const fields: [string, string[]][] = [
    ['service', ['Service', 'Impacted service']],
    ['urgency', ['Urgency']],
    ['priority', ['Priority']],
    ['assigned', ['Assigned', 'Assigned to', 'Assignee', 'Assignees']],
    ['escalation_policy', ['Escalation Policy']],
  ];
  for (const [label, names] of fields) {
    const value = findField(body, names);
    if (value) labels[label] = label === 'urgency' ? value.toLowerCase() : label === 'service' ? freeFormService(value) : value;
  }
  const created = findField(body, ['Created', 'Created at', 'Triggered at', 'Opened', 'Started']);
  const details = findField(body, ['Details', 'Description', 'Summary']);

  return {
    source: 'pagerduty',
    update: UPDATE_STATUS.test((status ?? '').trim()),
    status: /resolved/i.test(status ?? '') ? 'resolved' : /^acknowledged/i.test((status ?? '').trim()) ? 'acknowledged' : 'firing',
    severity: labels.priority ?? (labels.urgency ? `${labels.urgency}` : undefined),
    title: message.headline,
    name: summary,
    labels,
    identityLabels: labels.service ? { service: labels.service } : {},
    firedAt: created ? (parseTimestamp(created) ?? undefined) : undefined,
    descriptions: details ? [details] : [],
    count: 1,
  };
}

/** `Payments (payments-webhook)` → `payments-webhook`: PagerDuty service names are free-form. */
function freeFormService(value: string): string {
  const inner = /\(\s*([A-Za-z][\w.-]*[A-Za-z0-9])\s*\)\s*$/.exec(value);
  return inner && looksLikeServiceName(inner[1]) ? inner[1] : value;
}

/** A change notice (`Priority changed to P2 for #5790 …`, `#5824 … was merged into #5821 …`). */
function changeOf(message: AlertMessage): AlertDraft | null {
  const incident = /#(\d+)\]?\s*[:\-–—]?\s*([^#\n]+)/.exec(message.headline);
  if (!incident) return null;
  const summary = incident[2].replace(/\s+(was merged into|reassigned to|escalated to)\b.*$/i, '').trim();
  return {
    source: 'pagerduty',
    status: 'firing',
    update: true,
    title: message.headline,
    name: summary || message.headline,
    labels: { incident: incident[1] },
    identityLabels: {},
    descriptions: [],
    count: 1,
  };
}
