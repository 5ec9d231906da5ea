/**
 * Turns a log line into its template: the constant text with variable parts (ids, numbers,
 * timestamps, addresses, quoted values) masked, so lines from the same statement group together.
 * Leading timestamps that differ per line are removed; source references such as logback's
 * `OrderServiceImpl#72` keep their line number, because it identifies the logging statement.
 */

const LEADING_TIME = /^\s*(\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}:\d{2}([.,]\d+)?(Z|[+-]\d{2}:?\d{2})?\s*/;
/** `Class#123` / `Class.java:123`: a statement reference, kept verbatim. */
const SOURCE_REFERENCE = /((?<=[\w\]$])#\d+\b|\b\w+\.(?:java|kt|scala|py|go|js|ts):\d+\b)/;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

const MASKS: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '<token>'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  // Java Date.toString(): "Sat May 04 17:55:52 CST 2013".
  [new RegExp(`\\b${DAY} ${MONTH} \\d{1,2} \\d{2}:\\d{2}:\\d{2} [A-Z]{2,5} \\d{4}\\b`, 'g'), '<time>'],
  [/\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g, '<time>'],
  [/\b\d{4}-\d{2}-\d{2}\b/g, '<date>'],
  [/\b\d{1,2}:\d{2}:\d{2}([.,]\d+)?\b/g, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?:TraceID|SpanID|trace_id|span_id|traceId|spanId|requestId|request_id)[:=]\s*[\w-]+/gi, '<trace-ref>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/'[^'\n]{0,200}'/g, "'<str>'"],
  [/="[^"\n]{0,200}"/g, '="<str>"'],
  // Field values of object dumps ("Seat(startStation=shanghai, seatType=2)"); constructor
  // names ("trainType=TrainType(") and already masked values are kept.
  [/([({,]\s?[A-Za-z_]\w*=)[^\s,;()[\]{}<>=]+(?=[\s,;)\]}]|$)/g, '$1<v>'],
  // Plain numbers, optionally with a unit: "42", "-1.5", "120ms", "50%", "3MiB".
  [/(?<![\w.])[-+]?\d+(?:\.\d+)?(?:%|(?:ms|us|µs|ns|s|m|h|[KMGT]i?B|[kKmMgG]b|bytes?)\b)?(?![\w.])/g, '<num>'],
  // Tokens mixing letters and at least two digits: ids, train numbers, pod hashes.
  [/\b(?=[\w-]*[A-Za-z_])[A-Za-z_]*\d[\w-]*\d[\w-]*\b/g, '<id>'],
  [/(?<![\w.<])[-+]?\d+(?:\.\d+)?/g, '<num>'],
  // Variable-length lists of masked values ("[<uuid>, <uuid>, <uuid>]") collapse to one.
  [/(<(?:uuid|hex|id|num|ip|date|time)>)(?:\s*[,;]\s*\1)+/g, '$1…'],
];

/** Longest template kept; longer payloads are cut (after masking, so cuts are stable). */
const MAX_TEMPLATE_LENGTH = 400;

/** The template of one log message (see the file comment). Pure; same input, same output. */
export function templateOf(message: string): string {
  const text = message.replace(LEADING_TIME, '');
  // Odd indices of the split are source references, which must survive number masking.
  const parts = text.split(SOURCE_REFERENCE);
  const masked = parts.map((part, i) => (i % 2 === 1 ? part : maskVariables(part))).join('');
  return masked.replace(/\s+/g, ' ').trim().slice(0, MAX_TEMPLATE_LENGTH);
}

function maskVariables(text: string): string {
  let result = text;
  for (const [pattern, mask] of MASKS) result = result.replace(pattern, mask);
  return result;
}
