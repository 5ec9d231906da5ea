import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { helpfulModel } from '../../fakes/model-behaviours';
import { cardOf, channelMessage, hypothesisOfCard, startTeamsHarness, waitFor, type TeamsHarness } from './teams-test-harness';

const OPS = { id: '29:user-ops', name: 'Olga Ops', aadObjectId: 'aad-ops' };
const DEV = { id: '29:user-dev', name: 'Dev Eloper', aadObjectId: 'aad-dev' };

/*
 * Replies in a Teams investigation thread read like in Slack: the LLM reasoner and the thread
 * assistant talk to the local OpenAI-compatible fake model server (tool calls included); replies
 * and mentions arrive as signed activities through the real CloudAdapter.
 */
describe('Teams thread assistant: steering in words while the investigation runs, questions after', () => {
  let harness: TeamsHarness;
  let rootId = '';
  let events: InvestigationEvent[] = [];

  function investigationId(): string {
    return hypothesisOfCard(harness.fake.posted().map(cardOf).find((card) => hypothesisOfCard(card)))!.investigationId;
  }

  beforeAll(async () => {
    harness = await startTeamsHarness({ model: helpfulModel });
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H2') return;
      await harness.fake.deliver(harness.botUrl, channelMessage(harness.fake, { rootId, text: 'H2 is not it, checkout-api is just noisy', from: OPS }));
      await harness.store.waitForSteering(1);
    });
    const mention = channelMessage(harness.fake, { mention: true, text: `investigate ${harness.alertText.title}\n${harness.alertText.body}`, from: OPS });
    rootId = mention.id as string;
    expect((await harness.fake.deliver(harness.botUrl, mention)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.some((call) => call.kind === 'send' || call.kind === 'reply'));
    await harness.service.whenIdle();
    events = await harness.store.events(investigationId());
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('applies "H2 is not it" as a veto of H2, by the person who wrote it', () => {
    expect(harness.store.steering[0]).toMatchObject({ type: 'veto', hypothesisId: 'H2', by: 'aad-ops' });
    expect(events.some((e) => e.type === 'hypothesis-testing' && e.hypothesisId === 'H2')).toBe(false);
  });

  it('answers "@Causa why not checkout-api?" in the reply chain, citing evidence ids from the log, and changes nothing', async () => {
    const before = harness.fake.calls.length;
    const question = channelMessage(harness.fake, { rootId, mention: true, text: 'why not checkout-api?', from: DEV });
    expect((await harness.fake.deliver(harness.botUrl, question)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.slice(before).some((call) => String(call.body.text ?? '').startsWith('💬')));
    const answer = harness.fake.calls.slice(before).find((call) => String(call.body.text ?? '').startsWith('💬'))!;
    expect(answer.conversationId).toBe(`19:incidents@thread.tacv2;messageid=${rootId}`);
    const text = String(answer.body.text);
    expect(text).toMatch(/H2/);
    const cited = [...new Set(text.match(/\bE\d+\b/g) ?? [])];
    expect(cited.length).toBeGreaterThan(0);
    const ok = new Set(events.flatMap((e) => (e.type === 'query-finished' && e.evidence.status === 'ok' ? [e.evidence.id] : [])));
    for (const id of cited) expect(ok.has(id)).toBe(true);
    expect(text).not.toMatch(/from the investigation record/);
    const toolTurns = harness.model!.server.requests.filter((r) => (r.body.tools ?? []).length > 0);
    expect(toolTurns.some((r) => r.body.messages.some((m: { role: string }) => m.role === 'tool'))).toBe(true);
    expect(harness.store.steering).toHaveLength(1);
  });

  it('answers from the record, still citing evidence, when the model is down', async () => {
    harness.model!.server.responder = () => ({ status: 503 });
    const before = harness.fake.calls.length;
    await harness.fake.deliver(harness.botUrl, channelMessage(harness.fake, { rootId, text: 'what supports H1?', from: DEV }));
    await waitFor(harness.fake, (calls) => calls.slice(before).some((call) => String(call.body.text ?? '').startsWith('💬')));
    const text = String(harness.fake.calls.slice(before).find((call) => String(call.body.text ?? '').startsWith('💬'))!.body.text);
    expect(text).toMatch(/H1 \\\(.*\\\) is supported/);
    expect(text).toMatch(/Evidence: E\d+/);
    expect(text).toMatch(/from the investigation record/);
  });
});
