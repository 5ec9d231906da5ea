import { type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { parseTimestamp } from './time-parser';

/**
 * Nightingale (n9e) notifications from its stock templates: `S2 - Triggered - <rule>` /
 * `S2 Recovered`, `规则标题` / `告警名称` (rule title), `监控指标` (tags: `ident=web-01 …`), `级别状态`,
 * `触发时间` / `恢复时间` (trigger / recovery time), `触发时值` (value), `规则备注` / `告警描述`
 * (the rule's note), in Chinese or English (the DingTalk, WeCom, Feishu card and Telegram templates).
 */
export const nightingaleRecognizer: AlertRecognizer = {
  source: 'nightingale',
  recognize: recognizeNightingale,
};

const LEVEL_STATE = /\bS([1-3])\s*[-–]?\s*(Triggered|Recovered)\b(?:\s*[-–]\s*(.+))?/i;
const RULE = ['规则标题', '规则名称', '告警名称', 'Rule Name', 'Rule Title', 'Alert Name', 'Rule'];
const TAGS = ['监控指标', '告警标签', 'Tags', 'Metric', 'Labels'];
const TARGET = ['监控对象', 'Target', 'Target Ident', 'Ident'];

function recognizeNightingale(message: AlertMessage): AlertDraft | null {
  const fields = readFields(message.lines);
  const levelState = LEVEL_STATE.exec(fieldValue(fields, ['级别状态', 'Severity', 'Level']) ?? '') ?? LEVEL_STATE.exec(message.headline);
  const rule = fieldValue(fields, RULE) ?? levelState?.[3]?.trim();
  if (!levelState || !rule) return null;
  const status: AlertStatus = /recovered/i.test(levelState[2]) ? 'resolved' : 'firing';
  const labels = tagsOf(fieldValue(fields, TAGS) ?? '');
  const target = fieldValue(fields, TARGET);
  if (target) labels.ident ??= target;
  if (labels.ident && !labels.host) labels.host = labels.ident;
  labels.rulename = rule;
  const triggered = fieldValue(fields, ['触发时间', '首次触发时间', 'Trigger Time', 'First Trigger Time']);
  const recovered = fieldValue(fields, ['恢复时间', 'Recovery Time', 'Recovered Time']);
  const identity = { ...labels };
  return {
    source: 'nightingale',
    status,
    title: message.headline,
    severity: `S${levelState[1]}`,
    name: rule,
    labels,
    identityLabels: identity,
    firedAt: triggered ? (parseTimestamp(triggered) ?? undefined) : undefined,
    resolvedAt: recovered ? (parseTimestamp(recovered) ?? undefined) : undefined,
    descriptions: [fieldValue(fields, ['规则备注', '告警描述', 'Rule Note', 'Note', 'Description'])].filter((text): text is string => Boolean(text)),
    count: 1,
  };
}

/** `["ident=web-01","__name__=cpu"]`, `ident=web-01,service=orders-api`, `{ident="web-01"}`. */
function tagsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z_][\w.-]*)\s*[=:]\s*"?([^",\]}\s]+)"?/g)) {
    if (match[1] !== '__name__') labels[match[1]] ??= match[2];
  }
  return labels;
}
