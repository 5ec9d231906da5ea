import { ModelCallError } from '../../../src/reasoning/llm/model-call-error';
import type { OpenAiCompatibleServer } from '../../fakes/openai-compatible-server';
import { fakeSettings, gatewayFor, recordingLedger, scripted, startModelServer, TinySchema } from './llm-test-support';
import { createChatModel } from '../../../src/reasoning/llm/chat-model-factory';
import { ModelGateway } from '../../../src/reasoning/llm/model-gateway';
import { countTokens } from '../../fakes/openai-compatible-server';

const request = { purpose: 'test', system: 'You answer in JSON.', user: 'Give me something.', schema: TinySchema, schemaName: 'tiny_answer' };

describe('ModelGateway against an OpenAI-compatible server', () => {
  let server: OpenAiCompatibleServer;

  afterEach(async () => {
    await server?.stop();
  });

  it('sends a json_schema request at temperature 0 with the key, and accounts usage from the response', async () => {
    server = await startModelServer(scripted({ json: { answer: 'ok', items: [1, 2] } }));
    const ledger = recordingLedger(10_000);
    const value = await gatewayFor(server).structured(request, ledger);
    expect(value).toEqual({ answer: 'ok', items: [1, 2] });
    const [sent] = server.requests;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-key-for-the-fake-server-0000');
    expect(sent.body).toMatchObject({ model: 'fake-model', temperature: 0, max_tokens: 1024, response_format: { type: 'json_schema', json_schema: { name: 'tiny_answer' } } });
    expect(sent.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    const usage = sent.usage!;
    expect(usage.completion_tokens).toBe(countTokens(JSON.stringify({ answer: 'ok', items: [1, 2] })));
    expect(ledger.tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(ledger.calls).toEqual([expect.objectContaining({ purpose: 'test', outcome: 'ok', inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, attempts: 1 })]);
  });

  it('retries a 429 after the Retry-After the server asks for, then succeeds', async () => {
    server = await startModelServer(scripted({ status: 429, error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }, headers: { 'retry-after-ms': '40' } }, { json: { answer: 'ok', items: [] } }));
    const ledger = recordingLedger();
    const sleeps: number[] = [];
    const settings = fakeSettings(server);
    const gateway = new ModelGateway(createChatModel(settings), settings, { sleep: async (ms) => void sleeps.push(ms) });
    await expect(gateway.structured(request, ledger)).resolves.toEqual({ answer: 'ok', items: [] });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([40]);
    expect(ledger.calls[0]).toMatchObject({ outcome: 'ok', attempts: 2 });
  });

  it('backs off exponentially on 500s and gives up after the configured retries', async () => {
    server = await startModelServer(scripted({ status: 500 }));
    const ledger = recordingLedger();
    const sleeps: number[] = [];
    const settings = fakeSettings(server, { maxRetries: 2, retryBaseDelayMs: 100 });
    const gateway = new ModelGateway(createChatModel(settings), settings, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
    const failure = gateway.structured(request, ledger);
    await expect(failure).rejects.toBeInstanceOf(ModelCallError);
    await expect(failure).rejects.toMatchObject({ failure: 'http', status: 500, message: 'the model endpoint answered HTTP 500 after 3 attempts' });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
    expect(ledger.calls).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 3, inputTokens: 0 })]);
  });

  it('does not retry a 400', async () => {
    server = await startModelServer(scripted({ status: 400, error: { message: 'Invalid schema', type: 'invalid_request_error' } }));
    await expect(gatewayFor(server).structured(request, recordingLedger())).rejects.toMatchObject({ failure: 'http', status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a model that does not answer, per attempt', async () => {
    server = await startModelServer(scripted({ hang: true }));
    const started = Date.now();
    await expect(gatewayFor(server, { timeoutMs: 300, maxRetries: 1 }).structured(request, recordingLedger())).rejects.toMatchObject({ failure: 'timeout' });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects malformed JSON, schema-violating output, refusals and cut-off answers — and still counts their tokens', async () => {
    const cases: Array<[object, string]> = [
      [{ content: '{"answer": "ok", "items": [1, 2' }, 'malformed'],
      [{ content: 'Sure! Here is the answer you asked for.' }, 'malformed'],
      [{ json: { answer: 'ok', items: ['one'] } }, 'schema'],
      [{ json: { answer: 'ok', items: [], confidence: 0.99 } }, 'schema'],
      [{ refusal: "I'm sorry, I can't help with that." }, 'refusal'],
      [{ content: '{"answer": "o', finishReason: 'length' }, 'truncated'],
    ];
    for (const [reply, failure] of cases) {
      server = await startModelServer(scripted(reply as never));
      const ledger = recordingLedger();
      await expect(gatewayFor(server).structured(request, ledger)).rejects.toMatchObject({ failure });
      expect(server.requests).toHaveLength(1);
      expect(ledger.tokens).toBeGreaterThan(0);
      await server.stop();
    }
  });

  it('refuses to send a prompt over the per-call limit or over the remaining investigation budget', async () => {
    server = await startModelServer(scripted({ json: { answer: 'ok', items: [] } }));
    await expect(gatewayFor(server, { maxPromptTokens: 10 }).structured(request, recordingLedger())).rejects.toMatchObject({ failure: 'budget' });
    const ledger = recordingLedger(500);
    await expect(gatewayFor(server).structured(request, ledger)).rejects.toThrow(/token budget has 500 tokens left/);
    expect(server.requests).toHaveLength(0);
  });

  it('speaks to an Azure OpenAI deployment with its api-key header and api-version', async () => {
    server = await startModelServer(scripted({ json: { answer: 'azure', items: [] } }));
    const settings = fakeSettings(server, { baseUrl: undefined, azure: { endpoint: server.azureEndpoint, deployment: 'causa-gpt4o', apiVersion: '2024-10-21' } });
    const gateway = new ModelGateway(createChatModel(settings), settings);
    await expect(gateway.structured(request, recordingLedger())).resolves.toEqual({ answer: 'azure', items: [] });
    const [sent] = server.requests;
    expect(sent.path).toBe('/openai/deployments/causa-gpt4o/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe('sk-test-key-for-the-fake-server-0000');
  });
});
