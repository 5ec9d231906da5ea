import type { CausaConfig } from './config-schema';
import { SECRET_ENV_VARIABLES } from './env-variables';
import { llmApiKeyVariable } from './llm-credentials';
import { createRedactor, knownSecretValues, type Redact } from './secret-redaction';

/**
 * The redaction step for everything a process prints once its configuration is loaded: every
 * secret of the configuration (tokens, signing secret, passwords, header values, credentials in
 * URLs, the LLM API key read from its variable) and of the secret environment variables.
 */
export function configRedactor(config: CausaConfig | undefined, env: Record<string, string | undefined>): Redact {
  const variables = [...SECRET_ENV_VARIABLES];
  if (config?.reasoner.type === 'llm') variables.push(llmApiKeyVariable(config.reasoner));
  return createRedactor(knownSecretValues(config ?? {}, env, variables));
}
