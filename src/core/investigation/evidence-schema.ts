import { z } from 'zod';
import { TimeRangeSchema } from '../telemetry/time-range-schema';

export const EvidenceStatusSchema = z.enum(['ok', 'no_data', 'error']);
export type EvidenceStatus = z.infer<typeof EvidenceStatusSchema>;

/**
 * A link into the backend's own UI (Grafana Explore, Jaeger, a Kubernetes dashboard) or API where
 * the query can be re-run. Built by the source from its configured URL; never from telemetry text.
 */
export const EvidenceLinkSchema = z.object({
  label: z.string().min(1),
  url: z.string().url(),
});
export type EvidenceLink = z.infer<typeof EvidenceLinkSchema>;

/**
 * One executed query, recorded so the RCA can show exactly how to reproduce it. The payload the
 * query returned is not kept; `digest` holds the few numbers a report cites.
 */
export const EvidenceSchema = z.object({
  id: z.string().min(1),
  sourceId: z.string().min(1),
  queryName: z.string().min(1),
  /** The exact query as the backend understands it (PromQL, LogQL, a bundle query line…). */
  queryText: z.string().min(1),
  parameters: z.record(z.string(), z.unknown()),
  timeRange: TimeRangeSchema,
  status: EvidenceStatusSchema,
  /** Compact numeric digest: counts, medians, scores. */
  digest: z.record(z.string(), z.number()),
  /** One-line human summary of what came back (or the upstream error message). */
  summary: z.string(),
  elapsedMs: z.number().nonnegative(),
  /** Where to look at the same data in the backend's UI; one per source for merged evidence. */
  links: z.array(EvidenceLinkSchema).optional(),
  collectedAt: z.string().datetime({ offset: true }),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
