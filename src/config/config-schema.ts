import { z } from 'zod';
import { BudgetSchema, ThresholdsSchema } from '../core/investigation/budget-schema';
import { FollowUpSettingsSchema } from '../core/follow-up/follow-up-policy';
import { ServerConfigSchema, SlackConfigSchema, TeamsConfigSchema } from './surfaces-config-schema';
import { TelemetryConfigSchema } from './telemetry-sources-schema';
import { crossFieldProblems } from './config-cross-checks';
import { RetentionConfigSchema } from './retention-schema';

/** Azure OpenAI: the resource endpoint, the deployment serving the model and the API version. */
export const AzureOpenAiConfigSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://my-resource.openai.azure.com' }),
  deployment: z.string().min(1),
  apiVersion: z.string().min(1).default('2024-10-21'),
});

/**
 * Which reasoner proposes and judges hypotheses. Offline is deterministic and the default; `llm`
 * adds a language model (any OpenAI-compatible endpoint, or Azure OpenAI) beside it.
 */
export const ReasonerConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offline') }),
  z.strictObject({
    type: z.literal('llm'),
    /** Any OpenAI-compatible endpoint (vLLM, Ollama, LM Studio…); the OpenAI API when absent. */
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    model: z.string().min(1).default('gpt-4o-mini'),
    /** Extra request headers to the model endpoint (a proxy's authorization). Redacted in logs. */
    headers: z.record(z.string(), z.string()).optional(),
    /**
     * Name of the environment variable holding the API key (never the key itself); OPENAI_API_KEY,
     * or AZURE_OPENAI_API_KEY with `azure`, when absent.
     */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    azure: AzureOpenAiConfigSchema.optional(),
    temperature: z.number().min(0).max(2).default(0),
    /** Per HTTP attempt. */
    timeoutMs: z.number().int().min(1000).default(60_000),
    /** Further attempts after a 429, a 5xx or a timeout (with exponential backoff, or Retry-After). */
    maxRetries: z.number().int().min(0).max(10).default(3),
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(1000),
    /** Per call: the most tokens the model may answer with. */
    maxOutputTokens: z.number().int().min(64).max(32_000).default(1024),
    /** Per call: the most prompt tokens sent (fewer evidence digests when more would not fit). */
    maxPromptTokens: z.number().int().min(500).max(200_000).default(6000),
    /** Secrets and emails are always redacted; IP addresses and hostnames when these say so. */
    redact: z.strictObject({ ipAddresses: z.boolean().default(false), hostnames: z.boolean().default(false) }).prefault({}),
    /** Answer questions and read free-text steering in investigation threads. */
    threadAssistant: z.boolean().default(true),
  }),
]);
export type ReasonerConfig = z.infer<typeof ReasonerConfigSchema>;

/** Where investigations and audit logs live. Memory is for one process and tests only. */
export const StoreConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('memory') }),
  z.strictObject({
    type: z.literal('redis'),
    url: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
    keyPrefix: z.string().min(1).default('causa:'),
  }),
]);
export type StoreConfig = z.infer<typeof StoreConfigSchema>;

/**
 * The job queue between surfaces and workers (BullMQ on the store's Redis; in-process with the
 * memory store) and how a worker takes its jobs.
 */
export const QueueConfigSchema = z.strictObject({
  /** CAUSA_WORKER_CONCURRENCY: investigations one worker runs at once; default: the CPU count. */
  concurrency: z.number().int().min(1).max(256).optional(),
  /** CAUSA_QUEUE_PREFIX: BullMQ key prefix in Redis, so deployments sharing a Redis keep apart. */
  prefix: z.string().min(1).regex(/^[^\s{}]+$/, 'must have no spaces or braces').default('causa'),
  /** A worker holds a job's lock this long (renewed at half); a killed worker's job moves on after it. */
  lockDurationMs: z.number().int().min(1_000).max(600_000).default(30_000),
  /** How often workers look for jobs whose lock expired. */
  stalledIntervalMs: z.number().int().min(500).max(600_000).default(15_000),
  /** Starts of one job (crashes and unexpected errors count) before it is given up. */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  /** CAUSA_DRAIN_GRACE_MS: on SIGTERM, running investigations get this long to finish before they are released to another worker. */
  drainGraceMs: z.number().int().min(0).max(3_600_000).default(30_000),
});
export type QueueConfig = z.infer<typeof QueueConfigSchema>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The bot's own logging. */
export const LogConfigSchema = z.strictObject({
  level: z.enum(LOG_LEVELS).default('info'),
  /** Compact single-line output for humans instead of JSON lines. */
  pretty: z.boolean().default(false),
});
export type LogConfig = z.infer<typeof LogConfigSchema>;

/**
 * The whole configuration of Causa, read once at start-up by `loadConfig` from `causa.yaml`
 * and environment variables (environment wins). Every section has defaults, so an empty file
 * is a valid (offline, in-memory) configuration.
 */
export const ConfigSchema = z
  .strictObject({
    telemetry: TelemetryConfigSchema.prefault({}),
    budget: BudgetSchema.strict().prefault({}),
    thresholds: ThresholdsSchema.strict().prefault({}),
    followUps: FollowUpSettingsSchema.prefault({}),
    reasoner: ReasonerConfigSchema.prefault({ type: 'offline' }),
    store: StoreConfigSchema.prefault({ type: 'memory' }),
    queue: QueueConfigSchema.prefault({}),
    retention: RetentionConfigSchema.prefault({}),
    log: LogConfigSchema.prefault({}),
    server: ServerConfigSchema.prefault({}),
    slack: SlackConfigSchema.optional(),
    teams: TeamsConfigSchema.optional(),
  })
  .superRefine((config, context) => {
    for (const problem of crossFieldProblems(config)) {
      context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });
export type CausaConfig = z.infer<typeof ConfigSchema>;
/** What a config file (or a test) may write: every defaulted field optional. */
export type CausaConfigInput = z.input<typeof ConfigSchema>;
