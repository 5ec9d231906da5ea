import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { ReportSchema } from '../../../src/core/report/report-schema';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { listScenarios, writeScenario } from '../../../src/scenarios/scenario-catalog';
import type { RecordedCall } from './fake-slack-api';
import { pngSize } from '../../../src/charts/png-encoder';
import { FAULT_METRICS } from '../../../src/charts/report-chart-plan';
import { ALERT_LINK_WORDS, alertLinks } from '../../../src/core/alerts/alert-links';
import { alertPost, blockText, buttonValue, CHANNEL, envelope, reaction, SIGNING_SECRET, startHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

const ALERT_TS = '1715679770.000100';
/** The scenario in which a person vetoes a finding (a veto changes the answer, so the others run untouched). */
const VETOED_SCENARIO = 'kafka-consumer-lag';

interface ThreadOutcome {
  scenario: string;
  posts: RecordedCall[];
  updates: RecordedCall[];
  /** The file-upload steps: URLs asked for, file POSTs, and the completions that share them in the thread. */
  urls: RecordedCall[];
  uploads: RecordedCall[];
  completes: RecordedCall[];
  /** The links the alert post carried, as a reader would click them. */
  alertText: string;
  vetoed?: string;
  /** Top cause of the report the Slack app published (null when it abstained). */
  cause: string | null;
}

/** Runs one built-in scenario through the Slack app in its default (compact) layout; with `veto`, 👎s the first finding below the top level. */
async function runScenario(scenario: string, veto: boolean): Promise<ThreadOutcome> {
  const harness = await startHarness({ scenario, slack: { steerers: { mode: 'allowlist', users: ['UOPS'] } } });
  const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  const outcome: ThreadOutcome = { scenario, posts: [], updates: [], urls: [], uploads: [], completes: [], alertText: harness.alertText.body, cause: null };
  try {
    harness.service.subscribe(async (event) => {
      if (!veto || outcome.vetoed || event.type !== 'hypothesis-supported' || !event.verdict.hypothesisId.includes('.')) return;
      const id = event.verdict.hypothesisId;
      const post = harness.fake.callsOf('chat.postMessage').find((call) => buttonValue(call)?.endsWith(`/${id}`));
      if (!post) return;
      outcome.vetoed = id;
      await delivery.event(envelope(reaction('UOPS', '-1', post.response.ts)));
      await harness.store.waitForSteering(1);
    });
    expect((await delivery.event(envelope(alertPost(harness, ALERT_TS)))).status).toBe(200);
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    await harness.service.whenIdle();
    outcome.posts = harness.fake.callsOf('chat.postMessage').filter((call) => call.body.thread_ts === ALERT_TS);
    outcome.updates = harness.fake.callsOf('chat.update');
    outcome.urls = harness.fake.callsOf('files.getUploadURLExternal');
    outcome.uploads = harness.fake.callsOf('upload');
    outcome.completes = harness.fake.callsOf('files.completeUploadExternal');
    const id = /investigation `([^`]+)`/.exec(blockText(outcome.posts[0]))?.[1];
    const report = id ? ReportSchema.parse((await harness.store.get(id))?.report) : undefined;
    outcome.cause = report && !report.abstained ? report.ranking[0]?.service ?? null : null;
    return outcome;
  } finally {
    await harness.close();
  }
}

/** Messages a reader sees in the thread: posts, and the one message each files completion shares. */
function messageCount(outcome: ThreadOutcome): number {
  return outcome.posts.length + outcome.completes.filter((call) => call.body.thread_ts === ALERT_TS).length;
}

/** The files a message's image blocks show. */
const images = (call: RecordedCall): string[] => (call.body.blocks as Array<{ type: string; slack_file?: { id: string } }>).filter((b) => b.type === 'image').map((b) => b.slack_file!.id);

describe('the compact Slack thread, for every built-in scenario', () => {
  const outcomes: ThreadOutcome[] = [];

  beforeAll(async () => {
    for (const { id } of listScenarios()) outcomes.push(await runScenario(id, id === VETOED_SCENARIO));
    // (the alert posts carry no time: the replay investigates the recording's own window)
    // A thread's messages: Causa's posts and the message that carries the report and the charts.
    const counts = outcomes.map(messageCount);
    const sorted = [...counts].sort((a, b) => a - b);
    const median = (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.ceil((sorted.length - 1) / 2)]) / 2;
    process.stdout.write(`messages per thread (files message included): ${outcomes.map((o) => `${o.scenario} ${messageCount(o)}`).join(', ')}; median ${median}\n`);
  }, 600_000);

  it('posts at most 8 messages per thread in the median, and never more than 10', () => {
    const sorted = outcomes.map(messageCount).sort((a, b) => a - b);
    expect(sorted.length).toBe(listScenarios().length);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(8);
    for (const count of sorted) expect(count).toBeLessThanOrEqual(10);
  });

  it('names the same root cause as `causa investigate` on the recording, though the alert is posted years later', async () => {
    for (const outcome of outcomes.filter((o) => !o.vetoed)) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-replay-'));
      try {
        await writeScenario(outcome.scenario, dir);
        const { report } = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
        expect([outcome.scenario, outcome.cause]).toEqual([outcome.scenario, report.abstained ? null : report.ranking[0]?.service ?? null]);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
  }, 300_000);

  it('keeps every message in the thread, within Slack limits, and broadcasts the RCA once', () => {
    for (const { posts, updates } of outcomes) {
      for (const call of [...posts, ...updates]) {
        expect(call.body.channel).toBe(CHANNEL);
        expect((call.body.blocks ?? []).length).toBeLessThanOrEqual(50);
      }
      expect(posts.filter((call) => call.body.reply_broadcast === 'true')).toHaveLength(1);
    }
  });

  it('ends with a status header that says finished, never "investigating"', () => {
    for (const { posts, updates } of outcomes) {
      const statusTs = posts[0].response.ts;
      const last = updates.filter((call) => call.body.ts === statusTs).at(-1)!;
      expect(blockText(last)).toMatch(/Causa finished investigating/);
      expect(blockText(last)).not.toMatch(/Causa is investigating/);
      expect(String(last.body.text)).toMatch(/^Causa finished/);
    }
  });

  it('repeats no text inside a message: no finding echoed as the reason, no kind written twice', () => {
    for (const { posts, updates } of outcomes) {
      for (const call of [...posts, ...updates]) {
        const lines = blockText(call).split('\n').map((line) => line.replace(/^_[^_]+:_ /, '').trim()).filter((line) => line.length > 20);
        expect(lines.length).toBe(new Set(lines).size);
        for (const block of call.body.blocks ?? []) {
          if (block.type !== 'context') continue;
          const parts = String(block.elements[0].text).split(' · ');
          for (let i = 1; i < parts.length; i++) expect(parts[i]).not.toBe(parts[i - 1]);
        }
      }
    }
  });

  it('writes findings in plain words: no robust z in the thread', () => {
    for (const { posts, updates } of outcomes) for (const call of [...posts, ...updates]) expect(blockText(call)).not.toMatch(/robust z/);
  });

  it('mentions the person who vetoed, on the board and on the finding, and pings no one else', () => {
    const vetoed = outcomes.filter((o) => o.vetoed);
    expect(vetoed.length).toBeGreaterThan(0);
    for (const { posts, updates, vetoed: id } of vetoed) {
      const statusTs = posts[0].response.ts;
      const board = blockText(updates.filter((call) => call.body.ts === statusTs).at(-1)!);
      expect(board).toContain(`*${id}*`);
      expect(board).toMatch(/vetoed[^\n]* by <@UOPS>/);
      expect(board).toContain('<@UOPS> vetoed');
      const mentions = [...posts, ...updates].flatMap((call) => blockText(call).match(/<[@!][^>]*>/g) ?? []);
      for (const m of mentions) expect(m).toBe('<@UOPS>');
    }
  });

  it('uploads the report and the charts into the thread before the RCA, which names the report and shows the root cause chart', () => {
    for (const { scenario, posts, urls, uploads: all, completes: allCompletes } of outcomes) {
      const rca = posts.find((call) => call.body.reply_broadcast === 'true')!;
      // The files shared in the thread (the findings' charts are uploaded without a message).
      const completes = allCompletes.filter((call) => call.body.thread_ts !== undefined);
      expect(completes).toHaveLength(1);
      const [complete] = completes;
      expect(complete.body).toMatchObject({ channel_id: CHANNEL, thread_ts: ALERT_TS });
      expect(complete.at).toBeLessThanOrEqual(rca.at);
      const sharedIds = new Set(complete.body.files.map((f: { id: string }) => f.id));
      const uploads = all.filter((call) => sharedIds.has(call.body.fileId));
      const report = uploads.find((call) => /^# Root-cause analysis/.test(call.body.content))!;
      const reportName = urls.find((call) => call.response.file_id === report.body.fileId)!.body.filename;
      // The broadcast carries the report: its name links to the file (the permalink Slack answered for the upload).
      const permalink = complete.response.files.find((f: { id: string }) => f.id === report.body.fileId).permalink;
      expect([scenario, blockText(rca)]).toEqual([scenario, expect.stringContaining(`attached in this thread as <${permalink}|\`${reportName}\`>`)]);
      const charts = uploads.filter((call) => pngSize(call.body.bytes) !== undefined);
      expect([scenario, charts.length]).toEqual([scenario, expect.any(Number)]);
      expect(charts.length).toBeGreaterThanOrEqual(1);
      for (const chart of charts) expect(pngSize(chart.body.bytes)).toEqual({ width: 640, height: 240 });
      expect(complete.body.files.map((f: { id: string }) => f.id).sort()).toEqual(uploads.map((call) => call.body.fileId).sort());
      const image = (rca.body.blocks as Array<{ type: string; slack_file?: { id: string } }>).find((block) => block.type === 'image');
      expect(charts.map((call) => call.body.fileId)).toContain(image?.slack_file?.id);
    }
  });

  it("shows each supported finding's chart in its message, uploaded once and without a message of its own", () => {
    const charted: string[] = [];
    for (const { scenario, posts, updates, uploads, completes } of outcomes) {
      const unshared = completes.filter((call) => call.body.thread_ts === undefined);
      for (const call of unshared) expect([scenario, call.body.channel_id, call.body.initial_comment]).toEqual([scenario, undefined, undefined]);
      const unsharedIds = unshared.flatMap((call) => call.body.files.map((f: { id: string }) => f.id));
      // One upload per finding's chart, never twice.
      expect([scenario, new Set(unsharedIds).size]).toEqual([scenario, unsharedIds.length]);
      const findings = [...posts, ...updates].filter((call) => call.body.reply_broadcast !== 'true' && Array.isArray(call.body.blocks) && call.body.blocks.some((b: { type: string }) => b.type === 'actions'));
      const shown = findings.flatMap((call) => (call.body.blocks as Array<{ type: string; slack_file?: { id: string } }>).filter((b) => b.type === 'image').map((b) => b.slack_file!.id));
      for (const id of shown) {
        expect([scenario, unsharedIds]).toEqual([scenario, expect.arrayContaining([id])]);
        const bytes = uploads.find((call) => call.body.fileId === id)!.body.bytes;
        expect([scenario, pngSize(bytes)]).toEqual([scenario, { width: 640, height: 240 }]);
      }
      // Every chart uploaded is shown.
      expect([scenario, [...new Set(shown)].sort()]).toEqual([scenario, [...unsharedIds].sort()]);
      if (shown.length > 0) charted.push(scenario);
      // Each supported finding's message, as it finally reads, shows a chart when its fault type
      // shows in a series (a propagation or a change event, say, may name none).
      const last = new Map<string, RecordedCall>();
      for (const call of findings) last.set(call.body.ts ?? call.response.ts, call);
      for (const call of last.values()) {
        const text = blockText(call);
        const context = /\n([^\n]*) · statistics in the attached report/.exec(text)?.[1].split(' · ') ?? [];
        const faultType = context.length >= 3 ? context[2] : context[1];
        if (/✅ \*Supported\*/.test(text) && faultType && faultType in FAULT_METRICS) expect([scenario, faultType, images(call).length]).toEqual([scenario, faultType, 1]);
      }
    }
    process.stdout.write(`scenarios whose findings carry a chart: ${charted.length}/${outcomes.length} (${charted.join(', ')})\n`);
    // Every scenario's findings name a metric, or their fault type has a series on their subject.
    expect(charted).toEqual(outcomes.map((o) => o.scenario));
  });

  it('carries the links the alert carried into the status and the RCA, and no other link from the alert', () => {
    for (const { scenario, posts, updates, alertText } of outcomes) {
      const carried = alertLinks(alertText);
      expect([scenario, carried.length]).toEqual([scenario, expect.any(Number)]);
      expect(carried.length).toBeGreaterThanOrEqual(2);
      const rca = posts.find((call) => call.body.reply_broadcast === 'true')!;
      const status = updates.filter((call) => call.body.ts === posts[0].response.ts).at(-1)!;
      for (const call of [rca, status]) {
        const shown = [...blockText(call).matchAll(/<(https?:[^|>]+)\|([^>]+)>/g)].map(([, url, label]) => ({ url: url.replace(/&amp;/g, '&'), label }));
        for (const link of carried) expect(shown).toContainEqual({ url: link.url, label: ALERT_LINK_WORDS[link.kind] });
        // Every link shown is one the alert carried, a deep link from the evidence (none in these
        // recordings), or (the RCA) the attached report's own file in this workspace.
        const own = (url: string) => url.startsWith('https://causa-test.slack.com/files/');
        expect(shown.map((l) => l.url).filter((url) => !own(url)).sort()).toEqual(carried.map((l) => l.url).sort());
        expect(shown.filter((l) => own(l.url)).length).toBe(call === rca ? 1 : 0);
      }
    }
  });
});
