/**
 * Turns a log line into its template: the constant text with variable parts (ids, numbers,
 * timestamps, addresses, quoted values) masked, so lines from the same statement group together.
 * Leading timestamps that differ per line are removed; source references such as logback's
 * `OrderServiceImpl#72` keep their line number, because it identifies the logging statement.
 *
 * Log text is untrusted: only the first {@link MAX_MASKED_CHARS} characters of a message are
 * masked (the template keeps far fewer), and every mask runs in linear time (see
 * `log-template-masks.ts`), so a hostile line costs no more than a long ordinary one. The cap also
 * keeps every pattern far below the length (millions of characters) at which the engine's
 * backtracking stack overflows on a plain `[\w-]+`.
 */
import { MASKS } from './log-template-masks';

const LEADING_TIME = /^\s*(\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}:\d{2}([.,]\d+)?(Z|[+-]\d{2}:?\d{2})?\s*/;
/** `Class#123` / `Class.java:123`: a statement reference, kept verbatim. */
const SOURCE_REFERENCE = /((?<=[\w\]$])#\d+\b|\b\w+\.(?:java|kt|scala|py|go|js|ts):\d+\b)/;

/** Longest template kept; longer payloads are cut (after masking, so cuts are stable). */
const MAX_TEMPLATE_LENGTH = 400;
/**
 * Longest part of a message that is masked. Ten times the template length: masking shortens
 * text (a uuid becomes `<uuid>`), but the head of a longer message already fills the template.
 */
export const MAX_MASKED_CHARS = 4096;
/** A cut message ends at its last space when one lies this close to the limit. */
const CUT_SLACK = 512;

/** The template of one log message (see the file comment). Pure; same input, same output. */
export function templateOf(message: string): string {
  const text = headOf(message).replace(LEADING_TIME, '');
  // Odd indices of the split are source references, which must survive number masking.
  const parts = text.split(SOURCE_REFERENCE);
  const masked = parts.map((part, i) => (i % 2 === 1 ? part : maskVariables(part))).join('');
  return masked.replace(/\s+/g, ' ').trim().slice(0, MAX_TEMPLATE_LENGTH);
}

/** The message, or its first {@link MAX_MASKED_CHARS} characters cut at a space and marked `…`. */
function headOf(message: string): string {
  if (message.length <= MAX_MASKED_CHARS) return message;
  const space = message.lastIndexOf(' ', MAX_MASKED_CHARS);
  let cut = space >= MAX_MASKED_CHARS - CUT_SLACK ? space : MAX_MASKED_CHARS;
  const code = message.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // never split a surrogate pair
  return `${message.slice(0, cut)} …`;
}

function maskVariables(text: string): string {
  let result = text;
  for (const mask of MASKS) result = typeof mask === 'function' ? mask(result) : result.replace(mask[0], mask[1]);
  return result;
}
