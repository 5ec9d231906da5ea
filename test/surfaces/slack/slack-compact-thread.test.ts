import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { ReportSchema } from '../../../src/core/report/report-schema';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { listScenarios, writeScenario } from '../../../src/scenarios/scenario-catalog';
import type { RecordedCall } from './fake-slack-api';
import { alertPost, blockText, buttonValue, CHANNEL, envelope, reaction, SIGNING_SECRET, startHarness } from './slack-test-harness';
import { SlackDelivery } from './signed-request';

const ALERT_TS = '1715679770.000100';
/** The scenario in which a person vetoes a finding (a veto changes the answer, so the others run untouched). */
const VETOED_SCENARIO = 'kafka-consumer-lag';

interface ThreadOutcome {
  scenario: string;
  posts: RecordedCall[];
  updates: RecordedCall[];
  vetoed?: string;
  /** Top cause of the report the Slack app published (null when it abstained). */
  cause: string | null;
}

/** Runs one built-in scenario through the Slack app in its default (compact) layout; with `veto`, 👎s the first finding below the top level. */
async function runScenario(scenario: string, veto: boolean): Promise<ThreadOutcome> {
  const harness = await startHarness({ scenario, slack: { steerers: { mode: 'allowlist', users: ['UOPS'] } } });
  const delivery = new SlackDelivery(`http://127.0.0.1:${harness.port}/slack/events`, SIGNING_SECRET);
  const outcome: ThreadOutcome = { scenario, posts: [], updates: [], cause: null };
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
    const id = /investigation `([^`]+)`/.exec(blockText(outcome.posts[0]))?.[1];
    const report = id ? ReportSchema.parse((await harness.store.get(id))?.report) : undefined;
    outcome.cause = report && !report.abstained ? report.ranking[0]?.service ?? null : null;
    return outcome;
  } finally {
    await harness.close();
  }
}

describe('the compact Slack thread, for every built-in scenario', () => {
  const outcomes: ThreadOutcome[] = [];

  beforeAll(async () => {
    for (const { id } of listScenarios()) outcomes.push(await runScenario(id, id === VETOED_SCENARIO));
    // (the alert posts carry no time: the replay investigates the recording's own window)
    const counts = outcomes.map((o) => o.posts.length);
    const sorted = [...counts].sort((a, b) => a - b);
    const median = (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.ceil((sorted.length - 1) / 2)]) / 2;
    process.stdout.write(`messages per thread: ${outcomes.map((o) => `${o.scenario} ${o.posts.length}`).join(', ')}; median ${median}\n`);
  }, 600_000);

  it('posts at most 8 messages per thread in the median, and never more than 10', () => {
    const sorted = outcomes.map((o) => o.posts.length).sort((a, b) => a - b);
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

  it('says in the RCA that the full report is attached, and uploads it', () => {
    for (const { posts } of outcomes) {
      const rca = posts.find((call) => call.body.reply_broadcast === 'true')!;
      expect(blockText(rca)).toMatch(/full report.*attached/i);
    }
  });
});
