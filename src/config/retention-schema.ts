import { z } from 'zod';

/**
 * How long Causa keeps what it stores (Redis; the memory store lives only as long as its process).
 * `recordDays`: investigations (record, RCA, audit log) and the thread bindings that let people
 * come back to a thread. `transientHours`: state that only matters while an investigation runs
 * (the steering inbox) and the ceiling of every dedupe claim. Every write renews the TTL of the key
 * it touches, so retention counts from an investigation's last activity.
 */
export const RetentionConfigSchema = z.strictObject({
  recordDays: z.number().int().min(1).max(3650).default(90),
  transientHours: z.number().int().min(1).max(24 * 365).default(24),
});
export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;
