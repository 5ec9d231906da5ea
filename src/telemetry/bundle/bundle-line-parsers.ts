import { readIsoInstant, type IsoInstant } from '../../core/telemetry/iso-instant';
import type { LogLine, SpanRecord, TelemetryEvent } from '../../core/telemetry/query-results';

/*
 * Hand-written checks instead of zod: these run once per line over files with millions of lines.
 * Errors thrown here get the file name and line number attached by the line reader.
 */

type Json = Record<string, unknown>;

function parseObject(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid JSON line (${(error as Error).message}); each line must be one JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('line is not a JSON object');
  return value as Json;
}

function text(object: Json, field: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value === '') throw new Error(`field "${field}" must be a non-empty string`);
  return value;
}

function optionalText(object: Json, field: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`field "${field}" must be a string`);
  return value;
}

/**
 * An ISO 8601 time, in milliseconds and rewritten in UTC (`…Z`); one without a zone is UTC,
 * whatever the host's time zone, and so it reads for whoever gets the rewritten text.
 */
function instant(object: Json, field: string): IsoInstant {
  const raw = text(object, field);
  const read = readIsoInstant(raw);
  if (read === undefined) {
    const shown = JSON.stringify(raw.slice(0, 80));
    throw new Error(`field "${field}" must be an ISO 8601 time such as 2024-03-01T10:00:00.123Z (UTC when it names no zone), got ${shown}`);
  }
  return read;
}

/** A `logs.jsonl` line with its time in milliseconds. */
export function parseLogLine(line: string): LogLine & { tsMs: number } {
  const object = parseObject(line);
  const message = object.message;
  if (typeof message !== 'string') throw new Error('field "message" must be a string');
  const ts = instant(object, 'ts');
  return {
    ts: ts.iso,
    tsMs: ts.ms,
    service: text(object, 'service'),
    instance: optionalText(object, 'instance'),
    level: optionalText(object, 'level') ?? null,
    message,
    traceId: optionalText(object, 'traceId') ?? null,
    spanId: optionalText(object, 'spanId') ?? null,
  };
}

/** A `spans.jsonl` line with its start in milliseconds. */
export function parseSpanLine(line: string): SpanRecord & { startMs: number } {
  const object = parseObject(line);
  const durationMs = object.durationMs;
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0) throw new Error('field "durationMs" must be a non-negative number');
  const error = object.error ?? failedStatus(object.status);
  if (error !== undefined && typeof error !== 'boolean') throw new Error('field "error" must be a boolean when present');
  const instance = optionalText(object, 'instance');
  const start = instant(object, 'start');
  return {
    traceId: text(object, 'traceId'),
    spanId: text(object, 'spanId'),
    parentSpanId: optionalText(object, 'parentSpanId') ?? null,
    service: text(object, 'service'),
    ...(instance === undefined ? {} : { instance }),
    operation: optionalText(object, 'operation') ?? '',
    start: start.iso,
    startMs: start.ms,
    durationMs,
    ...(error === undefined ? {} : { error }),
  };
}

/**
 * A span's end status as OpenTelemetry exporters write it: `"ERROR"` / `"STATUS_CODE_ERROR"`, or
 * `{code: 2}` / `{code: "STATUS_CODE_ERROR"}`. Undefined when absent or not a failure.
 */
function failedStatus(status: unknown): boolean | undefined {
  if (status === undefined || status === null) return undefined;
  const code = typeof status === 'object' ? (status as Json).code : status;
  if (typeof code === 'number') return code === 2;
  return typeof code === 'string' ? /error/i.test(code) : undefined;
}

/** An `events.jsonl` line with its time in milliseconds. */
export function parseEventLine(line: string): TelemetryEvent & { tsMs: number } {
  const object = parseObject(line);
  const attributes = object.attributes;
  if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) {
    throw new Error('field "attributes" must be an object when present');
  }
  const message = object.message;
  if (typeof message !== 'string') throw new Error('field "message" must be a string');
  const instance = optionalText(object, 'instance');
  const reason = optionalText(object, 'reason');
  const ts = instant(object, 'ts');
  return {
    ts: ts.iso,
    tsMs: ts.ms,
    service: text(object, 'service'),
    ...(instance === undefined ? {} : { instance }),
    ...(reason === undefined ? {} : { reason }),
    message,
    ...(attributes === undefined ? {} : { attributes: primitiveAttributes(attributes as Json) }),
  };
}

function primitiveAttributes(object: Json): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (value !== null && value !== undefined) out[key] = nestedText(key, value);
  }
  return out;
}

function nestedText(key: string, value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw new Error(`attribute "${key.slice(0, 80)}" is nested too deeply; keep event attributes flat`);
  }
}
