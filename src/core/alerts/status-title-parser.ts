import type { AlertStatus } from './alert-schema';
import { isWeakStatusWord, STATUS_WORDS, statusOfWord } from './alert-status-words';
import { stripEmoji } from './slack-mrkdwn';

/**
 * The status part of an alert title, wherever the template puts it: Alertmanager's and Grafana's
 * `[FIRING:3] alertname (group values)` and `[FIRING:1, RESOLVED:2] …`, localized brackets
 * (`【告警】`, `[発火中:2]`), prefixes (`FIRING: …`, `RESOLVED - …`, `ALARM: …`) and suffixes
 * (`… - FIRING`, `… [RESOLVED]`, `… is now OK`). The name is the title without its status part,
 * so one alert's firing and resolved posts share it.
 */
export interface StatusTitle {
  readonly status: AlertStatus;
  /** Alerts in the group as the title counts them (the firing ones while any fire). */
  readonly count: number;
  /** Firing and resolved counts when the title states them (`[FIRING:2, RESOLVED:1]`). */
  readonly firing?: number;
  readonly resolved?: number;
  /** The title without the status part and without the trailing group-values parenthesis. */
  readonly name: string;
  /** The space-separated values inside the trailing parenthesis. */
  readonly groupValues: readonly string[];
  /** Where the status stood: in brackets, as a prefix, or as a suffix. */
  readonly form: 'bracket' | 'prefix' | 'suffix';
  /** The status word as written (`FIRING`, `Recovered`, `告警`). */
  readonly word: string;
}

const MAX_TITLE_LENGTH = 400;
const WORD = `(${STATUS_WORDS.map(escapeRegExp).join('|')})`;
const ENTRY = `${WORD}(?:\\s*[:：]\\s*(\\d+))?`;
const OPEN = '[\\[【(（「]';
const CLOSE = '[\\]】)）」]';
const BRACKET = new RegExp(`^${OPEN}\\s*${ENTRY}(?:\\s*[,，、/]\\s*${ENTRY})?\\s*${CLOSE}\\s*(?:[:：](?![a-z0-9_+-]+:)|[\\-–—])?\\s*(.*)$`, 'iu');
const PREFIX = new RegExp(`^${WORD}(?:\\s*[:：]\\s*(\\d+))?\\s*(?:[:：]|\\s[-–—|]|!)\\s*(.+)$`, 'iu');
const SUFFIX = new RegExp(`^(.+?)\\s*(?:[-–—|:：]\\s*|\\s(?:is\\s+(?:now\\s+)?|went\\s+)|\\s)${OPEN}?${WORD}(?:\\s*[:：]\\s*(\\d+))?${CLOSE}?\\s*[.!]?$`, 'iu');

/** Parses the status part of a title, or returns null when the title states no status. */
export function parseStatusTitle(headline: string): StatusTitle | null {
  const title = headline.trim();
  // A title is a line, not a document: longer text is no alert title (and stays linear to read).
  if (title.length > MAX_TITLE_LENGTH) return null;
  const bracket = BRACKET.exec(title);
  if (bracket) {
    const [, firstWord, firstCount, secondWord, secondCount, rest] = bracket;
    const entries = [
      { status: statusOfWord(firstWord), count: firstCount },
      ...(secondWord ? [{ status: statusOfWord(secondWord), count: secondCount }] : []),
    ];
    const firing = entries.find((entry) => entry.status === 'firing');
    const resolved = entries.find((entry) => entry.status === 'resolved');
    // A group with any firing alert is still firing.
    const status = firing ? 'firing' : (entries[0].status ?? 'firing');
    const countText = firing ? firing.count : entries[0].count;
    return build(status, countText ? Number(countText) : 1, rest, 'bracket', firstWord, {
      firing: firing?.count ? Number(firing.count) : undefined,
      resolved: resolved?.count ? Number(resolved.count) : undefined,
    });
  }
  const prefix = PREFIX.exec(title);
  if (prefix && strongEnough(prefix[1])) {
    return build(statusOfWord(prefix[1]) ?? 'firing', prefix[2] ? Number(prefix[2]) : 1, prefix[3], 'prefix', prefix[1], {});
  }
  const suffix = SUFFIX.exec(title);
  if (suffix && strongEnough(suffix[2]) && isUpperCase(suffix[2])) {
    return build(statusOfWord(suffix[2]) ?? 'firing', suffix[3] ? Number(suffix[3]) : 1, suffix[1], 'suffix', suffix[2], {});
  }
  return null;
}

function build(
  status: AlertStatus,
  count: number,
  rest: string,
  form: StatusTitle['form'],
  word: string,
  counts: { firing?: number; resolved?: number },
): StatusTitle {
  // Templates put a severity emoji next to the name (`[FIRING:1] :fire: KubePodCrashLooping`): not part of it.
  const { name, groupValues } = splitGroupValues(stripEmoji(stripEmoji(rest.trim()).replace(/^[:\-–—|]\s*/, '')));
  return { status, count, ...counts, name, groupValues, form, word };
}

/** A weak word ("ok", "down") counts only when the tool wrote it in capitals. */
function strongEnough(word: string): boolean {
  return !isWeakStatusWord(word) || isUpperCase(word);
}

function isUpperCase(word: string): boolean {
  return !/[a-z]/.test(word) || /[^\u0000-\u024f]/u.test(word);
}

/** Splits `Name (a b c)` into the name and the values of the last balanced parenthesis. */
export function splitGroupValues(rest: string): { name: string; groupValues: string[] } {
  if (!rest.endsWith(')')) return { name: rest, groupValues: [] };
  let depth = 0;
  for (let index = rest.length - 1; index >= 0; index -= 1) {
    if (rest[index] === ')') depth += 1;
    if (rest[index] === '(') depth -= 1;
    if (depth === 0) {
      const inside = rest.slice(index + 1, -1).trim();
      const name = rest.slice(0, index).trim();
      // `(orders-api)` alone is the name's own parenthesis only when nothing precedes it.
      if (name === '') return { name: rest, groupValues: [] };
      return { name, groupValues: inside ? inside.split(/\s+/) : [] };
    }
  }
  return { name: rest, groupValues: [] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
