import { z } from 'zod';

const IsoSeconds = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'expected YYYY-MM-DDTHH:MM:SSZ');
const WindowSchema = z.strictObject({ start: IsoSeconds, end: IsoSeconds });

/** The alert block of an incident bundle's case.json, as the monitoring tool posted it. */
export const BundleAlertSchema = z.strictObject({
  source: z.enum(['alertmanager', 'datadog', 'grafana']),
  title: z.string().min(1),
  text: z.string().min(1),
  firedAt: IsoSeconds,
  labels: z.record(z.string(), z.string()),
});
export type BundleAlert = z.infer<typeof BundleAlertSchema>;

/**
 * case.json of an incident bundle (format: the benchmark README). Built-in scenarios use the
 * `system` value {@link SCENARIO_SYSTEM}, which readers should accept next to the benchmark's.
 */
export const BundleCaseSchema = z.strictObject({
  id: z.string().min(1),
  system: z.string().min(1),
  alert: BundleAlertSchema,
  window: WindowSchema,
  baseline: WindowSchema.nullable(),
});
export type BundleCase = z.infer<typeof BundleCaseSchema>;

/** The `system` of every built-in scenario bundle. */
export const SCENARIO_SYSTEM = 'causa-scenarios';

/** One line of events.jsonl: a change or Kubernetes event. */
export interface BundleEvent {
  ts: number;
  service: string;
  instance?: string;
  /** deploy, config-change, oom-killed, back-off, restart, scaled, job-started, … */
  reason: string;
  message: string;
}

/**
 * topology.json. `placement` (instance → node) is an optional extension of the benchmark format
 * that lets noisy-neighbour reasoning see which pods share a node.
 */
export interface BundleTopology {
  services: string[];
  calls: Array<{ from: string; to: string }>;
  placement?: Record<string, string>;
}
