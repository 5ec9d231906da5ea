import type { AlertSeverity } from './alert-schema';

/**
 * Every tool's severity words on Causa's one scale. P1–P5 follow Datadog, Opsgenie and PagerDuty
 * (P1 critical … P4/P5 informational); Azure's Sev0 is critical and Sev1 an error; Nightingale's
 * S1 is its highest level; Zabbix's Average is a warning and Disaster critical.
 */
const WORDS: ReadonlyArray<[AlertSeverity, readonly string[]]> = [
  ['critical', ['critical', 'crit', 'fatal', 'disaster', 'emergency', 'emerg', 'page', 'p1', 'p0', 'sev0', 'sev-0', 'sev 0', 's1', 'blocker', 'urgent', 'highest',
    '致命的', '重大', '緊急', '심각', '치명적', '긴급', '严重', '紧急', '致命', '灾难', 'kritisch', 'dringend', 'critique', 'crítico', 'crítica']],
  ['high', ['high', 'error', 'err', 'major', 'p2', 'sev1', 'sev-1', 'sev 1', 'alert',
    '高', 'エラー', '높음', '오류', '错误', '高危', 'hoch', 'fehler', 'élevé', 'alto', 'alta']],
  ['warning', ['warning', 'warn', 'average', 'medium', 'moderate', 'minor', 'p3', 'sev2', 'sev-2', 'sev 2', 's2',
    '警告', '中', '경고', '보통', '一般', 'warnung', 'mittel', 'avertissement', 'advertencia', 'aviso']],
  ['info', ['info', 'informational', 'information', 'low', 'notice', 'none', 'not classified', 'p4', 'p5', 'sev3', 'sev4', 'sev-3', 'sev-4', 'sev 3', 'sev 4', 's3', 'verbose', 'debug', 'lowest',
    '情報', '低', '정보', '낮음', '信息', '提示', 'niedrig', 'faible', 'bajo', 'baja']],
];

const BY_WORD = new Map<string, AlertSeverity>(WORDS.flatMap(([severity, words]) => words.map((word) => [word, severity] as const)));

/**
 * Normalizes one severity value (`critical`, `P2`, `Sev3`, `S1`, `High urgency`, `重大`), or
 * returns undefined when it names none. Decorations are ignored: emoji, backticks, a leading
 * `S`/`P` level number with text after it (`S2 - Triggered`), and the words "priority"/"urgency".
 */
export function normalizeSeverity(raw: string | undefined): AlertSeverity | undefined {
  if (!raw) return undefined;
  const cleaned = raw
    .toLowerCase()
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/[`*_"'[\]()]/g, ' ')
    .replace(/\b(priority|urgency|severity|level|incident)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned === '') return undefined;
  const direct = BY_WORD.get(cleaned);
  if (direct) return direct;
  // Nightingale and others print bare levels: 1 (highest) … 3.
  if (/^[1-3]$/.test(cleaned)) return (['critical', 'warning', 'info'] as const)[Number(cleaned) - 1];
  for (const token of cleaned.split(/[\s,;/|:-]+/)) {
    const found = BY_WORD.get(token);
    if (found) return found;
  }
  return undefined;
}

/** Label and field names that carry a severity, most specific first. */
export const SEVERITY_KEYS: readonly string[] = [
  'severity', 'sev', 'level', 'priority', 'urgency', 'alert_level', 'og_priority', 'event_severity', 'trigger_severity',
  '重大度', '深刻度', '심각도', '严重程度', '严重性', '级别', '告警级别', 'schweregrad', 'priorität', 'gravité', 'severidad',
];

/** The first severity the labels state, by `SEVERITY_KEYS` order. */
export function severityFromLabels(labels: Record<string, string>): AlertSeverity | undefined {
  const lower = new Map(Object.entries(labels).map(([key, value]) => [key.toLowerCase(), value]));
  for (const key of SEVERITY_KEYS) {
    const severity = normalizeSeverity(lower.get(key));
    if (severity) return severity;
  }
  return undefined;
}
