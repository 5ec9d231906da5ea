import { TENANT_ID } from './fake-bot-framework';
import { CHANNEL_ID, channelMessage, startTeamsHarness, waitFor, type TeamsHarness } from './teams-test-harness';

/** The same alert asked about in a second reply chain: the answer points to the thread that has it. */
describe('Teams: an alert posted again while Causa is on it', () => {
  let harness: TeamsHarness;

  beforeAll(async () => {
    harness = await startTeamsHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('replies in the new chain with a deep link to the thread investigating it', async () => {
    const { title, body } = harness.alertText;
    const first = channelMessage(harness.fake, { mention: true, text: `investigate ${title}\n${body}` });
    expect((await harness.fake.deliver(harness.botUrl, first)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.some((call) => call.kind === 'send' || call.kind === 'reply'));

    const again = channelMessage(harness.fake, { mention: true, text: `investigate ${title}\n${body}` });
    expect((await harness.fake.deliver(harness.botUrl, again)).status).toBe(200);
    const chain = `${CHANNEL_ID};messageid=${String(again.id)}`;
    await waitFor(harness.fake, (calls) => calls.some((call) => call.conversationId === chain && String(call.body.text ?? '').startsWith('🔁')));
    const reply = harness.fake.calls.find((call) => call.conversationId === chain && String(call.body.text ?? '').startsWith('🔁'))!;
    const link = /\[its thread\]\((https:\/\/teams\.microsoft\.com\/l\/message\/[^)]+)\)/.exec(String(reply.body.text))?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(decodeURIComponent(url.pathname)).toBe(`/l/message/${CHANNEL_ID}/${String(first.id)}`);
    expect(url.searchParams.get('parentMessageId')).toBe(String(first.id));
    expect(url.searchParams.get('tenantId')).toBe(TENANT_ID);
    await harness.service.whenIdle();
  }, 60_000);
});
