import { createHash } from 'node:crypto';
import type { AlertSource } from './alert-schema';

/**
 * Labels that change between two postings of the same alert (values, times, who is on it) or
 * when it escalates (severity, priority): they must not split one alert into two.
 */
const VOLATILE_LABELS = new Set([
  'value', 'values', 'startsat', 'endsat', 'starts_at', 'ends_at', 'firedat', 'fired_at', 'timestamp', 'time',
  'severity', 'priority', 'urgency', 'incident', 'assigned', 'assignee', 'status', 'count', 'alertname', 'monitor',
]);

/**
 * Stable identity of an alert across re-fires: the source, the alert's name and its identifying
 * labels, sorted. Returns `<source>:<16 hex digits>`.
 */
export function alertFingerprint(source: AlertSource, name: string, labels: Record<string, string>): string {
  const identifying = Object.entries(labels)
    .filter(([key]) => !VOLATILE_LABELS.has(key.toLowerCase()))
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const canonical = JSON.stringify([source, name.trim(), identifying]);
  return `${source}:${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}
