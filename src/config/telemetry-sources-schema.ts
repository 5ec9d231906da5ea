import { z } from 'zod';

/** Source ids become evidence `sourceId`s and log fields, so keep them short and plain. */
const SourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be letters, digits, "-" or "_"');

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const TimeoutMsSchema = z.number().int().min(100).max(600_000).default(10_000);

/** A recorded incident bundle folder (one containing case.json); the folder is checked at load. */
export const BundleSourceConfigSchema = z.strictObject({
  type: z.literal('bundle'),
  id: SourceIdSchema.default('bundle'),
  dir: z.string().min(1),
});

/** A Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics). */
export const PrometheusSourceConfigSchema = z.strictObject({
  type: z.literal('prometheus'),
  id: SourceIdSchema.default('prometheus'),
  url: HttpUrlSchema,
  timeoutMs: TimeoutMsSchema,
  /** Extra request headers (tenant ids, authorization). Redacted in logs. */
  headers: z.record(z.string(), z.string()).optional(),
  /** The label that names a series' service (e.g. `service`, `app`, `job`). */
  serviceLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('service'),
  /** The label that names a series' instance (e.g. `instance`, `pod`). */
  instanceLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('instance'),
  /**
   * The fault-free reference besides the minutes before the alert: the same period this long
   * earlier (`1d`: the same time yesterday, `7d`: last week), or `none`.
   */
  baselineOffset: z.string().regex(/^(none|\d+[mhdw])$/, 'must be a duration such as 1d, 7d, 12h, or none').default('1d'),
  /**
   * Where the call graph comes from: a metric whose series name caller and callee. The defaults
   * are Istio's; `callGraph: {}` turns them on.
   */
  callGraph: z
    .strictObject({
      metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name').default('istio_requests_total'),
      callerLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('source_workload'),
      calleeLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('destination_workload'),
    })
    .optional(),
});

/** A Grafana Loki HTTP API. */
export const LokiSourceConfigSchema = z.strictObject({
  type: z.literal('loki'),
  id: SourceIdSchema.default('loki'),
  url: HttpUrlSchema,
  timeoutMs: TimeoutMsSchema,
});

/** A Grafana Tempo HTTP API. */
export const TempoSourceConfigSchema = z.strictObject({
  type: z.literal('tempo'),
  id: SourceIdSchema.default('tempo'),
  url: HttpUrlSchema,
  timeoutMs: TimeoutMsSchema,
});

/** A Kubernetes API reached through the kubeconfig (or in-cluster service account). */
export const KubernetesSourceConfigSchema = z.strictObject({
  type: z.literal('kubernetes'),
  id: SourceIdSchema.default('kubernetes'),
  /** kubeconfig context; the current one when absent. */
  context: z.string().min(1).optional(),
  /** Restricts queries to one namespace; all namespaces when absent. */
  namespace: z.string().min(1).optional(),
});

/** The Datadog API. Keys are read from the named environment variables, never from the file. */
export const DatadogSourceConfigSchema = z.strictObject({
  type: z.literal('datadog'),
  id: SourceIdSchema.default('datadog'),
  site: z.string().min(1).default('datadoghq.com'),
  apiKeyEnv: z.string().min(1).default('DD_API_KEY'),
  appKeyEnv: z.string().min(1).default('DD_APP_KEY'),
});

/** One configured telemetry backend, discriminated by `type`. */
export const TelemetrySourceConfigSchema = z.discriminatedUnion('type', [
  BundleSourceConfigSchema,
  PrometheusSourceConfigSchema,
  LokiSourceConfigSchema,
  TempoSourceConfigSchema,
  KubernetesSourceConfigSchema,
  DatadogSourceConfigSchema,
]);
export type TelemetrySourceConfig = z.infer<typeof TelemetrySourceConfigSchema>;
export type TelemetrySourceType = TelemetrySourceConfig['type'];

/** The source types the configuration accepts, in documentation order. */
export const TELEMETRY_SOURCE_TYPES: readonly TelemetrySourceType[] = [
  'bundle',
  'prometheus',
  'loki',
  'tempo',
  'kubernetes',
  'datadog',
];

/** The `telemetry` section: every backend Causa may query. Ids must be unique (checked at load). */
export const TelemetryConfigSchema = z.strictObject({
  sources: z.array(TelemetrySourceConfigSchema).default([]),
});
export type TelemetryConfig = z.infer<typeof TelemetryConfigSchema>;
