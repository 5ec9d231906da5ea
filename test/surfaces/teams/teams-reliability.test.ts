import { promises as fs } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { cardAction, cardOf, cardText, channelMessage, hypothesisOfCard, startTeamsHarness, WEBHOOK_SENDER, waitFor, type TeamsHarness } from './teams-test-harness';

const FIXTURE = path.join(__dirname, '../../fixtures/teams-alert-posts/alertmanager-msteamsv2.json');
/** 2024-05-14T09:22:55Z: the scenario's alert fired at 09:22:50. */
const POST_ID = '1715678575000';
const STRANGER = { id: '29:user-stranger', name: 'Sam Stranger', aadObjectId: 'aad-stranger' };

describe('Teams surface reliability, authentication on', () => {
  let harness: TeamsHarness;
  let post: Record<string, unknown>;

  beforeAll(async () => {
    harness = await startTeamsHarness({ teams: { steerers: { mode: 'allowlist', users: ['aad-ops'] } }, budget: { maxHypotheses: 6 } });
    const fixture = JSON.parse(await fs.readFile(FIXTURE, 'utf8'));
    post = channelMessage(harness.fake, { id: POST_ID, attachments: fixture.attachments, from: { id: '28:workflows-bot', name: WEBHOOK_SENDER } });
  }, 30_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('refuses an unsigned request, or one signed with another key, and starts nothing', async () => {
    const unsigned = await harness.fake.deliver(harness.botUrl, post, null);
    expect(unsigned.status).toBe(401);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await harness.fake.deliver(harness.botUrl, post, `Bearer ${harness.fake.sign(post as { serviceUrl: string }, { key: otherKey })}`);
    expect(forged.status).toBe(401);
    const wrongAudience = await harness.fake.deliver(harness.botUrl, post, `Bearer ${harness.fake.sign(post as { serviceUrl: string }, { audience: 'another-bot' })}`);
    expect(wrongAudience.status).toBe(401);
    expect(harness.service.runningInvestigations()).toHaveLength(0);
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('starts exactly one investigation for an Adaptive Card alert post from a configured sender, delivered twice', async () => {
    harness.fake.throttleNext(1, '1');
    expect((await harness.fake.deliver(harness.botUrl, post)).status).toBe(200);
    expect((await harness.fake.deliver(harness.botUrl, post)).status).toBe(200);
    await waitFor(harness.fake, () => harness.fake.posted().some((call) => hypothesisOfCard(cardOf(call))));
    expect(harness.service.runningInvestigations()).toHaveLength(1);
    const status = harness.fake.posted().filter((call) => cardText(cardOf(call)).includes('Causa is investigating'));
    expect(status).toHaveLength(1);
    expect(status[0].conversationId).toBe(`19:incidents@thread.tacv2;messageid=${POST_ID}`);
    expect(cardText(cardOf(status[0]))).toContain('KafkaConsumerGroupLagHigh');
  });

  it('retries a message the Bot Connector throttled (429 with Retry-After)', () => {
    const throttled = harness.fake.calls.filter((call) => call.status === 429);
    expect(throttled).toHaveLength(1);
    const retried = harness.fake.calls.find((call) => call.status === 200 && call.kind === throttled[0].kind && JSON.stringify(call.body.attachments) === JSON.stringify(throttled[0].body.attachments));
    expect(retried).toBeDefined();
  });

  it('refuses a card action from someone who may not steer, with a clear message, and queues nothing', async () => {
    const card = harness.fake.posted().map(cardOf).find((content) => hypothesisOfCard(content));
    const data = hypothesisOfCard(card)!;
    const answer = await harness.fake.deliver(harness.botUrl, cardAction(harness.fake, POST_ID, 'causa.veto', data, STRANGER));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('Only allowed steerers') });
    expect(harness.store.steering).toHaveLength(0);
  });

  it('refuses a steering reply from someone who may not steer, in the thread', async () => {
    const reply = channelMessage(harness.fake, { rootId: POST_ID, text: 'veto H1', from: STRANGER });
    expect((await harness.fake.deliver(harness.botUrl, reply)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.some((call) => String(call.body.text ?? '').includes('Only allowed steerers')));
    expect(harness.store.steering).toHaveLength(0);
  });

  it('ignores a duplicate of a reply (same activity id) and queues a note once', async () => {
    const reply = channelMessage(harness.fake, { rootId: POST_ID, text: 'the broker disks were replaced <at>Everyone</at> https://evil.example.com', from: { id: '29:user-ops', name: 'Olga Ops', aadObjectId: 'aad-ops' } });
    await harness.fake.deliver(harness.botUrl, reply);
    await harness.fake.deliver(harness.botUrl, reply);
    await harness.store.waitForSteering(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.store.steering).toEqual([expect.objectContaining({ type: 'note', by: 'aad-ops' })]);
  });

  it('shows untrusted text inert: no mention tag, no link', async () => {
    await harness.service.whenIdle();
    // The Markdown report is a file, not chat text: it keeps the note as written (inside a quote).
    const texts = harness.fake.calls.map((call) => JSON.stringify({ ...call.body, attachments: ((call.body.attachments ?? []) as Array<{ contentType: string }>).filter((a) => a.contentType !== 'text/markdown') }));
    if (process.env.DEBUG_TEAMS) console.log(texts.filter((text) => /https:\/\/evil/.test(text)));
    expect(texts.some((text) => text.includes('<at>'))).toBe(false);
    expect(texts.some((text) => /https:\/\/evil/.test(text))).toBe(false);
  });
});
