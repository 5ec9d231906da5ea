import { z } from 'zod';

/** The monitoring tool that posted an alert into chat. */
export const AlertSourceSchema = z.enum([
  'alertmanager',
  'grafana',
  'datadog',
  'pagerduty',
  'opsgenie',
  'sentry',
  'cloudwatch',
  'azure-monitor',
  'zabbix',
  'nagios',
  'newrelic',
  'nightingale',
  'generic',
]);
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
 * Where an alert stands as its post tells it: `firing` (also triggered, problem, alarm, warn),
 * `resolved` (recovered, OK, closed) or `acknowledged` (someone took it; still open).
 */
export const AlertStatusSchema = z.enum(['firing', 'resolved', 'acknowledged']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/**
 * Severity on one scale for every tool: Alertmanager `severity`, Datadog/Opsgenie/PagerDuty
 * `P1`–`P5`, Azure `Sev0`–`Sev4`, Zabbix Disaster…Information, Nightingale S1–S3, New Relic
 * priorities, Nagios states (see `normalizeSeverity`).
 */
export const AlertSeveritySchema = z.enum(['critical', 'high', 'warning', 'info']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

/**
 * An alert as recognized from a chat message (or given directly, e.g. by an incident bundle).
 * `text` keeps the message exactly as posted so nothing the tool said is lost.
 */
export const AlertSchema = z.object({
  source: AlertSourceSchema,
  status: AlertStatusSchema.default('firing'),
  /** Normalized severity, when the post states one (labels, fields, priority words). */
  severity: AlertSeveritySchema.optional(),
  title: z.string().min(1),
  text: z.string(),
  /** ISO 8601 UTC. */
  firedAt: z.string().datetime({ offset: true }),
  /** ISO 8601 UTC; for a resolved alert, when it resolved (as stated, else when it was posted). */
  resolvedAt: z.string().datetime({ offset: true }).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  symptom: SymptomSchema.default({ signal: 'unknown' }),
  /** Stable identity of the alert across re-fires (alertname + identifying labels). */
  fingerprint: z.string().min(1),
});
export type Alert = z.infer<typeof AlertSchema>;
export type AlertInput = z.input<typeof AlertSchema>;
