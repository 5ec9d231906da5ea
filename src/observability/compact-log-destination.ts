import pino from 'pino';

/** Fields every pino line carries that the compact format prints in its own way. */
const OWN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s="]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Turns one pino JSON line into "12:34:56.789 INFO  message key=value …". Lines that are not
 * JSON (should not happen) pass through unchanged.
 */
export function formatCompactLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const label = typeof entry.level === 'number' ? (pino.levels.labels[entry.level] ?? String(entry.level)) : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !OWN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${[time, label.toUpperCase().padEnd(5), message, ...fields].filter(Boolean).join(' ')}\n`;
}

/**
 * A pino destination writing the compact single-line format to `target`. Good for humans at a
 * terminal; keep JSON (the default) for log shippers.
 */
export function createCompactDestination(target: { write(chunk: string): unknown }): pino.DestinationStream {
  return {
    write(line: string): void {
      target.write(formatCompactLine(line));
    },
  };
}
