import type { AlertReader, ThreadAssistant } from '../core/ports/thread-assistant';
import type { InvestigationStore } from '../core/ports/investigation-store';
import type { Reasoner } from '../core/ports/reasoner';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import { createChatModel } from '../reasoning/llm/chat-model-factory';
import { LlmAlertReader } from '../reasoning/llm/llm-alert-reader';
import { LlmReasoner } from '../reasoning/llm/llm-reasoner';
import type { LlmSettings } from '../reasoning/llm/llm-settings';
import { ModelGateway } from '../reasoning/llm/model-gateway';
import { SummarizeAllReasoner } from '../reasoning/llm/summarize-all-reasoner';
import { LlmThreadAssistant } from '../reasoning/llm/thread-assistant';

/**
 * Everything built on the language model, from one gateway. Loaded only when the llm reasoner is
 * configured (LangChain takes a moment to load; the offline default does without it).
 */
export function llmParts(settings: LlmSettings) {
  const gateway = new ModelGateway(createChatModel(settings), settings);
  return {
    reasoner(strategy: 'hypotheses' | 'summarize-all'): Reasoner {
      return strategy === 'summarize-all' ? new SummarizeAllReasoner({ gateway }) : new LlmReasoner({ gateway });
    },
    assistant(deps: { store: InvestigationStore; source: TelemetrySource }): ThreadAssistant {
      return new LlmThreadAssistant({ gateway, store: deps.store, source: deps.source });
    },
    alertReader(deps: { source: TelemetrySource; onFailure?: (reason: string) => void }): AlertReader {
      return new LlmAlertReader(gateway, deps);
    },
  };
}
