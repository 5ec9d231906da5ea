import { z } from 'zod';

const PortSchema = z.number().int().min(1).max(65_535);

/**
 * Causa's one HTTP listener (`causa serve`): the Slack Events API (`/slack/events`), the Teams
 * messaging endpoint, health (`/healthz`, `/readyz`), metrics and hooks all share it.
 */
export const ServerConfigSchema = z.strictObject({
  /** PORT. */
  port: PortSchema.default(3000),
  /** Interface to bind; all interfaces by default. */
  host: z.string().min(1).optional(),
  /**
   * CAUSA_DEPLOY_HOOK_SECRET: the shared secret CI/CD proves with on `POST /hooks/deploy` (a bearer
   * token, or an HMAC-SHA256 of the body); the endpoint is off without it.
   */
  deployHookSecret: z.string().min(16, 'must be at least 16 characters; generate one with `openssl rand -hex 32`').optional(),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** Who may steer an investigation (👍/👎, replies, buttons). */
export const SteerersConfigSchema = z.strictObject({
  mode: z.enum(['anyone', 'allowlist']).default('anyone'),
  /** Slack user ids (U…) allowed to steer in `allowlist` mode. */
  users: z.array(z.string().min(1)).default([]),
  /** Slack user group ids (S…) whose members may steer in `allowlist` mode. */
  userGroups: z.array(z.string().min(1)).default([]),
});
export type SteerersConfig = z.infer<typeof SteerersConfigSchema>;

/**
 * The Slack surface. Socket Mode needs `botToken` + `appToken`; HTTP mode needs `botToken` +
 * `signingSecret` (see `slackReadiness`).
 */
export const SlackConfigSchema = z.strictObject({
  /** xoxb- bot token (SLACK_BOT_TOKEN). */
  botToken: z.string().min(1).optional(),
  /** xapp- app-level token for Socket Mode (SLACK_APP_TOKEN). */
  appToken: z.string().min(1).optional(),
  /** Signing secret for HTTP mode (SLACK_SIGNING_SECRET). */
  signingSecret: z.string().min(1).optional(),
  /** Slack Web API base URL; changed only to talk to a Slack-compatible fake in tests. */
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://slack.com/api/'),
  /** Channel ids where a recognized alert post starts an investigation without a mention. */
  autoTriggerChannels: z.array(z.string().min(1)).default([]),
  /** Bot ids, user ids or app ids whose posts count as alerts. */
  alertSenders: z.array(z.string().min(1)).default([]),
  steerers: SteerersConfigSchema.prefault({}),
  /** A re-fire of the same alert within this window joins the existing investigation. */
  refireWindowMinutes: z.number().int().min(0).max(24 * 60).default(30),
  /**
   * How long `causa serve` keeps trying to reach Slack when it starts (a rejected token fails at
   * once): `attempts` in all, waiting `initialDelayMs`, then twice as long each time up to `maxDelayMs`.
   */
  startupRetry: z
    .strictObject({
      attempts: z.number().int().min(1).max(100).default(6),
      initialDelayMs: z.number().int().min(0).max(60_000).default(1000),
      maxDelayMs: z.number().int().min(0).max(300_000).default(15_000),
    })
    .prefault({}),
  /**
   * `compact`: one status message holding the hypothesis board, a message per judged top-level
   * hypothesis and per supported finding. `verbose`: a message per hypothesis.
   */
  threadLayout: z.enum(['compact', 'verbose']).default('compact'),
});
export type SlackConfig = z.infer<typeof SlackConfigSchema>;

/** The Microsoft Teams surface (Bot Framework). */
export const TeamsConfigSchema = z.strictObject({
  /** MICROSOFT_APP_ID. */
  appId: z.string().min(1).optional(),
  /** MICROSOFT_APP_PASSWORD. */
  appPassword: z.string().min(1).optional(),
  /** MICROSOFT_APP_TENANT_ID, for single-tenant bots. */
  tenantId: z.string().min(1).optional(),
});
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;
