import { type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * Azure Monitor alerts in the common alert schema, as Logic Apps and webhooks post them:
 * `Fired:Sev3 Azure Monitor Alert <rule> on <resource> ( <type> ) at <time>` and the essentials
 * fields (`alertRule`, `severity`, `monitorCondition` Fired / Resolved, `alertTargetIDs`,
 * `configurationItems`, `firedDateTime`, `resolvedDateTime`).
 */
export const azureMonitorRecognizer: AlertRecognizer = {
  source: 'azure-monitor',
  recognize: recognizeAzure,
};

const SUBJECT = /^(Fired|Resolved|Activated|Deactivated)\s*:\s*(Sev\s?\d)\s+Azure Monitor Alert\s+(.+?)\s+on\s+(.+?)(?:\s*\(\s*[^)]*\))?(?:\s+at\s+(.+))?$/i;
// A relay's own heading: `Azure Monitor alert: <rule>`, `Azure Monitor alert 'rule' was activated …`.
const HEADING = /^Azure Monitor alert(?:\s+(?:fired|resolved))?\s*(?:[:：]\s*['"]?(.+?)['"]?|\s+['"](.+?)['"]\s+(?:was|has been)\s+(activated|resolved|deactivated|fired)\b.*)$/i;

function recognizeAzure(message: AlertMessage): AlertDraft | null {
  const fields = readFields(message.lines);
  const subject = SUBJECT.exec(message.headline);
  const heading = subject ? null : HEADING.exec(message.headline);
  const condition = subject?.[1] ?? fieldValue(fields, ['monitorCondition', 'Monitor condition', 'Condition']) ?? heading?.[3];
  const rule = subject?.[3] ?? fieldValue(fields, ['alertRule', 'Alert rule', 'Rule']) ?? heading?.[1] ?? heading?.[2];
  const marked = Boolean(subject) || /azure|essentials|alertTargetIDs|monitoringService|microsoft\.[a-z]+\//i.test(message.raw);
  if (!condition || !rule || !marked || !/^(fired|resolved|activated|deactivated)$/i.test(condition.trim())) return null;
  const status: AlertStatus = /^(resolved|deactivated)$/i.test(condition.trim()) ? 'resolved' : 'firing';
  const target = fieldValue(fields, ['alertTargetIDs', 'Alert target IDs', 'Affected resource', 'Resource', 'Target resource', 'Resource ID']);
  const item = (fieldValue(fields, ['configurationItems', 'Configuration items']) ?? subject?.[4] ?? target)
    ?.replace(/^\[|\]$/g, '')
    .replace(/"/g, '')
    .split(/\s*,\s*/)[0]
    ?.trim();
  // Log search alerts list resource ids (`/subscriptions/…/sites/checkout-func`): the resource is the last part.
  const resource = item && item.includes('/') ? lastSegment(item) : item;
  const labels: Record<string, string> = { alert_rule: rule };
  if (resource) labels.service = resource;
  const severity = subject?.[2] ?? fieldValue(fields, ['severity', 'Severity']);
  if (severity) labels.severity = severity;
  const signal = fieldValue(fields, ['signalType', 'Signal type']);
  if (signal) labels.signal_type = signal;
  const fired = fieldValue(fields, ['firedDateTime', 'Fired time', 'Fired at']) ?? (status === 'firing' ? subject?.[5] : undefined);
  const resolved = fieldValue(fields, ['resolvedDateTime', 'Resolved time', 'Resolved at']) ?? (status === 'resolved' ? subject?.[5] : undefined);
  return {
    source: 'azure-monitor',
    status,
    title: message.payload ? `${condition.trim()}: ${rule}${resource ? ` on ${resource}` : ''}` : message.headline,
    severity,
    name: rule,
    labels,
    identityLabels: { alert_rule: rule, ...(resource ? { resource } : {}) },
    firedAt: fired ? (parseTimestamp(fired) ?? undefined) : undefined,
    resolvedAt: resolved ? (parseTimestamp(resolved) ?? undefined) : undefined,
    descriptions: [fieldValue(fields, ['description', 'Description'])].filter((text): text is string => Boolean(text)),
    count: 1,
  };
}

/** `/subscriptions/…/virtualmachines/orders-vm` → `orders-vm`. */
function lastSegment(id: string): string {
  const parts = id.replace(/[[\]"]/g, '').split(',')[0].trim().split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}
