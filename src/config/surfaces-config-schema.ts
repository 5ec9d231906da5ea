import { z } from 'zod';
import { PostingPolicySchema } from './posting-policy-schema';

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
  /** How fast thread messages go out (per channel, per workspace) and how a storm is handled. */
  posting: PostingPolicySchema.prefault({}),
  /**
   * `compact`: one status message holding the hypothesis board, a message per judged top-level
   * hypothesis and per supported finding. `verbose`: a message per hypothesis.
   */
  threadLayout: z.enum(['compact', 'verbose']).default('compact'),
});
export type SlackConfig = z.infer<typeof SlackConfigSchema>;

/** Who may steer a Teams investigation (Confirm / Veto, 👍, replies). */
export const TeamsSteerersConfigSchema = z.strictObject({
  mode: z.enum(['anyone', 'allowlist']).default('anyone'),
  /** Microsoft Entra (AAD) object ids of the people allowed to steer in `allowlist` mode. */
  users: z.array(z.string().min(1)).default([]),
  /** Team ids (`19:…@thread.tacv2`) whose members may steer in `allowlist` mode. */
  teams: z.array(z.string().min(1)).default([]),
});
export type TeamsSteerersConfig = z.infer<typeof TeamsSteerersConfigSchema>;

/**
 * Where the Bot Framework lives, for sovereign or private clouds (and local test servers): the
 * OpenID metadata inbound tokens are checked against, their issuer, the login authority and
 * scope of outbound tokens, and the token service. Public Azure when absent.
 */
export const TeamsEndpointsConfigSchema = z.strictObject({
  /** ToBotFromChannelOpenIdMetadataUrl. */
  openIdMetadataUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** ToBotFromChannelTokenIssuer. */
  tokenIssuer: z.string().min(1),
  /** ToChannelFromBotLoginUrl: the login authority (https), e.g. https://login.microsoftonline.com/botframework.com. */
  loginUrl: z.url({ protocol: /^https$/, error: 'must be an https URL (the login authority)' }),
  /** ToChannelFromBotOAuthScope. */
  oauthScope: z.string().min(1),
  /** OAuthUrl: the Bot Framework token service. */
  oauthApiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});
export type TeamsEndpointsConfig = z.infer<typeof TeamsEndpointsConfigSchema>;

export const TEAMS_APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;

/**
 * The Microsoft Teams surface (Bot Framework): the Azure Bot's app id with a client secret or a
 * certificate (or a user-assigned managed identity where Azure hosts Causa), its tenant, and who
 * may start and steer investigations. See `teamsReadiness` for what must be set together.
 */
export const TeamsConfigSchema = z.strictObject({
  /** MICROSOFT_APP_ID: the bot's Microsoft app (client) id, or the managed identity's client id. */
  appId: z.string().min(1).optional(),
  /** MICROSOFT_APP_PASSWORD: a client secret of the app registration. */
  appPassword: z.string().min(1).optional(),
  /** A certificate of the app registration instead of a secret. */
  certificate: z
    .strictObject({
      /** SHA-1 thumbprint (hex) of the certificate uploaded to the app registration. */
      thumbprint: z.string().regex(/^[0-9A-Fa-f:]{40,59}$/, 'must be the hex SHA-1 thumbprint of the certificate (40 hex digits)'),
      /** PEM file with the certificate's private key. */
      privateKeyFile: z.string().min(1),
    })
    .optional(),
  /** MICROSOFT_APP_TENANT_ID: the Entra tenant of a SingleTenant or UserAssignedMSI bot. */
  tenantId: z.string().min(1).optional(),
  /** MICROSOFT_APP_TYPE: SingleTenant (the default for new Azure Bots), MultiTenant or UserAssignedMSI. */
  appType: z.enum(TEAMS_APP_TYPES).default('SingleTenant'),
  /** Channel conversation ids (`19:…@thread.tacv2`) whose alert posts start investigations without a mention. */
  alertChannels: z.array(z.string().min(1)).default([]),
  /** Who counts as an alert sender: app/bot ids, AAD object ids, or display names (e.g. an incoming webhook's name). */
  alertSenders: z.array(z.string().min(1)).default([]),
  steerers: TeamsSteerersConfigSchema.prefault({}),
  /** A re-fire of the same alert within this window joins the existing investigation. */
  refireWindowMinutes: z.number().int().min(0).max(24 * 60).default(30),
  endpoints: TeamsEndpointsConfigSchema.optional(),
});
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;
