import { type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * New Relic workflow notifications to Slack: the issue title (`Memory Used % > 90 for at least
 * 2 minutes on 'checkout'`), `Priority` (CRITICAL / HIGH / MEDIUM / LOW), `State` (ACTIVATED,
 * CREATED, ACKNOWLEDGED, CLOSED), `Impacted entities`, `Condition`, `Policy`, and links to
 * one.newrelic.com / radar-api.service.newrelic.com.
 */
export const newrelicRecognizer: AlertRecognizer = {
  source: 'newrelic',
  recognize: recognizeNewRelic,
};

const STATES: Record<string, AlertStatus> = { ACTIVATED: 'firing', CREATED: 'firing', ACKNOWLEDGED: 'acknowledged', CLOSED: 'resolved', RESOLVED: 'resolved' };
const TITLE_STATE = /^(?:\[?(?:Issue|Incident)\s+)?\[?(ACTIVATED|CREATED|ACKNOWLEDGED|CLOSED)\]?\s*[:\-–]?\s*(.*)$/;

function recognizeNewRelic(message: AlertMessage): AlertDraft | null {
  const fields = readFields(message.lines);
  const titleState = TITLE_STATE.exec(message.headline);
  const stateText = (fieldValue(fields, ['State', 'Issue state', 'Status']) ?? titleState?.[1])?.toUpperCase().trim();
  const status = stateText ? STATES[stateText.split(/\s/)[0]] : undefined;
  const marked = /newrelic\.com|new relic|Impacted entities|Issue ID|Total incidents|Alert policy/i.test(message.raw);
  if (!status || !marked) return null;
  const title = titleState?.[2]?.trim() || fieldValue(fields, ['Title', 'Issue title']) || message.headline;
  const entity =
    fieldValue(fields, ['Impacted entities', 'Impacted entity', 'Entity', 'Entities', 'Target']) ?? /\bon\s+'([^']+)'/.exec(title)?.[1];
  const condition = fieldValue(fields, ['Condition', 'Condition name', 'Alert condition names', 'Alert condition']);
  const labels: Record<string, string> = {};
  if (entity) labels.service = entity.split(/\s*,\s*/)[0].replace(/^'|'$/g, '');
  if (condition) labels.condition = condition;
  const policy = fieldValue(fields, ['Policy', 'Policy name', 'Alert policy names']);
  if (policy) labels.policy = policy;
  const priority = fieldValue(fields, ['Priority']);
  if (priority) labels.priority = priority;
  const created = fieldValue(fields, ['Created at', 'Activated at', 'Opened', 'Created']);
  const closed = fieldValue(fields, ['Closed at', 'Resolved at']);
  const name = condition ?? title;
  return {
    source: 'newrelic',
    status,
    title: message.headline,
    severity: priority,
    name,
    labels,
    identityLabels: { ...(labels.service ? { service: labels.service } : {}), ...(policy ? { policy } : {}) },
    firedAt: created ? (parseTimestamp(created) ?? undefined) : undefined,
    resolvedAt: closed ? (parseTimestamp(closed) ?? undefined) : undefined,
    descriptions: [title],
    count: Number(fieldValue(fields, ['Total incidents', 'Incidents'])) || 1,
  };
}
