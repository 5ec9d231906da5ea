import { z } from 'zod';
import { BundleLimitsSchema } from '../telemetry/bundle/bundle-limits';

/** Source ids become evidence `sourceId`s and log fields, so keep them short and plain. */
const SourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be letters, digits, "-" or "_"');

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const TimeoutMsSchema = z.number().int().min(100).max(600_000).default(10_000);

const LabelNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name (letters, digits, "_")');

/**
 * How a source's service names map onto the investigation's (one workload identity across
 * sources): explicit `map` entries, then a `pattern` with a named group `service`.
 */
const ServiceNamesSchema = z
  .strictObject({
    map: z.record(z.string().min(1), z.string().min(1)).optional(),
    pattern: z
      .string()
      .min(1)
      .refine((pattern) => {
        try {
          return /\(\?<service>/.test(pattern) && new RegExp(pattern) instanceof RegExp;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression with a named group (?<service>…)')
      .optional(),
  })
  .optional();

/** Alert labels a source is about (e.g. `{ cluster: "eu-1" }`): alerts naming another value skip it. */
const MatchSchema = z.record(LabelNameSchema, z.string().min(1)).optional();

/** Where evidence links open in Grafana Explore: Grafana's URL and the data source's uid. */
const GrafanaLinkSchema = z
  .strictObject({
    url: HttpUrlSchema,
    datasource: z.string().min(1),
    orgId: z.number().int().positive().optional(),
  })
  .optional();

/** Fields every source accepts. */
const RoutingFields = { services: ServiceNamesSchema, match: MatchSchema };

/** A recorded incident bundle folder (one containing case.json); the folder is checked at load. */
export const BundleSourceConfigSchema = z.strictObject({
  type: z.literal('bundle'),
  id: SourceIdSchema.default('bundle'),
  dir: z.string().min(1),
  ...RoutingFields,
  /** Bounds on what is read: `maxLineBytes`, `maxFileBytes`, `maxDocumentBytes` (sizes such as `4MiB`). */
  limits: BundleLimitsSchema.optional(),
});

/** A Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics). */
export const PrometheusSourceConfigSchema = z.strictObject({
  type: z.literal('prometheus'),
  id: SourceIdSchema.default('prometheus'),
  url: HttpUrlSchema,
  timeoutMs: TimeoutMsSchema,
  /** Extra request headers (tenant ids, authorization). Redacted in logs. */
  headers: z.record(z.string(), z.string()).optional(),
  /**
   * How series are named by workload: `auto` (the layouts whose series are present), a named
   * preset (`kube-prometheus-stack`: cAdvisor / kube-state-metrics / ServiceMonitor pods by owner;
   * `opentelemetry`: `service_name`; `istio`: `destination_workload`), or `labels`
   * (`serviceLabel` / `instanceLabel`, also what `auto` falls back to).
   */
  workloads: z.enum(['auto', 'kube-prometheus-stack', 'opentelemetry', 'istio', 'labels']).default('auto'),
  /** The label that names a series' service in the `labels` layout (e.g. `service`, `app`, `job`). */
  serviceLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('service'),
  /** The label that names a series' instance (e.g. `instance`, `pod`). */
  instanceLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('instance'),
  /**
   * The fault-free reference besides the minutes before the alert: the same period this long
   * earlier (`1d`: the same time yesterday, `7d`: last week), or `none`.
   */
  baselineOffset: z.string().regex(/^(none|\d+[mhdw])$/, 'must be a duration such as 1d, 7d, 12h, or none').default('1d'),
  /**
   * A metric whose series name caller and callee, tried before the built-in call-graph sources
   * (Istio, OpenTelemetry span metrics, Tempo service-graph metrics). The defaults are Istio's.
   */
  callGraph: z
    .strictObject({
      metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name').default('istio_requests_total'),
      callerLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('source_workload'),
      calleeLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name').default('destination_workload'),
    })
    .optional(),
  /** Grafana, where evidence links open (Explore on this Prometheus data source); else they open the Prometheus UI's graph. */
  grafana: GrafanaLinkSchema,
  ...RoutingFields,
});

/** A Grafana Loki HTTP API. */
export const LokiSourceConfigSchema = z.strictObject({
  type: z.literal('loki'),
  id: SourceIdSchema.default('loki'),
  url: HttpUrlSchema,
  timeoutMs: TimeoutMsSchema,
  /** Extra request headers (X-Scope-OrgID, authorization). Redacted in logs. */
  headers: z.record(z.string(), z.string()).optional(),
  /** The stream label naming a line's service (`service_name` in Loki 3; `app`, `container`, `job` elsewhere). */
  serviceLabel: LabelNameSchema.default('service_name'),
  instanceLabel: LabelNameSchema.default('pod'),
  /** Stream matchers every query carries, e.g. `{ namespace: shop }`. */
  selector: z.record(LabelNameSchema, z.string()).optional(),
  /** `auto` parses JSON and logfmt lines in Causa; `json` / `logfmt` add Loki's parser stage; `raw` reads lines as text. */
  format: z.enum(['auto', 'json', 'logfmt', 'raw']).default('auto'),
  operationFields: z.array(z.string().min(1)).optional(),
  maxLines: z.number().int().min(100).max(1_000_000).default(50_000),
  pageSize: z.number().int().min(10).max(100_000).default(5000),
  grafana: GrafanaLinkSchema,
  ...RoutingFields,
});

const TraceCapFields = {
  timeoutMs: TimeoutMsSchema,
  headers: z.record(z.string(), z.string()).optional(),
  /** Most traces read for one period; beyond it statistics come from a sample (and say so). */
  maxTraces: z.number().int().min(1).max(50_000).default(500),
};

/** A Grafana Tempo HTTP API. */
export const TempoSourceConfigSchema = z.strictObject({
  type: z.literal('tempo'),
  id: SourceIdSchema.default('tempo'),
  url: HttpUrlSchema,
  ...TraceCapFields,
  grafana: GrafanaLinkSchema,
  ...RoutingFields,
});

/** A Jaeger query service (its HTTP API, the one the Jaeger UI reads). */
export const JaegerSourceConfigSchema = z.strictObject({
  type: z.literal('jaeger'),
  id: SourceIdSchema.default('jaeger'),
  url: HttpUrlSchema,
  /** The Jaeger UI, when links should open somewhere else than `url`. */
  uiUrl: HttpUrlSchema.optional(),
  ...TraceCapFields,
  ...RoutingFields,
});

/** Change events (deploys, config changes) that CI/CD posts to `POST /hooks/deploy`. */
export const DeploysSourceConfigSchema = z.strictObject({
  type: z.literal('deploys'),
  id: SourceIdSchema.default('deploys'),
  /** How long a posted event is kept, in days. */
  retentionDays: z.number().int().min(1).max(365).default(14),
  ...RoutingFields,
});

/** A Kubernetes API reached through a kubeconfig (file and context) or the pod's service account. */
export const KubernetesSourceConfigSchema = z.strictObject({
  type: z.literal('kubernetes'),
  id: SourceIdSchema.default('kubernetes'),
  /** A kubeconfig file; else KUBECONFIG, ~/.kube/config, then the in-cluster service account. */
  kubeconfig: z.string().min(1).optional(),
  /** kubeconfig context; the current one when absent. */
  context: z.string().min(1).optional(),
  /** Restricts queries to one namespace; else the alert's `namespace` label, else all namespaces. */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace name (lower-case letters, digits, "-")').optional(),
  timeoutMs: TimeoutMsSchema,
  /** Objects per list request (the API's `limit`). */
  pageSize: z.number().int().min(10).max(5000).default(500),
  /** Most objects read of one resource per look; beyond it answers say they are partial. */
  maxObjects: z.number().int().min(100).max(100_000).default(5000),
  /** A UI link for evidence, with {namespace}, {workload}, {from}, {to} (epoch ms) filled in. */
  dashboardUrl: z
    .string()
    .refine((template) => {
      try {
        return /^https?:$/.test(new URL(template.replace(/\{(namespace|workload|from|to)\}/g, 'x')).protocol);
      } catch {
        return false;
      }
    }, 'must be an http(s) URL; {namespace}, {workload}, {from} and {to} are filled in')
    .optional(),
  ...RoutingFields,
});

/** The Datadog API. Keys are read from the named environment variables, never from the file. */
export const DatadogSourceConfigSchema = z.strictObject({
  type: z.literal('datadog'),
  id: SourceIdSchema.default('datadog'),
  site: z.string().min(1).default('datadoghq.com'),
  apiKeyEnv: z.string().min(1).default('DD_API_KEY'),
  appKeyEnv: z.string().min(1).default('DD_APP_KEY'),
  ...RoutingFields,
});

/** One configured telemetry backend, discriminated by `type`. */
export const TelemetrySourceConfigSchema = z.discriminatedUnion('type', [
  BundleSourceConfigSchema,
  PrometheusSourceConfigSchema,
  LokiSourceConfigSchema,
  TempoSourceConfigSchema,
  JaegerSourceConfigSchema,
  DeploysSourceConfigSchema,
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
  'jaeger',
  'deploys',
  'kubernetes',
  'datadog',
];

/** The `telemetry` section: every backend Causa may query. Ids must be unique (checked at load). */
export const TelemetryConfigSchema = z.strictObject({
  sources: z.array(TelemetrySourceConfigSchema).default([]),
});
export type TelemetryConfig = z.infer<typeof TelemetryConfigSchema>;
