import { cardOf, channelMessage, hypothesisOfCard, likeReaction, startTeamsHarness, TEAM_ID, waitFor, type TeamsHarness } from './teams-test-harness';

const MEMBER = { id: '29:user-ops', name: 'Olga Ops', aadObjectId: 'aad-ops' };
const OUTSIDER = { id: '29:user-outsider', name: 'Oscar Outsider', aadObjectId: 'aad-outsider' };

/*
 * The other ways to decide on a hypothesis, authentication on: the 👍 reaction on its card
 * confirms it; Action.Submit (the fallback where Universal Actions are unavailable) arrives as a
 * message with the card's data; and who may decide comes from membership of a configured team,
 * asked of the Bot Connector. All of it lands while H2 is proposed and not yet tested.
 */
describe('Teams steering: 👍 reaction, Action.Submit fallback, team-membership policy', () => {
  let harness: TeamsHarness;
  let rootId = '';

  beforeAll(async () => {
    harness = await startTeamsHarness({ teams: { steerers: { mode: 'allowlist', users: [], teams: [TEAM_ID] } } });
    harness.fake.teamMembers.set(TEAM_ID, new Set([MEMBER.id]));
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H2') return;
      const cards = harness.fake.posted().filter((call) => hypothesisOfCard(cardOf(call)));
      const h1 = cards.find((call) => hypothesisOfCard(cardOf(call))!.hypothesisId === 'H1')!;
      const h2 = hypothesisOfCard(cardOf(cards.find((call) => hypothesisOfCard(cardOf(call))!.hypothesisId === 'H2')!))!;
      // An outsider's 👍 and Action.Submit are refused; a team member's are applied.
      await harness.fake.deliver(harness.botUrl, likeReaction(harness.fake, rootId, h1.createdId!, OUTSIDER));
      await harness.fake.deliver(harness.botUrl, channelMessage(harness.fake, { rootId, from: OUTSIDER, value: { ...h2, causa: 'causa.veto' } }));
      await harness.fake.deliver(harness.botUrl, likeReaction(harness.fake, rootId, h1.createdId!, MEMBER));
      await harness.fake.deliver(harness.botUrl, channelMessage(harness.fake, { rootId, from: MEMBER, value: { ...h2, causa: 'causa.veto' } }));
      await harness.store.waitForSteering(2);
    });
    const mention = channelMessage(harness.fake, { mention: true, text: `investigate ${harness.alertText.title}\n${harness.alertText.body}` });
    rootId = mention.id as string;
    expect((await harness.fake.deliver(harness.botUrl, mention)).status).toBe(200);
    await waitFor(harness.fake, (calls) => calls.some((call) => call.kind === 'send' || call.kind === 'reply'));
    await harness.service.whenIdle();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function events() {
    const id = hypothesisOfCard(harness.fake.posted().map(cardOf).find((card) => hypothesisOfCard(card)))!.investigationId;
    return harness.store.events(id);
  }

  it('a team member’s 👍 on a hypothesis card confirms that hypothesis', async () => {
    expect(harness.store.steering[0]).toMatchObject({ type: 'confirm', hypothesisId: 'H1', by: 'aad-ops' });
    const applied = (await events()).filter((event) => event.type === 'steering-applied');
    expect(applied.some((event) => event.type === 'steering-applied' && event.command.type === 'confirm' && event.command.hypothesisId === 'H1')).toBe(true);
  });

  it('a team member’s Action.Submit Veto is applied like the Universal Action: H2 is never tested', async () => {
    expect(harness.store.steering[1]).toMatchObject({ type: 'veto', hypothesisId: 'H2', by: 'aad-ops' });
    const log = await events();
    expect(log.some((event) => event.type === 'hypothesis-testing' && event.hypothesisId === 'H2')).toBe(false);
    const h2Card = harness.fake.posted().find((call) => hypothesisOfCard(cardOf(call))?.hypothesisId === 'H2')!;
    const updates = harness.fake.calls.filter((call) => call.kind === 'update' && call.activityId === h2Card.createdId);
    expect(JSON.stringify(updates.at(-1)!.body)).toContain('Vetoed** by Olga Ops');
  });

  it('refuses someone outside the configured team, asking the Bot Connector, and says why in the thread', () => {
    expect(harness.store.steering).toHaveLength(2);
    const lookups = harness.fake.calls.filter((call) => call.kind === 'member');
    expect(lookups.map((call) => [call.conversationId, call.activityId, call.status])).toEqual(
      expect.arrayContaining([
        [TEAM_ID, OUTSIDER.id, 404],
        [TEAM_ID, MEMBER.id, 200],
      ]),
    );
    // One look-up per person: the answer is cached.
    expect(lookups.filter((call) => call.activityId === OUTSIDER.id)).toHaveLength(1);
    const refusals = harness.fake.posted().filter((call) => String(call.body.text ?? '').includes('Only allowed steerers'));
    expect(refusals).toHaveLength(2);
    expect(refusals.every((call) => call.conversationId === `19:incidents@thread.tacv2;messageid=${rootId}`)).toBe(true);
  });

  it('a reaction delivered twice (same activity id) counts once', async () => {
    const h1 = harness.fake.posted().find((call) => hypothesisOfCard(cardOf(call))?.hypothesisId === 'H1')!;
    const again = likeReaction(harness.fake, rootId, h1.createdId!, MEMBER);
    await harness.fake.deliver(harness.botUrl, again);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.store.steering.filter((command) => command.type === 'confirm')).toHaveLength(1);
  });
});
