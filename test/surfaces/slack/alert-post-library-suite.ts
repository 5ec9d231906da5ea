import type { InvestigationRecord } from '../../../src/core/ports/investigation-store';
import { ReportSchema } from '../../../src/core/report/report-schema';
import { BotMetrics } from '../../../src/observability/bot-metrics';
import { alertSenderIds, loadAlertPostFixtures, type AlertPostFixture } from './alert-post-fixtures';
import { SlackDelivery } from './signed-request';
import { CHANNEL, envelope, ObservedStore, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';

/** What a library must hold at least, as its README promises. */
export interface LibraryMinimums {
  fixtures: number;
  resolutions: number;
  chatter: number;
  grouped: number;
}

/** A store that remembers which investigation each post's thread started. */
class RecordingStore extends ObservedStore {
  readonly created: InvestigationRecord[] = [];
  override async create(record: InvestigationRecord): Promise<void> {
    await super.create(record);
    this.created.push(record);
  }
}

/*
 * Every fixture of a library goes through the real Slack app: signed Events API requests to Bolt's
 * HTTP receiver, the message and mention handlers, the investigation service and the thread
 * renderer, against the fake Slack Web API. A small budget keeps the investigations short.
 */
export function describeAlertPostLibrary(title: string, dir: string, minimums: LibraryMinimums): void {
  const fixtures = loadAlertPostFixtures(dir);

  describe(title, () => {
    let harness: SlackHarness;
    let delivery: SlackDelivery;
    const store = new RecordingStore();
    const metrics = new BotMetrics({ processMetrics: false });
    const started = new Map<string, InvestigationRecord[]>();

    beforeAll(async () => {
      harness = await startHarness({
        store,
        metrics,
        budget: { maxDepth: 1, maxHypotheses: 4, maxQueries: 40, concurrency: 4 },
        slack: { alertSenders: alertSenderIds(fixtures) },
      });
      delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
      for (const fixture of fixtures) {
        const before = store.created.length;
        await deliver(fixture);
        started.set(fixture.id, store.created.slice(before));
      }
      await harness.service.whenIdle();
    }, 240_000);

    afterAll(async () => {
      await harness?.close();
    });

    async function deliver(fixture: AlertPostFixture): Promise<void> {
      const event = { ...fixture.event, channel: CHANNEL };
      const counted = await postsCounted();
      const calls = harness.fake.calls.length;
      const response = await delivery.event(envelope(event));
      expect(response.status).toBe(200);
      const deadline = Date.now() + 5000;
      // Bolt acknowledges before its listener runs: wait for what the listener leaves behind.
      for (;;) {
        const done = fixture.via === 'mention' ? harness.fake.calls.length > calls : (await postsCounted()) > counted;
        if (done || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // A person who is not an alert sender leaves nothing behind; give the listener its turn.
      await new Promise((resolve) => setTimeout(resolve, fixture.expect.starts ? 50 : 20));
    }

    async function postsCounted(): Promise<number> {
      const metric = await metrics.alertPosts.get();
      return metric.values.reduce((sum, value) => sum + value.value, 0);
    }

    const firingFixtures = fixtures.filter((fixture) => fixture.expect.starts);
    const quietFixtures = fixtures.filter((fixture) => !fixture.expect.starts);
    const resolutions = fixtures.filter((fixture) => fixture.expect.resolves);
    const ofKind = (kind: string) => fixtures.filter((fixture) => fixture.via === 'message' && fixture.expect.kind === kind);

    it('covers the tools and cases the library promises', () => {
      expect(fixtures.length).toBeGreaterThanOrEqual(minimums.fixtures);
      expect(resolutions.length).toBeGreaterThanOrEqual(minimums.resolutions);
      expect(fixtures.filter((fixture) => fixture.expect.kind === 'chatter').length).toBeGreaterThanOrEqual(minimums.chatter);
      expect(fixtures.filter((fixture) => (fixture.expect.count ?? 1) > 1).length).toBeGreaterThanOrEqual(minimums.grouped);
      for (const fixture of fixtures) expect(fixture.origin.length).toBeGreaterThan(10);
      expect(new Set(fixtures.map((fixture) => fixture.id)).size).toBe(fixtures.length);
    });

    it.each(firingFixtures.map((fixture) => [fixture.id, fixture] as const))(
      '%s starts exactly one investigation with the expected workload, source, status, severity and fire time',
      (_id, fixture) => {
        const records = started.get(fixture.id) ?? [];
        expect(records).toHaveLength(1);
        const { alert } = records[0];
        const expected = fixture.expect;
        expect({
          workload: alert.symptom.service ?? null,
          source: alert.source,
          status: alert.status,
          severity: alert.severity ?? null,
          firedAt: new Date(alert.firedAt).toISOString(),
        }).toEqual({
          workload: expected.workload,
          source: expected.source,
          status: expected.status,
          severity: expected.severity,
          firedAt: new Date(expected.firedAt!).toISOString(),
        });
        expect(records[0].thread?.threadId).toBe(fixture.event.ts);
      },
    );

    it.each(quietFixtures.map((fixture) => [fixture.id, fixture.expect.kind] as const))('%s (%s) starts nothing', (id) => {
      expect(started.get(id)).toEqual([]);
    });

    it.each(resolutions.map((fixture) => [fixture.id, fixture] as const))('%s lands in the investigation of its alert', async (_id, fixture) => {
      const [record] = started.get(fixture.expect.resolves!) ?? [];
      expect(record).toBeDefined();
      const events = await store.events(record.id);
      const resolved = events.filter((event) => event.type === 'alert-resolved');
      expect(resolved).toHaveLength(1);
      const event = resolved[0];
      if (event.type !== 'alert-resolved') throw new Error('unreachable');
      if (fixture.expect.resolvedAt) expect(new Date(event.resolvedAt).toISOString()).toBe(new Date(fixture.expect.resolvedAt).toISOString());
      const clock = new Date(event.resolvedAt).toISOString().slice(11, 16);

      // The thread says so, and so does the status message.
      const thread = record.thread!.threadId;
      const note = harness.fake.callsOf('chat.postMessage').find((call) => call.body.thread_ts === thread && String(call.body.text).includes(`resolved at ${clock}`));
      expect(note).toBeDefined();
      if (event.running) expect(String(note!.body.text)).toMatch(/goes on investigating/);
      const status = harness.fake.callsOf('chat.update').filter((call) => call.body.channel === CHANNEL && JSON.stringify(call.body.blocks ?? []).includes(`resolved at ${clock} UTC`));
      expect(status.length).toBeGreaterThan(0);

      // A resolution that came while the investigation ran is on the report's timeline too.
      const report = ReportSchema.parse((await store.get(record.id))?.report);
      const onTimeline = report.timeline.some((entry) => entry.what === `Alert resolved at ${clock} UTC`);
      if (event.running) expect(onTimeline).toBe(true);
      // The investigation went on to its end either way.
      expect(events.at(-1)?.type === 'report-ready' || events.some((e) => e.type === 'report-ready')).toBe(true);
    });

    it('counts every alert sender post by outcome in the bot metrics', async () => {
      const metric = await metrics.alertPosts.get();
      const byOutcome = Object.fromEntries(metric.values.map((value) => [value.labels.outcome, value.value]));
      expect(byOutcome.firing).toBeGreaterThanOrEqual(firingFixtures.filter((fixture) => fixture.via === 'message').length);
      expect(byOutcome.resolved).toBe(resolutions.length);
      expect(byOutcome.heartbeat ?? 0).toBe(ofKind('heartbeat').length);
      expect(byOutcome.acknowledged ?? 0).toBeGreaterThanOrEqual(ofKind('acknowledged').length);
      // Chatter counts when an alert sender posted it (a person who is not one is never read).
      const fromSender = ofKind('chatter').filter((fixture) => fixture.event.bot_id !== undefined || fixture.event.user === 'URELAYBOT');
      expect(byOutcome.unrecognized ?? 0).toBeGreaterThanOrEqual(fromSender.length);
    });
  });
}
