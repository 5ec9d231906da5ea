import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { helpfulModel } from '../../fakes/model-behaviours';
import { SlackDelivery } from './signed-request';
import { expectedScript, threadScript } from './thread-script';
import { alertPost, blockText, CHANNEL, envelope, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';

const ALERT_TS = '1715679770.000100';

function reply(text: string, ts: string, user = 'UOPS'): Record<string, unknown> {
  return { type: 'message', user, text, channel: CHANNEL, ts, thread_ts: ALERT_TS };
}

function investigationIdOf(harness: SlackHarness): string {
  const id = /investigation `([^`]+)`/.exec(blockText(harness.fake.callsOf('chat.postMessage')[0]))?.[1];
  if (!id) throw new Error('the status message names no investigation');
  return id;
}

/*
 * The LLM reasoner and the thread assistant talk to the local fake model server (it speaks the
 * chat-completions protocol, tool calls included). Replies arrive through the signed Events API.
 */
describe('Slack thread assistant: free-text steering while the investigation runs, questions after', () => {
  let harness: SlackHarness;
  let delivery: SlackDelivery;
  let events: InvestigationEvent[];

  beforeAll(async () => {
    harness = await startHarness({ model: helpfulModel });
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H2') return;
      // "not it" about H2, and a deploy reported in words: both while H2 is still untested.
      await delivery.event(envelope(reply('H2 is not it, checkout-api is just noisy', '1715679780.000100')));
      await harness.store.waitForSteering(1);
      await delivery.event(envelope(reply('fwiw we deployed orders-consumer at 09:15, maybe check that', '1715679781.000100')));
      await harness.store.waitForSteering(2);
    });
    expect((await delivery.event(envelope(alertPost(harness, ALERT_TS)))).status).toBe(200);
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    await harness.service.whenIdle();
    events = await harness.store.events(investigationIdOf(harness));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('applies "H2 is not it" as a veto of H2', () => {
    expect(harness.store.steering[0]).toMatchObject({ type: 'veto', hypothesisId: 'H2', by: 'UOPS' });
    const applied = events.find((e) => e.type === 'steering-applied' && e.command.type === 'veto');
    expect(applied).toMatchObject({ command: { hypothesisId: 'H2' }, effect: expect.stringMatching(/H2 vetoed by UOPS/) });
    expect(events.some((e) => e.type === 'hypothesis-testing' && e.hypothesisId === 'H2')).toBe(false);
  });

  it('turns "we deployed orders-consumer at 09:15" into a reported change that is recorded and tested', () => {
    expect(harness.store.steering[1]).toMatchObject({ type: 'change', service: 'orders-consumer', changedAt: '2024-05-14T09:15:00.000Z', category: 'deploy', by: 'UOPS' });
    const recorded = events.find((e) => e.type === 'query-finished' && e.evidence.sourceId === 'chat');
    expect(recorded).toBeDefined();
    const proposed = events.find((e) => e.type === 'hypothesis-proposed' && e.hypothesis.kind === 'deploy-change' && e.hypothesis.subject.service === 'orders-consumer');
    expect(proposed).toBeDefined();
    const id = proposed!.type === 'hypothesis-proposed' ? proposed!.hypothesis.id : '';
    const verdict = events.find((e) => (e.type === 'hypothesis-supported' || e.type === 'hypothesis-refuted' || e.type === 'hypothesis-inconclusive') && e.verdict.hypothesisId === id);
    expect(verdict).toBeDefined();
    expect(verdict!.type !== 'report-ready' && 'verdict' in verdict! && verdict.verdict.evidenceIds).toContain(recorded!.type === 'query-finished' ? recorded!.evidence.id : '');
  });

  it('answers "@Causa why not checkout-api?" in the thread, citing the evidence ids it rests on', async () => {
    const before = harness.fake.callsOf('chat.postMessage').length;
    await delivery.event(envelope({ type: 'app_mention', user: 'UDEV', text: '<@UCAUSA> why not checkout-api?', channel: CHANNEL, ts: '1715679900.000100', thread_ts: ALERT_TS, event_ts: '1715679900.000100' }));
    await harness.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    const answer = harness.fake.callsOf('chat.postMessage').slice(before).find((c) => String(c.body.text).startsWith('💬'));
    expect(answer).toBeDefined();
    expect(answer!.body.thread_ts).toBe(ALERT_TS);
    const text = String(answer!.body.text);
    expect(text).toMatch(/H2/);
    const cited = [...new Set(text.match(/\bE\d+\b/g) ?? [])];
    expect(cited.length).toBeGreaterThan(0);
    const ok = new Set(events.filter((e) => e.type === 'query-finished' && e.evidence.status === 'ok').map((e) => (e.type === 'query-finished' ? e.evidence.id : '')));
    for (const id of cited) expect(ok.has(id)).toBe(true);
    expect(text).not.toMatch(/from the investigation record/);
    // The answer came from LangChain tool calling against the model server.
    const toolTurns = harness.model!.server.requests.filter((r) => (r.body.tools ?? []).length > 0);
    expect(toolTurns.length).toBeGreaterThanOrEqual(2);
    expect(toolTurns.some((r) => r.body.messages.some((m: { role: string }) => m.role === 'tool'))).toBe(true);
    // A question changes nothing.
    expect(harness.store.steering).toHaveLength(2);
  });

  it('answers from the record, still citing evidence, when the model is down', async () => {
    harness.model!.server.responder = () => ({ status: 503 });
    const before = harness.fake.callsOf('chat.postMessage').length;
    await delivery.event(envelope(reply('what supports H1?', '1715679910.000100', 'UDEV')));
    await harness.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    const answer = harness.fake.callsOf('chat.postMessage').slice(before).find((c) => String(c.body.text).startsWith('💬'));
    expect(answer!.body.text).toMatch(/H1 \(.*\) is supported/);
    expect(answer!.body.text).toMatch(/Evidence: E\d+/);
    expect(answer!.body.text).toMatch(/from the investigation record/);
    const log = await harness.store.events(investigationIdOf(harness));
    expect(log.some((e) => e.type === 'reasoner-fallback' && e.stage === 'interpret-reply' && /HTTP 503/.test(e.reason))).toBe(true);
  });
});

describe('Slack thread when the language model is down during the investigation', () => {
  let harness: SlackHarness;

  beforeAll(async () => {
    harness = await startHarness({ model: () => ({ status: 500 }), slack: { threadLayout: 'verbose' } });
    const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
    await delivery.event(envelope(alertPost(harness, ALERT_TS)));
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    await harness.service.whenIdle();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('says once that it continues offline, counts the fallbacks in the status, and still publishes the RCA', async () => {
    const events = await harness.store.events(investigationIdOf(harness));
    const fallbacks = events.filter((e) => e.type === 'reasoner-fallback');
    expect(fallbacks.length).toBeGreaterThanOrEqual(2);
    expect(threadScript(harness.fake.calls)).toEqual(expectedScript(events));
    const notices = harness.fake.callsOf('chat.postMessage').filter((c) => String(c.body.text).startsWith('⚠️ The language model'));
    expect(notices).toHaveLength(1);
    expect(notices[0].body.text).toMatch(/HTTP 500/);
    const statusTs = harness.fake.callsOf('chat.postMessage').find((c) => String(c.body.text).startsWith('Causa is investigating'))!.response.ts;
    const status = harness.fake.callsOf('chat.update').filter((c) => c.body.ts === statusTs).at(-1)!;
    expect(blockText(status)).toMatch(new RegExp(`${fallbacks.length} fell back to the offline reasoner`));
    const rca = harness.fake.callsOf('chat.postMessage').find((call) => call.body.reply_broadcast === 'true');
    expect(blockText(rca!)).toMatch(/language model: \d+ calls, 0 tokens, \d+ offline fallbacks/);
  });
});

describe('Slack: an alert in a format no recognizer knows, when someone asks to investigate it', () => {
  let harness: SlackHarness;
  let delivery: SlackDelivery;

  beforeAll(async () => {
    harness = await startHarness({ model: helpfulModel });
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('is read by the language model and investigated; text that is no alert still gets the usual explanation', async () => {
    const text = '<@UCAUSA> investigate Night shift here: the orders consumer is thousands of messages behind since 09:20, customers see stale orders';
    await delivery.event(envelope({ type: 'app_mention', user: 'UOPS', text, channel: CHANNEL, ts: '1715678570.000100', event_ts: '1715678570.000100' }));
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage' && String(call.body.text).startsWith('Causa is investigating')));
    await harness.service.whenIdle();
    const events = await harness.store.events(investigationIdOf(harness));
    const started = events[0];
    expect(started.type === 'investigation-started' && started.alert).toMatchObject({ source: 'generic', symptom: { service: 'orders-consumer', signal: 'lag' } });
    expect(started.type === 'investigation-started' && started.alert.text).toContain('the orders consumer is thousands of messages behind');
    expect(harness.model!.server.requests.some((r) => r.body.response_format?.json_schema?.name === 'read_alert')).toBe(true);

    const before = harness.fake.callsOf('chat.postMessage').length;
    await delivery.event(envelope({ type: 'app_mention', user: 'UOPS', text: '<@UCAUSA> investigate the thing we talked about', channel: CHANNEL, ts: '1715678600.000100', event_ts: '1715678600.000100' }));
    await harness.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    expect(String(harness.fake.callsOf('chat.postMessage').at(-1)!.body.text)).toMatch(/I could not read an alert in that: Not a recognizable alert/);
  });
});
