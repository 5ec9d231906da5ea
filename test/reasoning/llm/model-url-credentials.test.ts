import { HumanMessage } from '@langchain/core/messages';
import { llmSettings } from '../../../src/app/reasoner-factory';
import { loadConfig } from '../../../src/config';
import { createChatModel } from '../../../src/reasoning/llm/chat-model-factory';
import type { OpenAiCompatibleServer } from '../../fakes/openai-compatible-server';
import { startModelServer } from './llm-test-support';

describe('credentials in the LLM base URL', () => {
  let server: OpenAiCompatibleServer;
  beforeAll(async () => {
    server = await startModelServer(() => ({ content: 'ok' }));
  });
  afterAll(() => server.stop());

  it('reach the model endpoint as basic auth, not in the URL', async () => {
    const url = new URL(server.url);
    url.username = 'proxy';
    url.password = 'model-proxy-password';
    const config = loadConfig({ env: { CAUSA_LLM_BASE_URL: url.href }, cwd: '/' });
    if (config.reasoner.type !== 'llm') throw new Error('expected the llm reasoner');
    expect(config.reasoner.baseUrl).not.toContain('model-proxy-password');
    const model = createChatModel({ ...llmSettings(config.reasoner, {}), maxRetries: 0 });
    await model.invoke([new HumanMessage('hello')]);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('proxy:model-proxy-password').toString('base64')}`);
  });
});
