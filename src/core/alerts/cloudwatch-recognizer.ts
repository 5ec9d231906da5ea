import { type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields, readPairs } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * Amazon CloudWatch alarms through SNS: AWS Chatbot's `CloudWatch Alarm | name | region`
 * notifications, SNS-to-Slack functions' `Alarm Name` / `Current State` / `Alarm reason`
 * fields, and the SNS subject `ALARM: "name" in US East (N. Virginia)` with its body ("has
 * entered the ALARM state … at "Tuesday 11 March, 2025 10:21:05 UTC""), and the alarm's JSON as
 * SNS delivers it. ALARM fires, OK resolves; INSUFFICIENT_DATA is an update that starts nothing.
 */
export const cloudwatchRecognizer: AlertRecognizer = {
  source: 'cloudwatch',
  recognize: recognizeCloudwatch,
};

const SUBJECT = /^(ALARM|OK|INSUFFICIENT_DATA)\s*:\s*"([^"]+)"\s+in\s+(.+)$/;
const CHATBOT = /^(?:CloudWatch\s+)?Alarm\s*\|\s*([^|]+?)\s*\|\s*([a-z]{2}-[a-z]+-\d)/i;
const ENTERED = /has entered the (ALARM|OK|INSUFFICIENT_DATA) state/;
// The threshold reason names the transition: `(minimum 3 datapoints for OK -> ALARM transition)`.
const TRANSITION = /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*(?:->|→|to)\s*(ALARM|OK|INSUFFICIENT_DATA)\s+transition\b/;
const STATE_WORD = /\b(ALARM|OK|INSUFFICIENT_DATA)\b/;
// AWS Chatbot prints the state change time on its own line: `@2025-06-17 08:40:03 UTC`.
const AT_LINE = /^\s*@\s*(\d{4}-\d{2}-\d{2}[T ][^\n]+)$/m;
// Dimensions that name the workload, most specific first.
const WORKLOAD_DIMENSIONS = ['ServiceName', 'FunctionName', 'DBInstanceIdentifier', 'DBClusterIdentifier', 'QueueName', 'TableName', 'CacheClusterId', 'StateMachineArn', 'TargetGroup', 'LoadBalancer', 'LoadBalancerName', 'AutoScalingGroupName', 'ClusterName', 'InstanceId'];

function recognizeCloudwatch(message: AlertMessage): AlertDraft | null {
  const fields = readFields(message.lines);
  const subject = SUBJECT.exec(message.headline);
  const chatbot = CHATBOT.exec(message.headline);
  const alarmName = subject?.[2] ?? chatbot?.[1]?.trim() ?? fieldValue(fields, ['Alarm Name', 'AlarmName', 'Alarm']);
  const stateText =
    fieldValue(fields, ['Current State', 'NewStateValue', 'New State', 'State']) ??
    subject?.[1] ??
    ENTERED.exec(message.raw)?.[1] ??
    TRANSITION.exec(message.raw)?.[1] ??
    (chatbot ? STATE_WORD.exec(message.raw)?.[1] : undefined);
  const cloudwatch = Boolean(subject || chatbot) || /cloudwatch|AWS\/[A-Za-z]+|NewStateReason|Alarm reason|StateChangeTime/i.test(message.raw);
  if (!alarmName || !stateText || !cloudwatch) return null;
  const state = STATE_WORD.exec(stateText.toUpperCase())?.[1];
  if (!state) return null;
  // INSUFFICIENT_DATA says the metric is missing: neither a fault nor a recovery.
  const status: AlertStatus = state === 'OK' ? 'resolved' : 'firing';

  const labels: Record<string, string> = { alarm: alarmName };
  const region = subject?.[3] ?? chatbot?.[2] ?? fieldValue(fields, ['Region']);
  if (region) labels.region = region.trim();
  const dimensions = dimensionsOf(message.lines);
  Object.assign(labels, dimensions);
  const workload = WORKLOAD_DIMENSIONS.map((name) => dimensions[name]).find(Boolean);
  if (workload) labels.service = workloadOf(workload);
  const changed =
    fieldValue(fields, ['StateChangeTime', 'State Change Time', 'Timestamp', 'Time']) ?? /\bat\s+"([^"]+)"/.exec(message.raw)?.[1] ?? AT_LINE.exec(message.raw)?.[1];
  const when = changed ? (parseTimestamp(changed.replace(/^@/, '')) ?? undefined) : undefined;
  const reason = fieldValue(fields, ['Alarm reason', 'NewStateReason', 'Reason']);
  return {
    source: 'cloudwatch',
    status,
    title: message.payload ? `${state}: "${alarmName}"${labels.region ? ` in ${labels.region}` : ''}` : message.headline,
    name: alarmName,
    labels,
    identityLabels: { alarm: alarmName, ...(labels.region ? { region: labels.region } : {}) },
    firedAt: status === 'firing' ? when : undefined,
    resolvedAt: status === 'resolved' ? when : undefined,
    descriptions: [fieldValue(fields, ['Alarm Description', 'AlarmDescription', 'Description']), reason].filter((text): text is string => Boolean(text)),
    count: 1,
    update: state === 'INSUFFICIENT_DATA',
  };
}

/** The longest line read for dimensions (a JSON payload on one line included). */
const MAX_DIMENSION_LINE = 4096;

/** `FunctionName = orders-api`, `[FunctionName = orders-api]`, `{"name":"FunctionName","value":"x"}`. */
function dimensionsOf(lines: readonly string[]): Record<string, string> {
  const dimensions: Record<string, string> = {};
  const known = new Set(WORKLOAD_DIMENSIONS.map((name) => name.toLowerCase()));
  for (const line of lines) {
    // A dimension line is short; a pasted document is not scanned (keeps the patterns linear).
    if (line.length > MAX_DIMENSION_LINE) continue;
    for (const match of line.matchAll(/"name"\s*:\s*"([A-Za-z]+)"\s*,\s*"value"\s*:\s*"([^"]+)"/g)) dimensions[match[1]] ??= match[2];
    for (const pair of readPairs(line.replace(/[[\]]/g, ' '))) if (known.has(pair.key.toLowerCase())) dimensions[canonical(pair.key)] ??= pair.value;
    const colon = /^\s*(?:[-•]\s*)?([A-Za-z]+)\s*[:=]\s*(\S+)\s*$/.exec(line.trim());
    if (colon && known.has(colon[1].toLowerCase())) dimensions[canonical(colon[1])] ??= colon[2];
  }
  return dimensions;
}

function canonical(name: string): string {
  return WORKLOAD_DIMENSIONS.find((known) => known.toLowerCase() === name.toLowerCase()) ?? name;
}

/** `app/orders-alb/50dc6c495c0c9188` → `orders-alb`; an ARN → its last name part. */
function workloadOf(value: string): string {
  const parts = value.split(/[/:]/).filter(Boolean);
  if (/^(app|net|targetgroup)\//.test(value) && parts.length >= 2) return parts[1];
  return parts.length > 1 && value.startsWith('arn:') ? parts[parts.length - 1] : value;
}
