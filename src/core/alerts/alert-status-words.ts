import type { AlertStatus } from './alert-schema';

/**
 * The words alerting tools use for an alert's state, in the languages their templates are
 * commonly localized to. Matched whole (case-insensitive), never as part of a longer word.
 * Words that are ordinary English ("ok", "down", "open") only count where the caller has
 * already found a status position (a title prefix, a `State:` field).
 */
const FIRING = [
  'firing', 'fired', 'fire', 'alert', 'alerting', 'alarm', 'triggered', 're-triggered', 'retriggered', 'problem',
  'critical', 'warning', 'warn', 'down', 'activated', 'active', 'open', 'opened', 'created', 'new', 'unresolved',
  'regression', 'escalated', 'escalating', 'renotify', 're-notify', 'no data',
  // Japanese, Korean, Chinese, German, French, Spanish, Portuguese, Russian
  '発火', '発火中', '発生', '発生中', '障害', '障害発生', 'アラート', 'アラート発生', '警告',
  '발생', '경보', '알림', '장애', '경고',
  '告警', '告警中', '触发', '已触发', '故障', '报警', '异常', '警报',
  'ausgelöst', 'alarmiert', 'störung', 'feuert', 'aktiv',
  'déclenché', 'déclenchée', 'alerte', 'disparada', 'disparado', 'alerta', 'disparou',
  'проблема', 'авария', 'тревога', 'сработал', 'сработало', 'критично',
];
const RESOLVED = [
  'resolved', 'recovered', 'recovery', 'ok', 'closed', 'close', 'deactivated', 'up', 'cleared', 'normal',
  'auto-resolved', 'autoresolved', 'fixed', 'back to normal',
  '解決', '解決済み', '解消', '復旧', '回復', '正常',
  '해결', '해결됨', '복구', '복구됨', '정상',
  '恢复', '已恢复', '已解决', '解决', '正常', '告警恢复',
  'behoben', 'aufgelöst', 'erledigt', 'wiederhergestellt', 'entwarnung',
  'résolu', 'résolue', 'rétabli', 'resuelto', 'resuelta', 'resolvido', 'recuperado',
  'решено', 'решена', 'восстановлено', 'восстановлен', 'устранено', 'норма',
];
const ACKNOWLEDGED = [
  'acknowledged', 'acked', 'ack', 'snoozed',
  '確認済み', '確認', '承認済み', '확인됨', '확인', '已确认', '确认', '认领', 'bestätigt', 'quittiert', 'pris en compte',
  'подтверждено',
];

const STATUS_BY_WORD = new Map<string, AlertStatus>([
  ...FIRING.map((word) => [word, 'firing'] as const),
  ...RESOLVED.map((word) => [word, 'resolved'] as const),
  ...ACKNOWLEDGED.map((word) => [word, 'acknowledged'] as const),
]);

/** Words that are also ordinary speech; accepted only in a status position that is unambiguous. */
const WEAK = new Set(['ok', 'up', 'down', 'open', 'opened', 'new', 'created', 'normal', 'close', 'active', 'fire', 'warning', 'critical', 'alert', 'fixed', 'ack', 'aktiv', 'alerta', 'alerte', 'cleared', '正常', '确认', '確認', '확인', '알림', '경고', '警告']);

/** The status a word names, or undefined. Accepts `FIRING`, `Recovered`, `復旧`. */
export function statusOfWord(word: string): AlertStatus | undefined {
  return STATUS_BY_WORD.get(word.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** True when the word names a status only in a clear status position (a bracket, a State field). */
export function isWeakStatusWord(word: string): boolean {
  return WEAK.has(word.trim().toLowerCase());
}

/** Every status word, longest first, for building patterns. */
export const STATUS_WORDS: readonly string[] = [...STATUS_BY_WORD.keys()].sort((a, b) => b.length - a.length);

const EMOJI_STATUS: ReadonlyArray<[RegExp, AlertStatus]> = [
  [/^(?::(?:white_check_mark|heavy_check_mark|large_green_circle|green_circle|green_heart|ok|ok_hand|recycle):|✅|✔️?|🟢|💚|🆗)$/u, 'resolved'],
  [/^(?::(?:eyes|raising_hand|hand):|👀|🙋)$/u, 'acknowledged'],
  [/^(?::(?:rotating_light|fire|red_circle|large_red_circle|warning|bangbang|exclamation|sos|boom|x|rotating_light_red|siren|alert):|🚨|🔥|🔴|⚠️?|‼️?|❗|🆘|💥|❌)$/u, 'firing'],
];

/** The status an emoji (shortcode or pictograph) suggests; a hint only, never enough alone. */
export function statusOfEmoji(emoji: string): AlertStatus | undefined {
  return EMOJI_STATUS.find(([pattern]) => pattern.test(emoji.trim()))?.[1];
}

/** Attachment colours the tools use: danger / red for firing, good / green for resolved. */
export function statusOfColor(color: string | undefined): AlertStatus | undefined {
  if (!color) return undefined;
  const value = color.trim().toLowerCase();
  if (value === 'good' || /^#?(36a64f|2eb886|009900|00ff00|008000|2ecc71|4caf50|28a745|36b37e|1dd1a1|7cd197)$/.test(value)) return 'resolved';
  if (value === 'danger' || /^#?(d63232|ff0000|e01e5a|a30200|e45959|e97659|dc3545|cc0000|d00000|f2545b|e74c3c|ff3333|b22222)$/.test(value)) return 'firing';
  return undefined;
}
