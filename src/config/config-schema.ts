import { z } from 'zod';
import { BudgetSchema, ThresholdsSchema } from '../core/investigation/budget-schema';
import { ServerConfigSchema, SlackConfigSchema, TeamsConfigSchema } from './surfaces-config-schema';
import { TelemetryConfigSchema } from './telemetry-sources-schema';
import { crossFieldProblems } from './config-cross-checks';

/** Which reasoner proposes and judges hypotheses. Offline is deterministic and the default. */
export const ReasonerConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offline') }),
  z.strictObject({
    type: z.literal('llm'),
    /** Any OpenAI-compatible endpoint; the OpenAI API when absent. */
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    model: z.string().min(1).default('gpt-4o-mini'),
    /** Name of the environment variable holding the API key (never the key itself). */
    apiKeyEnv: z.string().min(1).default('OPENAI_API_KEY'),
    temperature: z.number().min(0).max(2).default(0),
    timeoutMs: z.number().int().min(1000).default(60_000),
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
    reasoner: ReasonerConfigSchema.prefault({ type: 'offline' }),
    store: StoreConfigSchema.prefault({ type: 'memory' }),
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
