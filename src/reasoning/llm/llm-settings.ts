/**
 * How to reach the language model and how much each call may cost. Built by the composition
 * root from the `reasoner` config section (the API key comes from the environment variable it
 * names and is never logged).
 */
export interface LlmSettings {
  /** Any OpenAI-compatible endpoint (vLLM, Ollama, LM Studio…); the OpenAI API when absent. */
  baseUrl?: string;
  /** Model name (for Azure, the deployment serves it; kept for the audit log). */
  model: string;
  apiKey?: string;
  /** Extra request headers (e.g. basic auth of a proxy, from credentials in the base URL). */
  headers?: Record<string, string>;
  /** Azure OpenAI: the resource endpoint, deployment and API version. */
  azure?: { endpoint: string; deployment: string; apiVersion: string };
  /** 0: the same question gets the same answer as far as the model allows. */
  temperature: number;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Further attempts after a 429, a 5xx, a timeout or a dropped connection. */
  maxRetries: number;
  /** First backoff; doubled per attempt (with jitter) unless the server sends Retry-After. */
  retryBaseDelayMs: number;
  /** Per call: the model may answer with at most this many tokens. */
  maxOutputTokens: number;
  /** Per call: prompts estimated above this are cut (fewer evidence digests) or not sent. */
  maxPromptTokens: number;
  /** Redaction beyond secrets and emails, which are always replaced. */
  redact: { ipAddresses: boolean; hostnames: boolean };
}

/** Defaults for the fields a config may leave out. */
export const DEFAULT_LLM_LIMITS = {
  temperature: 0,
  timeoutMs: 60_000,
  maxRetries: 3,
  retryBaseDelayMs: 1000,
  maxOutputTokens: 1024,
  maxPromptTokens: 6000,
} as const;
