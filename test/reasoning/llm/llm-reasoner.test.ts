import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { LlmReasoner } from '../../../src/reasoning/llm/llm-reasoner';
import type { OpenAiCompatibleServer } from '../../fakes/openai-compatible-server';
import { helpfulModel } from '../../fakes/model-behaviours';
import { bySchema, gatewayFor, scripted, startModelServer } from './llm-test-support';
import { decisionShape, runBundle, scenarioBundle, type ScenarioRun } from './scenario-runs';

describe('LLM reasoner on a built-in incident', () => {
  let bundle: { dir: string; remove(): Promise<void> };
  let offline: ScenarioRun;
  let server: OpenAiCompatibleServer | undefined;

  beforeAll(async () => {
    bundle = await scenarioBundle('kafka-consumer-lag');
    offline = await runBundle(bundle.dir, new OfflineReasoner());
  });

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  afterAll(async () => {
    await bundle.remove();
  });

  async function runWith(responder: Parameters<typeof startModelServer>[0], overrides = {}, budget = {}): Promise<ScenarioRun> {
    await server?.stop();
    server = await startModelServer(responder);
    return runBundle(bundle.dir, new LlmReasoner({ gateway: gatewayFor(server, overrides) }), budget);
  }

  it('adds grounded hypotheses, tests them with the same testers, writes a checked narrative and counts its tokens', async () => {
    const run = await runWith(helpfulModel);
    const { report, events } = run;
    expect(report.reasoner).toBe('llm');
    expect(report.ranking[0]).toEqual(offline.report.ranking[0]);
    // Every offline hypothesis is tested the same way; the model's additions come on top.
    for (const h of offline.report.hypotheses) {
      expect(report.hypotheses.find((x) => x.kind === h.kind && x.subject.service === h.subject.service && x.subject.instance === h.subject.instance)).toMatchObject({ status: h.status, confidence: h.confidence });
    }
    const added = events.filter((e) => e.type === 'hypothesis-proposed' && e.hypothesis.rationale.startsWith('suggested by the language model'));
    expect(added.length).toBeGreaterThan(0);
    for (const event of added) {
      if (event.type !== 'hypothesis-proposed') continue;
      const judged = report.hypotheses.find((h) => h.id === event.hypothesis.id)!;
      expect(judged.factors).not.toBeNull(); // tested: its confidence was computed from factors
    }
    expect(report.narrative.length).toBeGreaterThan(0);
    for (const sentence of report.narrative) expect(sentence.evidenceIds.length).toBeGreaterThan(0);
    const used = server!.usage;
    expect(report.reasoning).toMatchObject({ models: ['fake-model'], calls: server!.requests.length, inputTokens: used.prompt, outputTokens: used.completion, fallbacks: [] });
    expect(report.budget.used.tokens).toBe(used.prompt + used.completion);
  });

  it.each([
    ['HTTP 500', { status: 500 }, /HTTP 500 after 2 attempts/],
    ['malformed JSON', { content: '{"hypotheses": [' }, /not valid JSON/],
    ['schema-violating output', { json: { hypotheses: [{ kind: 'root-cause', service: 'x', confidence: 0.99 }] } }, /does not match the expected shape/],
    ['a refusal', { refusal: "I can't help with that request." }, /refused/],
    ['a timeout', { hang: true }, /did not answer within 300 ms/],
  ])('falls back to the offline reasoner on %s, recording it, with the same verdicts', async (_what, reply, reason) => {
    const run = await runWith(scripted(reply as never), { maxRetries: 1, timeoutMs: 300 });
    expect(decisionShape(run.report)).toEqual(decisionShape(offline.report));
    const fallbacks = run.events.filter((e) => e.type === 'reasoner-fallback');
    expect(fallbacks.map((e) => e.type === 'reasoner-fallback' && e.stage)).toEqual(expect.arrayContaining(['propose', 'narrate']));
    for (const event of fallbacks) expect(event.type === 'reasoner-fallback' && event.reason).toMatch(reason);
    expect(run.report.reasoning?.fallbacks.length).toBe(fallbacks.length);
    expect(run.report.narrative).toEqual([]);
  });

  it('drops and counts claims that cite no evidence that passed the analyzers', async () => {
    const run = await runWith(
      bySchema({
        propose_hypotheses: (request) => ({
          json: {
            hypotheses: [
              { kind: 'cpu-saturation', service: request.data.services[0], component: null, rationale: 'surely the CPU', evidenceIds: [] },
              { kind: 'memory-exhaustion', service: request.data.services[1], component: null, rationale: 'memory, see E9999', evidenceIds: ['E9999'] },
              { kind: 'disk-saturation', service: 'no-such-service', component: null, rationale: 'disk', evidenceIds: ['E1'] },
            ],
          },
        }),
        write_narrative: { json: { sentences: [{ text: 'Everything points at the database.', stance: 'cause', hypothesisIds: [], evidenceIds: [] }] } },
      }),
    );
    expect(decisionShape(run.report)).toEqual(decisionShape(offline.report));
    const dropped = run.report.reasoning!.droppedClaims;
    expect(dropped.length).toBeGreaterThanOrEqual(4);
    expect(dropped.map((d) => d.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/no evidence that passed the analyzers backs it: it cites no evidence/), expect.stringMatching(/E9999/), 'the telemetry knows no such service', 'it cites no hypothesis']));
    expect(run.events.filter((e) => e.type === 'claim-dropped')).toHaveLength(dropped.length);
  });

  it('stops calling the model when the token budget is spent and concludes with its best lead', async () => {
    const run = await runWith(helpfulModel);
    const spentOnce = run.report.budget.used.tokens;
    const again = await runWith(helpfulModel);
    expect(again.report.budget.used.tokens).toBe(spentOnce);
    const limited = await runWith(helpfulModel, {}, { maxTokens: Math.floor(spentOnce / 2) });
    expect(limited.report.budget.used.tokens).toBeLessThanOrEqual(Math.floor(spentOnce / 2));
    expect(limited.events.some((e) => e.type === 'reasoner-fallback' && /token budget has \d+ tokens left/.test(e.reason))).toBe(true);
    expect(limited.report.ranking.length).toBeGreaterThan(0);
  });
});
