/** An environment variable that sets one config field directly. */
export interface EnvVariable {
  name: string;
  /** Dotted config path, e.g. "budget.maxDepth". */
  path: string;
  kind: 'integer' | 'number' | 'string' | 'lowercase' | 'list' | 'integer-list';
  /** A valid example, quoted in error messages. */
  example?: string;
}

/**
 * Variables that map one-to-one onto a config field. Variables with more logic (CAUSA_BUNDLE_DIR, CAUSA_PROMETHEUS_URL,
 * CAUSA_REASONER and the LLM ones, CAUSA_STORE, REDIS_URL, CAUSA_STEERERS, PORT) are handled in
 * `env-overlay.ts` and listed in `ENV_VARIABLE_FOR_PATH` for hints only.
 */
export const DIRECT_ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'CAUSA_MAX_DEPTH', path: 'budget.maxDepth', kind: 'integer', example: '4' },
  { name: 'CAUSA_MAX_HYPOTHESES', path: 'budget.maxHypotheses', kind: 'integer', example: '60' },
  { name: 'CAUSA_MAX_QUERIES', path: 'budget.maxQueries', kind: 'integer', example: '400' },
  { name: 'CAUSA_DEADLINE_MS', path: 'budget.deadlineMs', kind: 'integer', example: '120000' },
  { name: 'CAUSA_MAX_TOKENS', path: 'budget.maxTokens', kind: 'integer', example: '200000' },
  { name: 'CAUSA_CONCURRENCY', path: 'budget.concurrency', kind: 'integer', example: '4' },
  { name: 'CAUSA_ABSTAIN_BELOW', path: 'thresholds.abstainBelow', kind: 'number', example: '0.45' },
  { name: 'CAUSA_SUPPORT_AT', path: 'thresholds.supportAt', kind: 'number', example: '0.55' },
  { name: 'CAUSA_REFUTE_BELOW', path: 'thresholds.refuteBelow', kind: 'number', example: '0.3' },
  { name: 'CAUSA_WORKER_CONCURRENCY', path: 'queue.concurrency', kind: 'integer', example: '4' },
  { name: 'CAUSA_QUEUE_PREFIX', path: 'queue.prefix', kind: 'string' },
  { name: 'CAUSA_DRAIN_GRACE_MS', path: 'queue.drainGraceMs', kind: 'integer', example: '30000' },
  { name: 'CAUSA_RETENTION_DAYS', path: 'retention.recordDays', kind: 'integer', example: '90' },
  { name: 'CAUSA_TRANSIENT_HOURS', path: 'retention.transientHours', kind: 'integer', example: '24' },
  { name: 'CAUSA_FOLLOW_UP_SECONDS', path: 'followUps.delaysSeconds', kind: 'integer-list', example: '120,300,600' },
  { name: 'CAUSA_FOLLOW_UP_CONFIDENT_AT', path: 'followUps.confidentAt', kind: 'number', example: '0.8' },
  { name: 'LOG_LEVEL', path: 'log.level', kind: 'lowercase' },
  { name: 'SLACK_BOT_TOKEN', path: 'slack.botToken', kind: 'string' },
  { name: 'SLACK_APP_TOKEN', path: 'slack.appToken', kind: 'string' },
  { name: 'SLACK_SIGNING_SECRET', path: 'slack.signingSecret', kind: 'string' },
  { name: 'SLACK_API_URL', path: 'slack.apiUrl', kind: 'string' },
  { name: 'CAUSA_SLACK_CHANNELS', path: 'slack.autoTriggerChannels', kind: 'list' },
  { name: 'CAUSA_ALERT_SENDERS', path: 'slack.alertSenders', kind: 'list' },
  { name: 'MICROSOFT_APP_ID', path: 'teams.appId', kind: 'string' },
  { name: 'MICROSOFT_APP_PASSWORD', path: 'teams.appPassword', kind: 'string' },
  { name: 'MICROSOFT_APP_TENANT_ID', path: 'teams.tenantId', kind: 'string' },
  { name: 'MICROSOFT_APP_TYPE', path: 'teams.appType', kind: 'string', example: 'SingleTenant' },
  { name: 'CAUSA_TEAMS_CHANNELS', path: 'teams.alertChannels', kind: 'list' },
  { name: 'CAUSA_TEAMS_ALERT_SENDERS', path: 'teams.alertSenders', kind: 'list' },
  { name: 'CAUSA_DEPLOY_HOOK_SECRET', path: 'server.deployHookSecret', kind: 'string' },
];

/**
 * Config path (indices written "[]") → the variable that can set it; used to say how to fix a
 * problem.
 */
export const ENV_VARIABLE_FOR_PATH: Readonly<Record<string, string>> = {
  ...Object.fromEntries(DIRECT_ENV_VARIABLES.map((variable) => [variable.path, variable.name])),
  'telemetry.sources[].dir': 'CAUSA_BUNDLE_DIR',
  'reasoner.type': 'CAUSA_REASONER',
  'reasoner.baseUrl': 'CAUSA_LLM_BASE_URL',
  'reasoner.model': 'CAUSA_LLM_MODEL',
  'store.type': 'CAUSA_STORE',
  'store.url': 'REDIS_URL',
  'server.port': 'PORT',
  'slack.steerers.users': 'CAUSA_STEERERS',
  'teams.steerers.users': 'CAUSA_TEAMS_STEERERS',
};

/** Variables whose values are secrets and never appear in messages. */
export const SECRET_ENV_VARIABLES: readonly string[] = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'MICROSOFT_APP_PASSWORD',
  'REDIS_URL',
  'CAUSA_DEPLOY_HOOK_SECRET',
  'OPENAI_API_KEY',
  'AZURE_OPENAI_API_KEY',
];
