import { z } from 'zod';

/** A change CI/CD reported (a deploy, a config change, a rollback), as `POST /hooks/deploy` takes it. */
export const ChangeEventSchema = z.strictObject({
  /** The service that changed, as the investigation names it. */
  service: z.string().min(1).max(200),
  /** When the change happened (ISO 8601); the time it was posted when absent. */
  at: z.string().datetime({ offset: true }).optional(),
  kind: z.enum(['deploy', 'config-change', 'rollback', 'feature-flag', 'scale', 'other']).default('deploy'),
  version: z.string().max(200).optional(),
  environment: z.string().max(100).optional(),
  /** Free text: what changed (shown as data, never as a link or a mention). */
  description: z.string().max(2000).optional(),
  /** Who or what made the change (a CI job, a person). */
  actor: z.string().max(200).optional(),
  /** Where the change is recorded (a CI run, a pull request); kept as text. */
  url: z.string().max(2000).optional(),
});
export type ChangeEventInput = z.input<typeof ChangeEventSchema>;
export type ChangeEvent = Omit<z.infer<typeof ChangeEventSchema>, 'at'> & { at: string; id: string; receivedAt: string };

/**
 * Change events kept for a while (a TTL) in the investigation store's backend, so a deploy posted
 * to one replica is seen by every worker. Memory for one process and tests; Redis in production.
 */
export interface ChangeEventStore {
  add(event: ChangeEvent): Promise<void>;
  /** Events with `at` in [fromMs, toMs], oldest first. */
  between(fromMs: number, toMs: number): Promise<ChangeEvent[]>;
}
