/**
 * A tool's JSON payload posted into chat as is — an SNS-to-Slack function that posts the CloudWatch
 * alarm message, a Logic App that posts Azure's common alert schema, a webhook relay dumping its
 * body — read as the `key: value` lines every recognizer already understands.
 */

/** The plain text with the JSON object replaced by its fields, one `key: value` line each. */
export interface JsonPayloadText {
  lines: string[];
  /** Lines of the text around the payload (a title a relay put above it). */
  outside: string[];
}

const MAX_CANDIDATES = 3;
const MAX_FIELDS = 400;
// Alert payloads nest a few levels; deeper input is not read (and cannot exhaust the stack).
const MAX_DEPTH = 12;

/** Finds a JSON object that starts a line of `plain` and flattens it; null when there is none. */
export function readJsonPayload(plain: string): JsonPayloadText | null {
  let from = 0;
  for (let attempt = 0; attempt < MAX_CANDIDATES; attempt += 1) {
    const start = objectStart(plain, from);
    if (start < 0) return null;
    const end = matchingBrace(plain, start);
    if (end < 0) return null;
    const value = parseObject(plain.slice(start, end + 1));
    if (value) {
      const fields = flatten(value);
      if (fields.length >= 3) {
        const before = plain.slice(0, start).split(/\r?\n/);
        const after = plain.slice(end + 1).split(/\r?\n/);
        return { lines: [...before, ...fields, ...after], outside: [...before, ...after].filter((line) => line.trim() !== '') };
      }
    }
    from = end + 1;
  }
  return null;
}

/** The index of the next `{` that is the first thing on its line. */
function objectStart(text: string, from: number): number {
  const match = /^[ \t]*\{/m.exec(text.slice(from));
  return match ? from + match.index + match[0].length - 1 : -1;
}

/** The index of the `}` closing the object at `start` (strings and escapes respected), or -1. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return char === '}' ? index : -1;
    }
  }
  return -1;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Leaves as `key: value` (the leaf's own name, as templates print fields), lists of scalars joined
 * with commas, and `{ name, value }` entries (CloudWatch dimensions, Azure dimensions) as
 * `name: value`. Nulls and empty values are left out.
 */
function flatten(root: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const walk = (key: string, value: unknown, depth: number): void => {
    if (lines.length >= MAX_FIELDS || value === null || value === undefined || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      if (value.every((item) => item === null || typeof item !== 'object')) {
        const joined = value.filter((item) => item !== null && item !== '').join(', ');
        if (joined !== '') lines.push(`${key}: ${oneLine(joined)}`);
        return;
      }
      for (const item of value) walk(key, item, depth + 1);
      return;
    }
    if (typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const pair = nameValuePair(record);
      if (pair) {
        lines.push(`${pair[0]}: ${oneLine(pair[1])}`);
        return;
      }
      for (const [child, inner] of Object.entries(record)) walk(child, inner, depth + 1);
      return;
    }
    const text = String(value);
    if (text.trim() !== '') lines.push(`${key}: ${oneLine(text)}`);
  };
  for (const [key, value] of Object.entries(root)) walk(key, value, 1);
  return lines;
}

function nameValuePair(record: Record<string, unknown>): [string, string] | null {
  const keys = Object.keys(record).map((key) => key.toLowerCase());
  if (keys.length !== 2 || !keys.includes('name') || !keys.includes('value')) return null;
  const name = record.name ?? record.Name;
  const value = record.value ?? record.Value;
  return typeof name === 'string' && (typeof value === 'string' || typeof value === 'number') ? [name, String(value)] : null;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
