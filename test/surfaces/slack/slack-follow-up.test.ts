import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { ReportSchema } from '../../../src/core/report/report-schema';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { alertPost, CHANNEL, envelope, SIGNING_SECRET, startHarness, type SlackHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

/*
 * A built-in scenario replayed live: the telemetry the investigation sees ends one minute after the
 * alert, where the first look is not confident. Follow-ups are due after tiny delays (config); each
 * one advances the replay clock by the minutes of data a real follow-up would have waited for.
 */
const SCENARIO = 'silenced-code-path';
const DELAYS_SECONDS = [0.05, 0.1, 0.2];
/** Replayed data minutes per follow-up: 2, 5 and 10 minutes after the first answer. */
const DATA_OFFSETS_MS = [2, 5, 10].map((minutes) => minutes * 60_000);

describe('Slack thread of a live investigation whose first look is inconclusive', () => {
  let harness: SlackHarness;
  let firedMs: number;
  let present: number;
  const seen: InvestigationEvent[] = [];

  beforeAll(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-follow-up-case-'));
    await writeScenario(SCENARIO, dir);
    firedMs = Date.parse(JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert.firedAt);
    await fs.rm(dir, { recursive: true, force: true });
    present = firedMs + 60_000;
    harness = await startHarness({ scenario: SCENARIO, asOf: () => present, followUps: { delaysSeconds: DELAYS_SECONDS, confidentAt: 0.8 } });
    harness.service.subscribe(async (event) => {
      seen.push(event);
      // The follow-up starts right after this event: the replayed clock moves to its moment.
      if (event.type === 'report-superseded') present = firedMs + 60_000 + DATA_OFFSETS_MS[event.version - 1];
    });
    const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
    const ts = `${Math.floor(firedMs / 1000)}.000100`;
    expect((await delivery.event(envelope(alertPost(harness, ts)))).status).toBe(200);
    await waitFor(() => seen.some((e) => e.type === 'follow-up-finished' && e.final), 60_000);
    await harness.service.whenIdle();
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  const threadTexts = () => harness.fake.callsOf('chat.postMessage').map((call) => String(call.body.text ?? ''));

  it('says the first answer is not final and when it looks again', () => {
    const first = seen.find((e) => e.type === 'report-ready');
    expect(first?.type === 'report-ready' && first.confidence).toBeLessThan(0.8);
    const notice = threadTexts().find((text) => text.startsWith('⏳ Not final yet'));
    expect(notice).toMatch(/confidence 0\.\d+ is below 0\.80\. Causa looks again at \d\d:\d\d UTC/);
  });

  it('posts a follow-up update with the minutes of new data and the change in confidence', () => {
    const updates = threadTexts().filter((text) => text.startsWith('🔁 With'));
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates[0]).toMatch(/^🔁 With 2 more minutes of data: trip-service, confidence 0\.\d+, up from trip-service at 0\.\d+/);
  });

  it('posts a revised, versioned RCA in the thread and broadcast to the channel', () => {
    const rcas = harness.fake.callsOf('chat.postMessage').filter((call) => call.body.reply_broadcast === 'true');
    expect(rcas.length).toBeGreaterThanOrEqual(2);
    expect(String(rcas[1].body.text)).toMatch(/^Revised RCA \(version 2; the earlier one stays in the audit log\)/);
    for (const call of harness.fake.callsOf('chat.postMessage')) expect(call.body.channel).toBe(CHANNEL);
    const files = harness.fake.callsOf('files.completeUploadExternal').length + harness.fake.callsOf('files.getUploadURLExternal').length;
    expect(files).toBeGreaterThanOrEqual(2);
  });

  it('keeps the first RCA in the audit log and the latest as the investigation report', async () => {
    const id = seen[0].investigationId;
    const events = await harness.store.events(id);
    const superseded = events.find((e) => e.type === 'report-superseded');
    expect(superseded?.type === 'report-superseded' && superseded.version).toBe(1);
    const firstReport = ReportSchema.parse(superseded?.type === 'report-superseded' ? superseded.report : undefined);
    const latest = ReportSchema.parse((await harness.store.get(id))?.report);
    expect(latest.confidence).toBeGreaterThan(firstReport.confidence);
    expect(Date.parse(latest.window.end)).toBeGreaterThan(Date.parse(firstReport.window.end));
    const versions = events.filter((e) => e.type === 'report-ready').map((e) => (e.type === 'report-ready' ? e.version ?? 1 : 0));
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it('stops once the answer is confident: no follow-up is left pending', async () => {
    const last = [...seen].reverse().find((e) => e.type === 'report-ready');
    expect(last?.type === 'report-ready' && last.confidence).toBeGreaterThanOrEqual(0.8);
    const scheduled = seen.filter((e) => e.type === 'follow-up-scheduled').length;
    const ran = seen.filter((e) => e.type === 'report-superseded').length;
    expect(ran).toBe(scheduled);
  });
});

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the follow-up to finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
