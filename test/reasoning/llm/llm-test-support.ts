import { z } from 'zod';
import type { ModelCall } from '../../../src/core/investigation/reasoning-records';
import { StandaloneLedger } from '../../../src/reasoning/llm/call-ledger';
import { createChatModel } from '../../../src/reasoning/llm/chat-model-factory';
import { DEFAULT_LLM_LIMITS, type LlmSettings } from '../../../src/reasoning/llm/llm-settings';
import { ModelGateway } from '../../../src/reasoning/llm/model-gateway';
import { OpenAiCompatibleServer, type ModelReply, type ModelRequest, type ModelResponder } from '../../fakes/openai-compatible-server';

/** Settings for a fake server: quick retries and timeouts so failure tests stay fast. */
export function fakeSettings(server: OpenAiCompatibleServer, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    ...DEFAULT_LLM_LIMITS,
    baseUrl: server.url,
    model: 'fake-model',
    apiKey: 'sk-test-key-for-the-fake-server-0000',
    timeoutMs: 2000,
    retryBaseDelayMs: 5,
    redact: { ipAddresses: true, hostnames: false },
    ...overrides,
  };
}

export function gatewayFor(server: OpenAiCompatibleServer, overrides: Partial<LlmSettings> = {}): ModelGateway {
  const settings = fakeSettings(server, overrides);
  return new ModelGateway(createChatModel(settings), settings);
}

/** A ledger that keeps the calls it was given. */
export function recordingLedger(limit = 0): StandaloneLedger & { calls: ModelCall[] } {
  const calls: ModelCall[] = [];
  const ledger = new StandaloneLedger(limit, (call) => void calls.push(call)) as StandaloneLedger & { calls: ModelCall[] };
  ledger.calls = calls;
  return ledger;
}

/** Answers requests with `replies` in order, then keeps answering with the last one. */
export function scripted(...replies: ModelReply[]): ModelResponder {
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)];
}

/** Answers by schema name (structured calls) or `tools` (tool-calling turns). */
export function bySchema(replies: Record<string, ModelReply | ((request: ModelRequest) => ModelReply)>): ModelResponder {
  return (request) => {
    const reply = replies[request.schemaName ?? (request.toolNames.length > 0 ? 'tools' : 'text')] ?? { json: { hypotheses: [] } };
    return typeof reply === 'function' ? reply(request) : reply;
  };
}

export async function startModelServer(responder: ModelResponder): Promise<OpenAiCompatibleServer> {
  return new OpenAiCompatibleServer(responder).start();
}

export const TinySchema = z.strictObject({ answer: z.string(), items: z.array(z.number()) });
