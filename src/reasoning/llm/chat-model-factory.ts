import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { LlmSettings } from './llm-settings';
import { modelFetch } from './model-exchange';

/**
 * Placeholder key for local OpenAI-compatible servers (vLLM, Ollama, LM Studio) that need none;
 * the client library insists on some value.
 */
const NO_KEY = 'not-needed';

/**
 * The LangChain chat model for the settings: `AzureChatOpenAI` for an Azure deployment, else
 * `ChatOpenAI` on the OpenAI API or any OpenAI-compatible base URL (chat completions). Every
 * setting is passed explicitly so the client library reads nothing from the environment.
 * Retries are the gateway's (with Retry-After and an audit record), so the client makes one
 * attempt per call; the raw response is kept to read refusals and finish reasons.
 */
export function createChatModel(settings: LlmSettings): ChatOpenAI {
  const common = {
    temperature: settings.temperature,
    maxTokens: settings.maxOutputTokens,
    // The fetch below times each attempt out; the client's own timeout is only a backstop.
    timeout: settings.timeoutMs + 5000,
    maxRetries: 0,
    __includeRawResponse: true,
    streamUsage: false,
  };
  if (settings.azure) {
    return new AzureChatOpenAI({
      ...common,
      model: settings.model,
      azureOpenAIApiKey: settings.apiKey ?? NO_KEY,
      azureOpenAIEndpoint: settings.azure.endpoint.replace(/\/+$/, ''),
      azureOpenAIApiDeploymentName: settings.azure.deployment,
      azureOpenAIApiVersion: settings.azure.apiVersion,
      azureOpenAIApiInstanceName: undefined,
      azureOpenAIBasePath: undefined,
      configuration: { fetch: modelFetch(settings.timeoutMs), ...(settings.headers ? { defaultHeaders: settings.headers } : {}) },
    });
  }
  return new ChatOpenAI({
    ...common,
    model: settings.model,
    apiKey: settings.apiKey ?? NO_KEY,
    useResponsesApi: false,
    configuration: {
      fetch: modelFetch(settings.timeoutMs),
      ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
      ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    },
  });
}
