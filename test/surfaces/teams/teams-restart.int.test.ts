import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { RedisInvestigationStore } from '../../../src/store/redis/redis-investigation-store';
import { cleanUp, connect, describeWithRedis, requireRedis, uniquePrefix } from '../../store/redis-test-support';
import { FakeBotFramework } from './fake-bot-framework';
import { cardOf, cardText, CHANNEL_ID, channelMessage, startTeamsHarness, WEBHOOK_SENDER, waitFor, type TeamsHarness } from './teams-test-harness';

const FIXTURE = path.join(__dirname, '../../fixtures/teams-alert-posts/alertmanager-msteamsv2.json');

/*
 * Two Causa processes, one after the other, on the same Redis: the first investigates an alert
 * in a channel thread and stops; the second, with nothing in memory, gets the alert's resolution
 * posted in that thread and posts into the same reply chain through the ConversationReference the
 * first one stored, updating the first one's status card in place (its id is in Redis too).
 */
describeWithRedis('Teams posting after a process restart (conversation references in Redis)', () => {
  const prefix = uniquePrefix();
  const clients: Redis[] = [];
  const fake = new FakeBotFramework();
  let first: TeamsHarness | undefined;
  let second: TeamsHarness | undefined;
  let rootId = '';

  function redisStore(): RedisInvestigationStore {
    const redis = connect();
    clients.push(redis);
    return new RedisInvestigationStore({ redis, keyPrefix: prefix });
  }

  beforeAll(async () => {
    await requireRedis();
    await fake.start();
    first = await startTeamsHarness({ fake, store: redisStore() });
    const mention = channelMessage(fake, { mention: true, text: `investigate ${first.alertText.title}\n${first.alertText.body}` });
    rootId = mention.id as string;
    expect((await fake.deliver(first.botUrl, mention)).status).toBe(200);
    await waitFor(fake, (calls) => calls.some((call) => call.kind === 'send' || call.kind === 'reply'));
    await first.service.whenIdle();
    await first.close();
    first = undefined;
  }, 60_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await fake.stop();
    await cleanUp(prefix, clients);
  });

  it('the restarted process posts the resolution into the same reply chain, updates the same status card and posts nothing again', async () => {
    const chain = `${CHANNEL_ID};messageid=${rootId}`;
    const status = fake.posted().find((call) => cardText(cardOf(call)).includes('Causa is investigating'))!;
    expect(status.conversationId).toBe(chain);
    const before = fake.calls.length;

    second = await startTeamsHarness({ fake, store: redisStore() });
    const fixture = JSON.parse(await fs.readFile(FIXTURE, 'utf8'));
    const resolved = JSON.parse(JSON.stringify(fixture.attachments).replace('[FIRING:1]', '[RESOLVED]').replace('"Attention"', '"Good"').replace('# Alerts Firing:', '# Alerts Resolved:'));
    const post = channelMessage(fake, { rootId, attachments: resolved, from: { id: '28:workflows-bot', name: WEBHOOK_SENDER } });
    expect((await fake.deliver(second.botUrl, post)).status).toBe(200);
    await waitFor(fake, (calls) => calls.slice(before).some((call) => call.kind === 'update' && call.activityId === status.createdId));

    const after = fake.calls.slice(before);
    // Nothing drawn before the restart is posted again: one new message, the status card updated.
    expect(after.filter((call) => call.kind !== 'update').map((call) => String(call.body.text ?? ''))).toEqual([expect.stringMatching(/^✅ The alert resolved/)]);
    const said = after.find((call) => call.kind !== 'update' && String(call.body.text ?? '').startsWith('✅ The alert resolved'));
    expect(said?.conversationId).toBe(chain);
    const update = after.filter((call) => call.kind === 'update' && call.activityId === status.createdId).at(-1)!;
    expect(update.conversationId).toBe(chain);
    // The status card is drawn from the whole investigation, read back from Redis, not from the one new event.
    const text = cardText(cardOf(update));
    expect(text).toContain('KafkaConsumerGroupLagHigh');
    expect(text).toContain('Phase: finished');
    expect(text).toMatch(/resolved/i);
  });
});
