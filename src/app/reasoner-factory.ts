import { llmApiKey, llmApiKeyVariable, type CausaConfig, type ReasonerConfig } from '../config';
import { ConfigError } from '../core/errors';
import type { InvestigationStore } from '../core/ports/investigation-store';
import type { Reasoner } from '../core/ports/reasoner';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { AlertReader, ThreadAssistant } from '../core/ports/thread-assistant';
import type { LlmSettings } from '../reasoning/llm/llm-settings';
import { OfflineReasoner } from '../reasoning/offline/offline-reasoner';
import type { llmParts } from './llm-parts';

type LlmConfig = Extract<ReasonerConfig, { type: 'llm' }>;

/**
 * How the LLM reasoner uses the model. `hypotheses` (the product): bounded calls per hypothesis.
 * `summarize-all`: run the queries and paste every result into one prompt — kept only to compare
 * against in the benchmarks.
 */
export type LlmStrategy = 'hypotheses' | 'summarize-all';

/** The model settings of an `llm` reasoner config, with the API key read from its variable. */
export function llmSettings(config: LlmConfig, env: Record<string, string | undefined>): LlmSettings {
  const apiKey = llmApiKey(config, env);
  const variable = llmApiKeyVariable(config);
  if (!apiKey && config.azure) {
    throw new ConfigError(`reasoner.azure is set but ${variable} is empty: Azure OpenAI needs the resource's API key in ${variable} (reasoner.apiKeyEnv names another variable)`);
  }
  if (!apiKey && !config.baseUrl) {
    throw new ConfigError(
      `reasoner.type is llm on the OpenAI API, which needs an API key: set ${variable} (reasoner.apiKeyEnv names another variable), ` +
        'or point reasoner.baseUrl (CAUSA_LLM_BASE_URL) at an OpenAI-compatible server such as vLLM or Ollama',
    );
  }
  return {
    baseUrl: config.baseUrl,
    model: config.model,
    apiKey,
    headers: config.headers,
    azure: config.azure,
    temperature: config.temperature,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    maxOutputTokens: config.maxOutputTokens,
    maxPromptTokens: config.maxPromptTokens,
    redact: config.redact,
  };
}

/** The language-model parts, loaded on first use only (see `llm-parts.ts`). */
function loadLlmParts(settings: LlmSettings): ReturnType<typeof llmParts> {
  const { llmParts: build } = require('./llm-parts') as typeof import('./llm-parts');
  return build(settings);
}

/**
 * The reasoner the configuration asks for — the same for `causa investigate`, `eval`, `demo` and
 * `serve`. Throws a ConfigError saying what to set when the model cannot be reached as configured.
 */
export function createReasoner(config: CausaConfig['reasoner'], env: Record<string, string | undefined>, options: { strategy?: LlmStrategy } = {}): Reasoner {
  if (config.type !== 'llm') {
    if (options.strategy && options.strategy !== 'hypotheses') throw new ConfigError(`--strategy ${options.strategy} needs the llm reasoner: set CAUSA_REASONER=llm (or --reasoner llm)`);
    return new OfflineReasoner();
  }
  return loadLlmParts(llmSettings(config, env)).reasoner(options.strategy ?? 'hypotheses');
}

/** What a chat surface gets from the reasoner configuration. */
export interface ReasoningParts {
  reasoner: Reasoner;
  /** Thread Q&A and free-text steering; only with the llm reasoner (and `threadAssistant` on). */
  assistant?: ThreadAssistant;
  /** Reads alerts no recognizer knows, when someone asks to investigate them; only with the llm reasoner. */
  alertReader?: AlertReader;
  /** One line for the start-up log (never the key). */
  description: string;
}

/** The reasoner and, with the llm reasoner, the thread assistant and alert reader on one model gateway. */
export function createReasoningParts(
  config: CausaConfig['reasoner'],
  env: Record<string, string | undefined>,
  deps: { store: InvestigationStore; source: TelemetrySource; onAlertReadingFailure?: (reason: string) => void },
): ReasoningParts {
  if (config.type !== 'llm') return { reasoner: new OfflineReasoner(), description: 'offline' };
  const parts = loadLlmParts(llmSettings(config, env));
  const where = config.azure ? `Azure OpenAI deployment ${config.azure.deployment} at ${config.azure.endpoint}` : config.baseUrl ?? 'the OpenAI API';
  return {
    reasoner: parts.reasoner('hypotheses'),
    assistant: config.threadAssistant ? parts.assistant(deps) : undefined,
    alertReader: parts.alertReader({ source: deps.source, onFailure: deps.onAlertReadingFailure }),
    description: `llm (model ${config.model} on ${where})`,
  };
}
