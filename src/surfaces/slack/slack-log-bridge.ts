import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../observability/logger';

/**
 * Routes Bolt's (and the Web API client's) log lines into the pino logger, so the SDK writes into
 * the same structured, redacted stream as the rest of Causa. The level is pino's: `setLevel` is
 * accepted and ignored.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let name = 'bolt';
  let child = logger.child({ surface: 'slack', component: name });
  const line = (parts: unknown[]): string => parts.map((part) => (typeof part === 'string' ? part : safeJson(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => child.debug(line(parts)),
    info: (...parts: unknown[]) => child.info(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    setLevel: () => undefined,
    getLevel: () => toBoltLevel(logger.level),
    setName: (value: string) => {
      name = value;
      child = logger.child({ surface: 'slack', component: name });
    },
  };
}

function toBoltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
