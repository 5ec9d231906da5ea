import type { ReasonerConfig } from './config-schema';

type LlmConfig = Extract<ReasonerConfig, { type: 'llm' }>;

/** The environment variable the LLM reasoner's API key is read from. */
export function llmApiKeyVariable(config: LlmConfig): string {
  return config.apiKeyEnv ?? (config.azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY');
}

/**
 * The API key of the LLM reasoner, read from the variable the configuration names (it is never
 * written in the configuration itself, and never logged). Undefined when the variable is unset:
 * local OpenAI-compatible servers need no key.
 */
export function llmApiKey(config: LlmConfig, env: Record<string, string | undefined>): string | undefined {
  const value = env[llmApiKeyVariable(config)]?.trim();
  return value ? value : undefined;
}
