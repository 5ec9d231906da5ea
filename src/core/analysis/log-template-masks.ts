/**
 * The masks that turn a log message into its template, applied in order. Log text is untrusted,
 * so every mask runs in time linear in the text: a pattern may only be retried from many starting
 * points when each start scans a stretch no other start scans again (starts are pinned to the
 * beginning of a run by a lookbehind, or the stretch is bounded), and unbounded repetition of
 * groups is replaced by small scanners ({@link maskIdentifiers}, {@link collapseLists}), which
 * also keeps the regular-expression engine's backtracking stack flat on runs of millions of
 * characters.
 */

/** A mask: a pattern and its replacement, or a function over the whole text. */
export type Mask = readonly [RegExp, string] | ((text: string) => string);

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const MASKED_KINDS = '(uuid|hex|id|num|ip|date|time)';

export const MASKS: readonly Mask[] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // JSON web tokens; started only where a run of [\w-] begins, so "eyJ-eyJ-…" is scanned once.
  [/(?<![\w-])eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '<token>'],
  maskEmails,
  // Java Date.toString(): "Sat May 04 17:55:52 CST 2013".
  [new RegExp(`\\b${DAY} ${MONTH} \\d{1,2} \\d{2}:\\d{2}:\\d{2} [A-Z]{2,5} \\d{4}\\b`, 'g'), '<time>'],
  [/\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g, '<time>'],
  [/\b\d{4}-\d{2}-\d{2}\b/g, '<date>'],
  [/\b\d{1,2}:\d{2}:\d{2}([.,]\d+)?\b/g, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?:TraceID|SpanID|trace_id|span_id|traceId|spanId|requestId|request_id)[:=]\s*[\w-]+/gi, '<trace-ref>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // {12,} would unroll into a backtracking frame per character; twelve then a plain loop does not.
  [/\b[0-9a-f]{12}[0-9a-f]*\b/gi, '<hex>'],
  [/'[^'\n]{0,200}'/g, "'<str>'"],
  [/="[^"\n]{0,200}"/g, '="<str>"'],
  // Field values of object dumps ("Seat(startStation=shanghai, seatType=2)"); constructor
  // names ("trainType=TrainType(") and already masked values are kept.
  [/([({,]\s?[A-Za-z_]\w*=)[^\s,;()[\]{}<>=]+(?=[\s,;)\]}]|$)/g, '$1<v>'],
  // Plain numbers, optionally with a unit: "42", "-1.5", "120ms", "50%", "3MiB".
  [/(?<![\w.])[-+]?\d+(?:\.\d+)?(?:%|(?:ms|us|µs|ns|s|m|h|[KMGT]i?B|[kKmMgG]b|bytes?)\b)?(?![\w.])/g, '<num>'],
  // Tokens mixing letters and at least two digits: ids, train numbers, pod hashes.
  maskIdentifiers,
  [/(?<![\w.<])[-+]?\d+(?:\.\d+)?/g, '<num>'],
  // Variable-length lists of masked values ("[<uuid>, <uuid>, <uuid>]") collapse to one.
  collapseLists,
];

/** An address where a run of [\w.+-] begins; leading dots, pluses and dashes stay outside it. */
const EMAIL = /(?<![\w.+-])([.+-]*)(?=\w)[\w.+-]*@[\w-]+(?:\.[\w-]+){1,126}\b/g;
/** An address glued to the end of the previous one ("a@b.org+c@d.org"). */
const GLUED_EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+){1,126}\b/y;

/**
 * `<email>`, as `\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b` masks it. That pattern is retried from every
 * word inside a run of [\w.+-] ("a.a.a.…", quadratic), though all those starts succeed or fail
 * together (on whether "@" follows the run): here each run is tried once, from its start, and
 * again only right after an address that ends inside it.
 */
export function maskEmails(text: string): string {
  if (!text.includes('@')) return text;
  let out = '';
  let copied = 0;
  EMAIL.lastIndex = 0;
  for (let found = EMAIL.exec(text); found; found = EMAIL.exec(text)) {
    out += `${text.slice(copied, found.index)}${found[1]}<email>`;
    let end = EMAIL.lastIndex;
    for (GLUED_EMAIL.lastIndex = end; GLUED_EMAIL.exec(text); GLUED_EMAIL.lastIndex = end) {
      out += '<email>';
      end = GLUED_EMAIL.lastIndex;
    }
    copied = end;
    EMAIL.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A whole run of [\w-] holding a digit and a letter (the only runs the mask can change), found once per run. */
const WORD_RUN = /(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z_])[\w-]+/g;

/**
 * `<id>` for tokens that mix letters and at least two digits. Within each run of `[\w-]`, the
 * first word (after the run's start or a dash) whose leading letters are followed by a digit
 * starts the mask, when a letter appears from there on and a later digit exists; the mask ends
 * with the run's last word character. This is what the backtracking pattern
 * `\b(?=[\w-]*[A-Za-z_])[A-Za-z_]*\d[\w-]*\d[\w-]*\b` matches, found in one pass per run instead
 * of one pass per word (quadratic on "a-a-a-…").
 */
export function maskIdentifiers(text: string): string {
  return text.replace(WORD_RUN, maskIdentifierRun);
}

function maskIdentifierRun(run: string): string {
  let lastDigit = -1;
  let lastLetter = -1;
  let lastWord = -1;
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (isDigit(code)) lastDigit = i;
    else if (isLetter(code)) lastLetter = i;
    if (code !== DASH) lastWord = i;
  }
  if (lastDigit < 0 || lastLetter < 0) return run;
  for (let start = 0; start < run.length && start <= lastLetter; start++) {
    if (run.charCodeAt(start) === DASH || (start > 0 && run.charCodeAt(start - 1) !== DASH)) continue;
    let firstDigit = start;
    while (firstDigit < run.length && isLetter(run.charCodeAt(firstDigit))) firstDigit++;
    if (firstDigit >= run.length || !isDigit(run.charCodeAt(firstDigit))) continue;
    if (lastDigit <= firstDigit) return run;
    return `${run.slice(0, start)}<id>${run.slice(lastWord + 1)}`;
  }
  return run;
}

const MASKED_VALUE = new RegExp(`<${MASKED_KINDS}>`, 'g');
const NEXT_IN_LIST = new RegExp(`\\s*[,;]\\s*<${MASKED_KINDS}>`, 'y');

/**
 * `<x>, <x>; <x>` → `<x>…`: runs of the same masked value separated by commas or semicolons. A
 * scanner rather than `(<x>)(?:\s*[,;]\s*\1)+`, whose repeated group needs a backtracking frame
 * per list item and overflows on a list of a million numbers.
 */
export function collapseLists(text: string): string {
  let out = '';
  let copied = 0;
  MASKED_VALUE.lastIndex = 0;
  for (let found = MASKED_VALUE.exec(text); found; found = MASKED_VALUE.exec(text)) {
    let end = MASKED_VALUE.lastIndex;
    let items = 1;
    for (;;) {
      NEXT_IN_LIST.lastIndex = end;
      const next = NEXT_IN_LIST.exec(text);
      if (!next || next[1] !== found[1]) break;
      end = NEXT_IN_LIST.lastIndex;
      items++;
    }
    if (items === 1) continue;
    out += `${text.slice(copied, found.index)}${found[0]}…`;
    copied = end;
    MASKED_VALUE.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const DASH = 45;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `[A-Za-z_]`. */
function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
