export { loadConfig, type LoadConfigOptions } from './load-config';
export {
  ConfigSchema,
  LOG_LEVELS,
  LogConfigSchema,
  ReasonerConfigSchema,
  AzureOpenAiConfigSchema,
  StoreConfigSchema,
  QueueConfigSchema,
  type QueueConfig,
  type CausaConfig,
  type CausaConfigInput,
  type LogConfig,
  type ReasonerConfig,
  type StoreConfig,
} from './config-schema';
export * from './telemetry-sources-schema';
export * from './surfaces-config-schema';
export { describeConfig } from './describe-config';
export { llmApiKey, llmApiKeyVariable } from './llm-credentials';
export { slackReadiness, type SlackReadiness } from './slack-readiness';
export { teamsReadiness, readyTeamsConfig, type TeamsReadiness } from './teams-readiness';
