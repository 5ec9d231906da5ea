import { pngSize } from '../../../src/charts/png-encoder';
import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { ReportSchema } from '../../../src/core/report/report-schema';
import { attachmentsOf, cardAction, cardOf, cardText, channelMessage, hypothesisOfCard, startTeamsHarness, waitFor, type TeamsHarness } from './teams-test-harness';

const OPS = { id: '29:user-ops', name: 'Olga Ops', aadObjectId: 'aad-ops' };

/*
 * The real CloudAdapter with authentication on: every activity is signed with the fake channel's
 * key and checked against its OpenID metadata; every reply needs a token from the fake login
 * authority. The Veto lands before H2 is tested because the service waits for its listeners: the
 * test subscribes after the Teams renderer, so when it sees H2 proposed the H2 card is already
 * posted; it sends the card's Universal Action and waits until the command is queued.
 */
describe('Teams surface with Bot Framework authentication: @mention → investigation → Veto → RCA', () => {
  let harness: TeamsHarness;
  let rootId = '';
  const invokeAnswers: Array<{ status: number; body: string }> = [];

  beforeAll(async () => {
    harness = await startTeamsHarness({ teams: { steerers: { mode: 'allowlist', users: ['aad-ops'] } } });
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H2') return;
      const card = harness.fake.posted().map(cardOf).find((content) => hypothesisOfCard(content)?.hypothesisId === 'H2');
      const data = hypothesisOfCard(card);
      if (!data) throw new Error('the H2 card was not posted before its event reached later listeners');
      invokeAnswers.push(await harness.fake.deliver(harness.botUrl, cardAction(harness.fake, rootId, 'causa.veto', data, OPS)));
      await harness.store.waitForSteering(1);
    });
    const mention = channelMessage(harness.fake, { mention: true, text: `investigate ${harness.alertText.title}\n${harness.alertText.body}` });
    rootId = mention.id as string;
    const response = await harness.fake.deliver(harness.botUrl, mention);
    expect(response.status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.some((call) => call.kind === 'send' || call.kind === 'reply'), Number(process.env.WAIT_MS ?? 20000));
    await harness.service.whenIdle();
  }, 60_000);

  afterAll(async () => {
    if (process.env.DEBUG_TEAMS) console.log(harness.logs.join('').slice(0, 20000));
    await harness?.close();
  });

  async function auditLog(): Promise<InvestigationEvent[]> {
    const id = hypothesisOfCard(harness.fake.posted().map(cardOf).find((card) => hypothesisOfCard(card)))?.investigationId;
    if (!id) throw new Error('no hypothesis card names an investigation');
    return harness.store.events(id);
  }

  it('obtains its outbound token from the login authority with the client secret', () => {
    expect(harness.fake.tokenRequests.length).toBeGreaterThan(0);
    expect(harness.fake.tokenRequests[0]).toMatchObject({ grant_type: 'client_credentials', scope: 'https://api.botframework.test/.default' });
  });

  it('posts into the reply chain of the mention: one status card, updated in place', () => {
    const chain = `19:incidents@thread.tacv2;messageid=${rootId}`;
    const posted = harness.fake.posted();
    expect(posted.length).toBeGreaterThan(3);
    expect(posted.every((call) => call.conversationId === chain)).toBe(true);
    const status = posted.filter((call) => cardText(cardOf(call)).includes('Causa is investigating'));
    expect(status).toHaveLength(1);
    const statusUpdates = harness.fake.calls.filter((call) => call.kind === 'update' && call.activityId === status[0].createdId);
    expect(statusUpdates.length).toBeGreaterThan(0);
    expect(cardText(cardOf(statusUpdates[statusUpdates.length - 1]))).toContain('Phase: finished');
  });

  it('answers the Veto with the refreshed card showing who decided, and prunes H2', async () => {
    expect(invokeAnswers).toHaveLength(1);
    expect(invokeAnswers[0].status).toBe(200);
    const answer = JSON.parse(invokeAnswers[0].body) as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(answer.value)).toContain('Vetoed** by Olga Ops');
    expect(answer.value.actions).toBeUndefined();
    const events = await auditLog();
    const applied = events.filter((event) => event.type === 'steering-applied');
    expect(applied[0]).toMatchObject({ command: { type: 'veto', hypothesisId: 'H2', by: 'aad-ops' } });
    expect(events.some((event) => event.type === 'hypothesis-testing' && event.hypothesisId === 'H2')).toBe(false);
    const h2Card = harness.fake.posted().find((call) => hypothesisOfCard(cardOf(call))?.hypothesisId === 'H2')!;
    const h2Updates = harness.fake.calls.filter((call) => call.kind === 'update' && call.activityId === h2Card.createdId);
    expect(cardText(cardOf(h2Updates[h2Updates.length - 1]))).toContain('Vetoed');
  });

  it('publishes the RCA card naming the decision, with the report file offered (no inline attachment)', async () => {
    const rca = harness.fake.posted().find((call) => cardText(cardOf(call)).includes('RCA:'));
    expect(rca).toBeDefined();
    expect(cardText(cardOf(rca!))).toContain('Human decisions');
    expect(attachmentsOf(rca!).map((attachment) => attachment.contentType)).toEqual(['application/vnd.microsoft.card.adaptive']);
    const events = await auditLog();
    const investigationId = events[0].investigationId;
    // The alert's own links first (titled in Causa's words), then the report file.
    const actions = cardOf(rca!)?.actions as Array<Record<string, unknown>>;
    expect(actions.filter((action) => action.type !== 'Action.OpenUrl')).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'causa.report', data: { investigationId } })]);
    expect(actions.filter((action) => action.type === 'Action.OpenUrl').map((action) => action.title)).toEqual(['Runbook', 'Dashboard', 'Alert source']);
    const record = await harness.store.get(investigationId);
    const report = ReportSchema.parse(record?.report);
    expect(report.decisions).toEqual([expect.objectContaining({ type: 'veto', hypothesisId: 'H2', by: 'aad-ops' })]);
  });

  it("shows each supported finding's chart in its hypothesis card, inline", () => {
    const updates = harness.fake.calls.filter((call) => call.kind === 'update');
    const last = new Map<string, (typeof updates)[number]>();
    for (const call of updates) last.set(String(call.activityId), call);
    const supported = [...last.values()].filter((call) => hypothesisOfCard(cardOf(call)) && /✅ \*\*supported\*\*/.test(cardText(cardOf(call))));
    expect(supported.length).toBeGreaterThanOrEqual(1);
    for (const call of supported) {
      const images = (cardOf(call)?.body as Array<Record<string, unknown>>).filter((element) => element.type === 'Image');
      expect(images).toHaveLength(1);
      const url = String(images[0].url);
      expect(pngSize(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))).toEqual({ width: 640, height: 240 });
      expect(String(images[0].altText)).toMatch(/^H[\d.]+: /);
    }
  });

  it("shows the root cause's chart in the RCA card: an inline 640×240 PNG, the activity within Teams' message size", () => {
    const rca = harness.fake.posted().find((call) => cardText(cardOf(call)).includes('RCA:'))!;
    const images = (cardOf(rca)?.body as Array<Record<string, unknown>>).filter((element) => element.type === 'Image');
    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image.altText).toMatch(/^Root cause H[\d.]+: /);
    const url = String(image.url);
    expect(url).toMatch(/^data:image\/png;base64,/);
    expect(pngSize(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))).toEqual({ width: 640, height: 240 });
    expect(Buffer.byteLength(JSON.stringify({ type: 'message', attachments: attachmentsOf(rca) }), 'utf8')).toBeLessThanOrEqual(28_000);
  });
});
