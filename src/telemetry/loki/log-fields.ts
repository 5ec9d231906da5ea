/** What a log line says about itself, from its labels, structured metadata and its own text. */
export interface LineFields {
  level: string | null;
  /** The text templates are mined from. */
  message: string;
  traceId: string | null;
  spanId: string | null;
  operation: string | null;
}

const LEVEL_KEYS = ['level', 'detected_level', 'severity_text', 'severity', 'lvl', 'loglevel', 'log_level', 'log.level'];
const MESSAGE_KEYS = ['msg', 'message', 'body', 'log'];
const TRACE_KEYS = ['trace_id', 'traceId', 'traceID', 'trace.id', 'traceid'];
const SPAN_KEYS = ['span_id', 'spanId', 'spanID', 'span.id', 'spanid'];
const LOGGER_KEYS = ['logger', 'logger_name', 'caller', 'source'];
/** Fields that name the operation a line was written in, when the application logs one. */
export const DEFAULT_OPERATION_FIELDS = ['operation', 'span_name', 'http_route', 'http.route', 'route', 'endpoint'];
const LEVEL_WORD = /(?:^|[\s[])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)(?=[\s\]:]|$)/;
const LOGFMT_PAIR = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;

function pick(fields: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Flat string fields of a JSON object line, or undefined when the line is not one. */
function jsonFields(line: string): Record<string, string> | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

/** Fields of a logfmt line (`level=info msg="…" trace_id=…`), or undefined when it has no message or level key. */
function logfmtFields(line: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const match of line.matchAll(LOGFMT_PAIR)) {
    const raw = match[2];
    out[match[1]] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  const known = [...LEVEL_KEYS, ...MESSAGE_KEYS].some((key) => key in out);
  return known ? out : undefined;
}

/**
 * The fields of one Loki entry. Labels (indexed, parsed by `| json` / `| logfmt`, or structured
 * metadata) come first; a JSON or logfmt line is parsed here too, so no parser stage is required.
 * A structured line's template text is its message, prefixed with its level and logger so lines
 * of the same statement group together; a plain line is its own text.
 */
export function lineFields(line: string, labels: Record<string, string>, operationFields: readonly string[]): LineFields {
  const parsed = jsonFields(line) ?? logfmtFields(line);
  const fields = parsed ? { ...labels, ...parsed } : labels;
  const structuredMessage = parsed ? pick(parsed, MESSAGE_KEYS) : undefined;
  const wordLevel = parsed ? undefined : LEVEL_WORD.exec(line.slice(0, 200))?.[1];
  const level = pick(fields, LEVEL_KEYS) ?? wordLevel ?? null;
  let message = line;
  if (structuredMessage !== undefined) {
    const logger = pick(parsed!, LOGGER_KEYS);
    message = [level?.toUpperCase(), logger, logger ? '-' : undefined, structuredMessage].filter((part) => part !== undefined && part !== '').join(' ');
  }
  return {
    level: level === null ? null : level.toUpperCase(),
    message,
    traceId: pick(fields, TRACE_KEYS) ?? null,
    spanId: pick(fields, SPAN_KEYS) ?? null,
    operation: pick(fields, operationFields) ?? null,
  };
}
