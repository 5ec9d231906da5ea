import { pngSize } from '../../../src/charts/png-encoder';
import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { ReportSchema } from '../../../src/core/report/report-schema';
import {
  alertPost,
  blockText,
  CHANNEL,
  envelope,
  hypothesisMessageTs,
  reaction,
  SIGNING_SECRET,
  startHarness,
  type SlackHarness,
} from './slack-test-harness';
import { SlackDelivery } from './signed-request';
import { expectedScript, threadScript } from './thread-script';

const ALERT_TS = '1715679770.000100';

/*
 * How the 👎 lands before the hypothesis is tested: the InvestigationService waits for its
 * listeners before the loop takes its next step (that is what keeps a thread in step with the
 * investigation). The test subscribes after the Slack renderer, so when it sees H2 proposed the
 * H2 message is already in Slack; it reacts 👎 on that message through the signed Events API and
 * waits until the command is queued. The loop applies queued steering before testing anything.
 */
describe('Slack surface over the HTTP Events API (verbose thread): alert → investigation → 👎 → RCA', () => {
  let harness: SlackHarness;
  let delivery: SlackDelivery;
  const reactionStatus: number[] = [];

  beforeAll(async () => {
    harness = await startHarness({ slack: { threadLayout: 'verbose', steerers: { mode: 'allowlist', users: ['UOPS'] } } });
    delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
    harness.service.subscribe(async (event) => {
      if (event.type !== 'hypothesis-proposed' || event.hypothesis.id !== 'H2') return;
      const ts = hypothesisMessageTs(harness.fake.calls, 'H2');
      if (!ts) throw new Error('the H2 message was not posted before its event reached later listeners');
      reactionStatus.push((await delivery.event(envelope(reaction('UOPS', '-1', ts)))).status);
      await harness.store.waitForSteering(1);
    });

    const response = await delivery.event(envelope(alertPost(harness, ALERT_TS)));
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    await harness.service.whenIdle();
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function auditLog(): Promise<InvestigationEvent[]> {
    const post = harness.fake.callsOf('chat.postMessage')[0];
    const id = /investigation `([^`]+)`/.exec(blockText(post))?.[1];
    if (!id) throw new Error('the status message names no investigation');
    return harness.store.events(id);
  }

  it('follows the thread script of the audit log, call for call', async () => {
    const events = await auditLog();
    expect(events.at(-1)?.type).toBe('report-ready');
    expect(threadScript(harness.fake.calls)).toEqual(expectedScript(events));
  });

  it('keeps every message in the alert thread and within Slack limits', () => {
    const messages = harness.fake.calls.filter((call) => call.method === 'chat.postMessage' || call.method === 'chat.update');
    expect(messages.length).toBeGreaterThan(5);
    for (const call of messages) {
      expect(call.body.channel).toBe(CHANNEL);
      if (call.method === 'chat.postMessage') expect(call.body.thread_ts).toBe(ALERT_TS);
      const blocks = call.body.blocks ?? [];
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const block of blocks) if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it('prunes the vetoed branch: a steering-applied effect, H2 shown as vetoed, never tested', async () => {
    expect(reactionStatus).toEqual([200]);
    const events = await auditLog();
    const applied = events.filter((event) => event.type === 'steering-applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ command: { type: 'veto', hypothesisId: 'H2', by: 'UOPS' } });
    expect(applied[0].type === 'steering-applied' && applied[0].effect).toMatch(/H2 vetoed by UOPS/);
    expect(events.some((event) => event.type === 'hypothesis-testing' && event.hypothesisId === 'H2')).toBe(false);

    const h2 = hypothesisMessageTs(harness.fake.calls, 'H2');
    const updates = harness.fake.callsOf('chat.update').filter((call) => call.body.ts === h2);
    expect(updates).toHaveLength(1);
    expect(blockText(updates[0])).toContain('Vetoed');
    expect(updates[0].body.blocks.some((block: { type: string }) => block.type === 'actions')).toBe(false);
  });

  it('shows verdicts with their key evidence on the hypothesis messages', () => {
    const h1 = hypothesisMessageTs(harness.fake.calls, 'H1');
    const update = harness.fake.callsOf('chat.update').find((call) => call.body.ts === h1);
    expect(update).toBeDefined();
    const text = blockText(update!);
    expect(text).toMatch(/Supported|Refuted|Inconclusive/);
    expect(text).toContain('Key evidence');
    expect(text).toMatch(/\*E\d+\* `/);
  });

  it('broadcasts the RCA and uploads the full Markdown report in the thread', async () => {
    const rca = harness.fake.callsOf('chat.postMessage').find((call) => call.body.reply_broadcast === 'true');
    expect(rca).toBeDefined();
    expect(rca!.body.thread_ts).toBe(ALERT_TS);
    expect(blockText(rca!)).toContain('RCA');
    expect(blockText(rca!)).toContain('H2');

    const upload = harness.fake.callsOf('upload').find((call) => /^# Root-cause analysis/.test(call.body.content))!;
    expect(upload).toBeDefined();
    const [complete] = harness.fake.threadUploads();
    expect(complete.body).toMatchObject({ channel_id: CHANNEL, thread_ts: ALERT_TS });
    expect(complete.body.files[0].id).toBe(upload.body.fileId);
    // The files are in the thread before the RCA that points at them.
    expect(harness.fake.calls.indexOf(complete)).toBeLessThan(harness.fake.calls.indexOf(rca!));
    expect(blockText(rca!)).toContain(`attached in this thread as <${complete.response.files[0].permalink}|\`${complete.body.files[0].title.replace('Causa RCA ', 'causa-rca-')}.md\`>`);

    const id = /investigation `([^`]+)`/.exec(blockText(harness.fake.callsOf('chat.postMessage')[0]))![1];
    const report = ReportSchema.parse((await harness.store.get(id))?.report);
    expect(report.decisions).toEqual([expect.objectContaining({ type: 'veto', hypothesisId: 'H2', by: 'UOPS' })]);
    expect(report.rejected).toContainEqual(expect.objectContaining({ hypothesisId: 'H2', status: 'vetoed' }));
    expect(upload.body.content).toContain(report.contentHash);
  });

  it('uploads the root cause chart, a valid 640×240 PNG, in the same message, and shows it in the RCA', () => {
    const [complete] = harness.fake.threadUploads();
    const shared = new Set(complete.body.files.map((f: { id: string }) => f.id));
    const uploads = harness.fake.callsOf('upload').filter((call) => shared.has(call.body.fileId));
    const charts = uploads.filter((call) => pngSize(call.body.bytes) !== undefined);
    expect(charts.length).toBeGreaterThanOrEqual(1);
    for (const chart of charts) expect(pngSize(chart.body.bytes)).toEqual({ width: 640, height: 240 });
    expect(complete.body.files.map((f: { id: string }) => f.id).sort()).toEqual(uploads.map((call) => call.body.fileId).sort());
    const named = harness.fake.callsOf('files.getUploadURLExternal').find((call) => /-cause\.png$/.test(call.body.filename))!;
    expect(named.body.alt_txt ?? named.body.alt_text).toMatch(/^Root cause H[\d.]+: /);
    const rca = harness.fake.callsOf('chat.postMessage').find((call) => call.body.reply_broadcast === 'true')!;
    const image = (rca.body.blocks as Array<{ type: string; slack_file?: { id: string } }>).find((block) => block.type === 'image');
    expect(image?.slack_file?.id).toBe(named.response.file_id);
  });
});
