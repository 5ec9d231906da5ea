/**
 * Labelled values in an alert post, in every shape the tools print them (read from plain text,
 * emphasis already removed):
 *
 * - `Label: value`, `• label: value`, `Label：value` (attachment fields, template lines)
 * - `标签:value` without a space, as CJK templates write it
 * - `Label:` on one line and the value on the next (Block Kit section fields `*Label:*\nvalue`)
 * - ` - key = value` (Alertmanager's and Grafana's label lists)
 * - `key=value, key="value"` and `{key="value", …}` label sets on one line
 */
export interface Field {
  readonly key: string;
  readonly value: string;
}

const LABEL = '[\\p{L}\\p{N}][\\p{L}\\p{N}_ ./#&()-]{0,40}?';
const COLON_FIELD = new RegExp(`^\\s*(?:[•▪◦*·-]\\s*)?(${LABEL})\\s*[:：]\\s+(.*\\S)\\s*$`, 'u');
const COLON_ONLY = new RegExp(`^\\s*(?:[•▪◦*·-]\\s*)?(${LABEL})\\s*[:：]\\s*$`, 'u');
// CJK templates write `告警主机:mq-node-2` / `恢复时间：2025-…` without a space after the colon.
const CJK_LABEL = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}][\\p{L}\\p{N}_ ./#&()-]{0,20}?';
const TIGHT_FIELD = new RegExp(`^\\s*(?:[•▪◦*·-]\\s*)?(?:(${CJK_LABEL})\\s*[:：]|(${LABEL})\\s*：)(\\S.*?)\\s*$`, 'u');
const EQUALS_ITEM = /^\s*[-•*]\s+([A-Za-z_][\w.\-/]*)\s*=\s?(.*)$/;
const URL = /\b[a-z][a-z0-9+.-]{0,15}:\/\/\S+/gi;
// A field line is short; a longer line is a log or a paste, not a label.
const MAX_FIELD_LINE = 2000;
const PAIR = /([A-Za-z_][\w.\-/]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s,;{}"']+))/g;

/** Reads every labelled value, in order. Lines that are prose yield nothing. */
export function readFields(lines: readonly string[]): Field[] {
  const fields: Field[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line.length > MAX_FIELD_LINE) continue;
    const item = EQUALS_ITEM.exec(line);
    if (item) {
      fields.push({ key: item[1], value: item[2].trim() });
      continue;
    }
    const colon = COLON_FIELD.exec(line);
    if (colon && !/^https?$/i.test(colon[1]) && !/^\d+$/.test(colon[1])) {
      fields.push({ key: colon[1].trim(), value: colon[2].trim() });
      continue;
    }
    const tight = TIGHT_FIELD.exec(line);
    if (tight) {
      fields.push({ key: (tight[1] ?? tight[2]).trim(), value: tight[3].trim() });
      continue;
    }
    const bare = COLON_ONLY.exec(line);
    const next = lines[index + 1];
    if (bare && next !== undefined && next.trim() !== '' && !COLON_ONLY.test(next) && !COLON_FIELD.test(next)) {
      fields.push({ key: bare[1].trim(), value: next.trim() });
      index += 1;
      continue;
    }
    fields.push(...readPairs(line));
  }
  return fields;
}

/** `key=value` pairs of one line, only when the line is mostly pairs (not prose with one `=`). */
export function readPairs(line: string): Field[] {
  if (line.length > MAX_FIELD_LINE) return [];
  const text = line.replace(URL, ' ');
  const pairs = [...text.matchAll(PAIR)].map((match) => ({ key: match[1], value: (match[2] ?? match[3] ?? match[4] ?? '').trim() }));
  if (pairs.length === 0) return [];
  const covered = [...text.matchAll(PAIR)].reduce((sum, match) => sum + match[0].length, 0);
  const meaningful = text.replace(/[\s,;{}[\]()]/g, '').length;
  return pairs.length >= 2 || covered >= meaningful * 0.6 ? pairs : [];
}

/** Normalizes a field name for comparison: `Current State` = `current_state` = `currentState`. */
export function fieldKey(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[\s_.-]+/g, ' ')
    .trim();
}

/** The value of the first field whose name is one of `names` (compared with `fieldKey`). */
export function fieldValue(fields: readonly Field[], names: readonly string[]): string | undefined {
  const wanted = new Set(names.map(fieldKey));
  return fields.find((field) => wanted.has(fieldKey(field.key)))?.value;
}

/** Fields as a record (the first value of each name wins), names as printed. */
export function fieldsRecord(fields: readonly Field[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) out[field.key] ??= field.value;
  return out;
}
