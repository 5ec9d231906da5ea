import { z } from 'zod';

/** The monitoring tool that posted an alert into chat. */
export const AlertSourceSchema = z.enum(['alertmanager', 'datadog', 'grafana', 'pagerduty', 'generic']);
export type AlertSource = z.infer<typeof AlertSourceSchema>;

/** What kind of symptom the alert describes, when the text makes it recognizable. */
export const SymptomSignalSchema = z.enum([
  'latency',
  'availability',
  'errors',
  'saturation',
  'throughput',
  'lag',
  'restarts',
  'anomaly',
  'unknown',
]);
export type SymptomSignal = z.infer<typeof SymptomSignalSchema>;

/** The symptom an alert points at: which service shows it and which signal moved. */
export const SymptomSchema = z.object({
  service: z.string().min(1).optional(),
  signal: SymptomSignalSchema,
  /** Observed value quoted by the alert, when it quotes one. */
  value: z.number().optional(),
  /** Threshold or objective quoted by the alert, when it quotes one. */
  threshold: z.number().optional(),
});
export type Symptom = z.infer<typeof SymptomSchema>;

/**
 * An alert as recognized from a chat message (or given directly, e.g. by an incident bundle).
 * `text` keeps the message exactly as posted so nothing the tool said is lost.
 */
export const AlertSchema = z.object({
  source: AlertSourceSchema,
  status: z.enum(['firing', 'resolved']).default('firing'),
  title: z.string().min(1),
  text: z.string(),
  /** ISO 8601 UTC. */
  firedAt: z.string().datetime({ offset: true }),
  labels: z.record(z.string(), z.string()).default({}),
  symptom: SymptomSchema.default({ signal: 'unknown' }),
  /** Stable identity of the alert across re-fires (alertname + identifying labels). */
  fingerprint: z.string().min(1),
});
export type Alert = z.infer<typeof AlertSchema>;
export type AlertInput = z.input<typeof AlertSchema>;
