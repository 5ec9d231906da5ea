import { ReportSchema } from '../../../src/core/report/report-schema';
import { renderMarkdown } from '../../../src/core/report/markdown-report';
import { reportFileName } from '../../../src/surfaces/teams/report-file';
import { FakeBotFramework, TENANT_ID } from './fake-bot-framework';
import { attachmentsOf, BOT_ID, cardAction, cardOf, cardText, channelMessage, fileConsentInvoke, startTeamsHarness, waitFor, type TeamsHarness } from './teams-test-harness';

const ALICE = { id: '29:user-alice', name: 'Alice Operator', aadObjectId: 'aad-alice' };
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** One fake Bot Framework for both harnesses: the SDK keeps the tokens it obtained for the process. */
const fake = new FakeBotFramework();

beforeAll(async () => {
  await fake.start();
});

afterAll(async () => {
  await fake.stop();
});

/*
 * The RCA's Markdown report as a real file, the way the Bot Framework lets bots send files: a
 * file consent card in a 1:1 chat, the upload into the session Teams opens when the person
 * allows it, then a file card. In a channel the RCA card asks for it and Causa opens the 1:1 chat.
 */
describe('Teams RCA report file: consent card, upload, file card', () => {
  let harness: TeamsHarness;
  let investigationId = '';
  let rootId = '';

  beforeAll(async () => {
    harness = await startTeamsHarness({ fake });
    const mention = channelMessage(harness.fake, { mention: true, text: `investigate ${harness.alertText.title}\n${harness.alertText.body}` });
    rootId = mention.id as string;
    expect((await harness.fake.deliver(harness.botUrl, mention)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.some((call) => call.kind === 'send' || call.kind === 'reply'));
    await harness.service.whenIdle();
    investigationId = (await harness.store.findByThread({ surface: 'teams', channel: '19:incidents@thread.tacv2', threadId: rootId }))!;
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function markdown(): Promise<string> {
    const record = await harness.store.get(investigationId);
    return renderMarkdown(ReportSchema.parse(record?.report));
  }

  it('in a channel: the card action opens a 1:1 chat with the person and sends the consent card there', async () => {
    const answer = await harness.fake.deliver(harness.botUrl, cardAction(harness.fake, rootId, 'causa.report', { investigationId }, ALICE));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('waiting for you in your chat with Causa') });
    const created = harness.fake.calls.filter((call) => call.kind === 'create');
    expect(created).toHaveLength(1);
    expect(created[0].body).toMatchObject({ isGroup: false, bot: { id: BOT_ID }, members: [{ id: ALICE.id }], tenantId: TENANT_ID });
    const offer = harness.fake.posted().find((call) => attachmentsOf(call).some((a) => a.contentType === CONSENT));
    expect(offer?.conversationId).toBe(created[0].conversationId);
    const consent = attachmentsOf(offer!).find((a) => a.contentType === CONSENT)!;
    expect(consent.name).toBe(reportFileName(investigationId));
    expect(consent.content).toMatchObject({ sizeInBytes: Buffer.byteLength(await markdown()), acceptContext: { investigationId }, declineContext: { investigationId } });
  });

  it('uploads the report when the person allows it, with Content-Range over the whole file, then shows the file card', async () => {
    const chat = harness.fake.calls.find((call) => call.kind === 'create')!.conversationId;
    const name = reportFileName(investigationId);
    const answer = await harness.fake.deliver(harness.botUrl, fileConsentInvoke(harness.fake, chat, 'accept', { investigationId }, ALICE, { session: 'session-1', name }));
    expect(answer.status).toBe(200);
    const uploaded = harness.fake.uploads.get('session-1');
    const expected = await markdown();
    expect(uploaded?.content).toBe(expected);
    expect(uploaded?.headers['content-range']).toBe(`bytes 0-${Buffer.byteLength(expected) - 1}/${Buffer.byteLength(expected)}`);
    expect(expected).toContain(ReportSchema.parse((await harness.store.get(investigationId))?.report).contentHash);
    const fileCard = harness.fake.posted().find((call) => call.conversationId === chat && attachmentsOf(call).some((a) => a.contentType === FILE_INFO));
    const info = attachmentsOf(fileCard!).find((a) => a.contentType === FILE_INFO)!;
    expect(info).toMatchObject({ name, contentUrl: expect.stringContaining(name), content: { uniqueId: 'unique-session-1', fileType: 'md' } });
  });

  it('uploads nothing for a consent naming an investigation not offered in that chat', async () => {
    const before = harness.fake.calls.length;
    const answer = await harness.fake.deliver(harness.botUrl, fileConsentInvoke(harness.fake, 'a:1on1-someone-else', 'accept', { investigationId }, ALICE, { session: 'session-2', name: 'x.md' }));
    expect(answer.status).toBe(200);
    expect(harness.fake.uploads.has('session-2')).toBe(false);
    expect(harness.fake.calls.length).toBe(before);
  });

  it('answers a declined consent in the chat and uploads nothing', async () => {
    const chat = harness.fake.calls.find((call) => call.kind === 'create')!.conversationId;
    const answer = await harness.fake.deliver(harness.botUrl, fileConsentInvoke(harness.fake, chat, 'decline', { investigationId }, ALICE));
    expect(answer.status).toBe(200);
    expect(String(harness.fake.posted().at(-1)!.body.text)).toMatch(/No file then/);
    expect(harness.fake.uploads.size).toBe(1);
  });

  it('refuses to offer the report of an investigation from another conversation', async () => {
    const elsewhere = cardAction(harness.fake, rootId, 'causa.report', { investigationId }, ALICE);
    elsewhere.conversation = { id: '19:other@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, tenantId: TENANT_ID };
    const answer = await harness.fake.deliver(harness.botUrl, elsewhere);
    expect(JSON.parse(answer.body).value).toMatch(/does not belong to this conversation/);
    expect(harness.fake.calls.filter((call) => call.kind === 'create')).toHaveLength(1);
  });
});

describe('Teams RCA report file in a 1:1 chat', () => {
  let harness: TeamsHarness;

  beforeAll(async () => {
    harness = await startTeamsHarness({ fake });
  }, 30_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('sends the consent card right after the RCA card, and uploads on consent', async () => {
    const chat = 'a:1on1-direct-alice';
    const id = '1715679500000';
    const direct = {
      ...channelMessage(harness.fake, { id, text: `investigate ${harness.alertText.title}\n${harness.alertText.body}` }),
      conversation: { id: chat, conversationType: 'personal', tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID } },
    };
    const before = harness.fake.calls.length;
    expect((await harness.fake.deliver(harness.botUrl, direct)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.slice(before).some((call) => attachmentsOf(call).some((a) => a.contentType === CONSENT)), 30_000);
    await harness.service.whenIdle();
    const inChat = harness.fake.posted().filter((call) => call.conversationId === chat);
    const rcaIndex = inChat.findIndex((call) => cardText(cardOf(call)).includes('RCA:'));
    expect(rcaIndex).toBeGreaterThanOrEqual(0);
    // In a 1:1 chat the file follows as a consent card: the RCA card has only the alert's links.
    expect(((cardOf(inChat[rcaIndex])?.actions ?? []) as Array<Record<string, unknown>>).filter((action) => action.type !== 'Action.OpenUrl')).toEqual([]);
    expect(attachmentsOf(inChat[rcaIndex + 1]).map((a) => a.contentType)).toEqual([CONSENT]);
    const chatInvestigation = (attachmentsOf(inChat[rcaIndex + 1])[0].content as { acceptContext: { investigationId: string } }).acceptContext.investigationId;
    const accept = fileConsentInvoke(harness.fake, chat, 'accept', { investigationId: chatInvestigation }, ALICE, { session: 'session-3', name: reportFileName(chatInvestigation) });
    expect((await harness.fake.deliver(harness.botUrl, accept)).status).toBe(200);
    expect(harness.fake.uploads.get('session-3')?.content).toMatch(/^# /);
  });
});
