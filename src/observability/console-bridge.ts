import { format } from 'node:util';
import type { Logger } from './logger';

/**
 * Routes `console.warn` and `console.error` into the logger until the returned function is
 * called. Some libraries print there unstructured (ioredis: "[WARN] Redis server does not require
 * a password…"), which would break a JSON-lines log stream and bypass its redaction. The
 * composition root installs it for the life of a server.
 */
export function routeConsoleToLogger(logger: Logger): () => void {
  const original = { warn: console.warn, error: console.error };
  const log = logger.child({ component: 'console' });
  console.warn = (...args: unknown[]) => log.warn(format(...args).replace(/^\[(WARN|ERROR)\]\s*/, ''));
  console.error = (...args: unknown[]) => log.error(format(...args).replace(/^\[(WARN|ERROR)\]\s*/, ''));
  return () => {
    console.warn = original.warn;
    console.error = original.error;
  };
}
