import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportSchema } from '../../src/core/report/report-schema';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { helpfulModel } from '../fakes/model-behaviours';
import { OpenAiCompatibleServer } from '../fakes/openai-compatible-server';
import { runCli } from './cli-harness';

describe('causa with reasoner.type llm', () => {
  let dir: string;
  let server: OpenAiCompatibleServer;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-cli-llm-'));
    await writeScenario('network-delay', dir);
    server = await new OpenAiCompatibleServer(helpfulModel).start();
  });

  afterAll(async () => {
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('investigates with --reasoner llm against the configured OpenAI-compatible endpoint, reporting the tokens from usage', async () => {
    const { code, out, err } = await runCli(['investigate', dir, '--format', 'json', '--reasoner', 'llm'], { CAUSA_LLM_BASE_URL: server.url, CAUSA_LLM_MODEL: 'local-model' });
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(out));
    expect(report.reasoner).toBe('llm');
    expect(report.reasoning).toMatchObject({ models: ['local-model'], fallbacks: [] });
    expect(report.budget.used.tokens).toBe(server.usage.prompt + server.usage.completion);
    expect(server.requests.every((r) => r.body.model === 'local-model' && r.body.temperature === 0)).toBe(true);
  });

  it('eval --reasoner llm prints the tokens per investigation', async () => {
    const cases = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-cli-llm-cases-'));
    try {
      await writeScenario('traffic-surge', path.join(cases, 'traffic-surge'));
      const predictions = path.join(cases, 'predictions');
      const { code, out } = await runCli(['eval', '--cases', cases, '--predictions', predictions, '--reasoner', 'llm', '--quiet'], { CAUSA_LLM_BASE_URL: server.url });
      expect(code).toBe(0);
      expect(out).toMatch(/reasoner llm/);
      const prediction = JSON.parse(await fs.readFile(path.join(predictions, 'traffic-surge.json'), 'utf8'));
      expect(prediction.tokens).toBeGreaterThan(0);
      expect(out).toContain(`LLM tokens: ${prediction.tokens} in total, ${prediction.tokens} per investigation`);
    } finally {
      await fs.rm(cases, { recursive: true, force: true });
    }
  });

  it('says which key is missing for the OpenAI API, and rejects an unknown --reasoner or --strategy', async () => {
    const missing = await runCli(['investigate', dir, '--reasoner', 'llm'], {});
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/needs an API key: set OPENAI_API_KEY/);
    expect(missing.err).toMatch(/CAUSA_LLM_BASE_URL/);
    const config = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-cli-llm-config-'));
    await fs.writeFile(path.join(config, 'causa.yaml'), 'reasoner:\n  type: llm\n  azure:\n    endpoint: https://example.openai.azure.com\n    deployment: gpt4o\n');
    const azure = await runCli(['investigate', dir], {}, config).finally(() => fs.rm(config, { recursive: true, force: true }));
    expect(azure.code).toBe(2);
    expect(azure.err).toMatch(/AZURE_OPENAI_API_KEY is empty/);
    expect((await runCli(['investigate', dir, '--reasoner', 'gpt'], {})).err).toMatch(/--reasoner must be offline or llm/);
    expect((await runCli(['investigate', dir, '--strategy', 'summarize-all'], {})).err).toMatch(/--strategy summarize-all needs the llm reasoner/);
  });
});

