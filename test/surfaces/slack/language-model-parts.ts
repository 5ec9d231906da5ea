import type { InvestigationStore } from '../../../src/core/ports/investigation-store';
import type { TelemetrySource } from '../../../src/core/ports/telemetry-source';
import { createChatModel } from '../../../src/reasoning/llm/chat-model-factory';
import { LlmAlertReader } from '../../../src/reasoning/llm/llm-alert-reader';
import { LlmReasoner } from '../../../src/reasoning/llm/llm-reasoner';
import { DEFAULT_LLM_LIMITS, type LlmSettings } from '../../../src/reasoning/llm/llm-settings';
import { ModelGateway } from '../../../src/reasoning/llm/model-gateway';
import { LlmThreadAssistant } from '../../../src/reasoning/llm/thread-assistant';
import { OpenAiCompatibleServer, type ModelResponder } from '../../fakes/openai-compatible-server';

/** The LLM reasoner, thread assistant and alert reader on a fake model server. */
export interface LanguageModelParts {
  server: OpenAiCompatibleServer;
  reasoner: LlmReasoner;
  assistant: LlmThreadAssistant;
  alertReader: LlmAlertReader;
}

export async function startLanguageModel(responder: ModelResponder, store: InvestigationStore, source: TelemetrySource): Promise<LanguageModelParts> {
  const server = await new OpenAiCompatibleServer(responder).start();
  const settings: LlmSettings = { ...DEFAULT_LLM_LIMITS, baseUrl: server.url, model: 'fake-model', apiKey: 'sk-fake-0000000000000000', timeoutMs: 3000, maxRetries: 1, retryBaseDelayMs: 5, redact: { ipAddresses: false, hostnames: false } };
  const gateway = new ModelGateway(createChatModel(settings), settings);
  return { server, reasoner: new LlmReasoner({ gateway }), assistant: new LlmThreadAssistant({ gateway, store, source }), alertReader: new LlmAlertReader(gateway, { source }) };
}
