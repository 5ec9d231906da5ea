import { bodyLines, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { parseDatadogTags } from './datadog-tags';
import { parseTimestamp } from './time-parser';

/**
 * Opsgenie's Slack app: `New alert: "<message>"` / `Alert created`, `acknowledged by …`,
 * `closed by …`, `#1234 <message>`, with `Priority` (P1–P5), `Tags`, `Entity`, `Source`,
 * `Routed teams` fields and app.opsgenie.com links.
 */
export const opsgenieRecognizer: AlertRecognizer = {
  source: 'opsgenie',
  recognize: recognizeOpsgenie,
};

const ACTION = /\b(New alert|Alert created|created|acknowledged|un-?acknowledged|closed|auto-closed|re-?opened|escalated|snoozed|Alert closed|Alert acknowledged|assigned|priority changed|note added)\b/i;
// Actions that change an open alert without it firing anew.
const UPDATE = /^(escalated|assigned|priority changed|note added)$/i;
const QUOTED = /["“]([^"”]{3,200})["”]/;
const NUMBERED = /#(\d+)\s*[:\-–]?\s*(.+)$/;

function recognizeOpsgenie(message: AlertMessage): AlertDraft | null {
  if (!/opsgenie/i.test(message.raw)) return null;
  const action = ACTION.exec(message.headline);
  const fields = readFields(bodyLines(message));
  const priority = fieldValue(fields, ['Priority']) ?? /\[(P[1-5])\]/.exec(message.headline)?.[1];
  if (!action || !priority) return null;
  // The alert's message is quoted or numbered in the headline, or in the title under an action pretext.
  const titled = [message.headline, ...bodyLines(message)].map((line) => QUOTED.exec(line)?.[1] ?? NUMBERED.exec(line)?.[2]).find(Boolean);
  const summary = (titled ?? fieldValue(fields, ['Message', 'Alert']))
    ?.replace(/^\[P[1-5]\]\s*/, '')
    .trim();
  if (!summary) return null;
  const status = statusOf(action[1]);
  const labels: Record<string, string> = { priority };
  const entity = fieldValue(fields, ['Entity']);
  if (entity) labels.entity = entity;
  const tags = fieldValue(fields, ['Tags']);
  Object.assign(labels, tags ? (parseDatadogTags(tags) ?? {}) : {});
  if (!labels.service && entity) labels.service = entity;
  const created = fieldValue(fields, ['Created at', 'Created', 'Date']);
  return {
    source: 'opsgenie',
    status,
    update: UPDATE.test(action[1]),
    title: message.headline,
    severity: priority,
    name: summary,
    labels,
    identityLabels: labels.service ? { service: labels.service } : {},
    firedAt: created ? (parseTimestamp(created) ?? undefined) : undefined,
    descriptions: [fieldValue(fields, ['Description', 'Details'])].filter((text): text is string => Boolean(text)),
    count: 1,
  };
}

function statusOf(action: string): AlertStatus {
  if (/closed/i.test(action)) return 'resolved';
  if (/^acknowledged|alert acknowledged|snoozed/i.test(action)) return 'acknowledged';
  return 'firing';
}
