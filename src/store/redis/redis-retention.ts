import type { RetentionConfig } from '../../config/retention-schema';

const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

/**
 * The TTL, in milliseconds, of every kind of key the investigation store writes (see
 * RedisInvestigationKeys): the one place that decides how long anything stays in Redis.
 */
export interface RedisRetention {
  /** `…:record` and `…:events`: the investigation, its RCA and its audit log. */
  recordMs: number;
  /** `thread:…`: thread, hypothesis-message and alert-fingerprint bindings. */
  bindingMs: number;
  /** `…:steering`: the inbox of human decisions, read by the running loop. */
  transientMs: number;
  /** `claim:…`: the longest a dedupe claim lives, whatever its caller asks. */
  maxClaimMs: number;
}

/** Retention of Redis keys from the `retention` config section (defaults: 90 days, 1 day). */
export function redisRetention(config: RetentionConfig = { recordDays: 90, transientHours: 24 }): RedisRetention {
  const recordMs = config.recordDays * DAY_MS;
  const transientMs = config.transientHours * HOUR_MS;
  return { recordMs, bindingMs: recordMs, transientMs, maxClaimMs: transientMs };
}
