'use strict';
/**
 * Prints the Slack thread Causa posts for a built-in scenario, each message as it finally reads
 * (after its last update), by running the scenario through the real Slack thread renderer with a
 * recording stand-in for the Web API client (behind the real posting scheduler).
 * `node scripts/thread-example.js [scenario] [--charts DIR]`; the README's example thread is this
 * output, and with `--charts` the charts uploaded with the RCA are written to DIR (the README's
 * chart in docs/ is made so).
 */
const fs = require('node:fs');
const path = require('node:path');
const { temporaryFolder } = require('./temporary-folder');
const dist = (p) => require(`../dist/${p}`);
const { investigateBundle } = dist('app/investigate-bundle');
const { BudgetSchema, ThresholdsSchema } = dist('core/investigation/budget-schema');
const { OfflineReasoner } = dist('reasoning/offline/offline-reasoner');
const { writeScenario } = dist('scenarios/scenario-catalog');
const { SlackThreadRenderer } = dist('surfaces/slack/slack-thread-renderer');
const { HypothesisMessageIndex } = dist('surfaces/slack/hypothesis-message-index');
const { ScheduledSlackClient } = dist('surfaces/slack/scheduled-slack-client');
const { reportChartMaker } = dist('app/report-charts');
const { findingChartMaker } = dist('app/finding-charts');
const { BundleSource } = dist('telemetry/bundle');

async function main() {
  const args = process.argv.slice(2);
  const chartsAt = args.indexOf('--charts');
  const chartDir = chartsAt >= 0 ? args.splice(chartsAt, 2)[1] : undefined;
  if (chartsAt >= 0 && !chartDir) throw new Error('--charts needs a folder');
  const scenario = args[0] ?? 'kafka-consumer-lag';
  const dir = temporaryFolder('causa-thread-example-');
  await writeScenario(scenario, dir);
  const messages = new Map();
  let ts = 0;
  const client = {
    chat: {
      postMessage: async (args) => {
        const id = `m${++ts}`;
        messages.set(id, { text: args.text, blocks: args.blocks ?? [], broadcast: args.reply_broadcast === true });
        return { ok: true, ts: id };
      },
      update: async (args) => {
        const old = messages.get(args.ts);
        messages.set(args.ts, { ...old, text: args.text, blocks: args.blocks ?? [] });
        return { ok: true };
      },
    },
    filesUploadV2: async (args) => {
      const files = args.file_uploads.map((file) => ({ id: `F${++ts}`, ...file }));
      // Uploaded without a channel (a finding's chart): no message, the finding's image block shows it.
      if (args.channel_id) messages.set(`m${++ts}`, { text: `${args.initial_comment ?? ''}\n${files.map((f) => `📎 ${f.filename}`).join('\n')}`.trim(), blocks: [], file: true });
      if (chartDir) for (const file of files) if (file.filename.endsWith('.png')) fs.writeFileSync(path.join(chartDir, file.filename), file.file);
      return { ok: true, files: [{ ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) }] };
    },
  };
  let report;
  const thread = { surface: 'slack', channel: 'CINCIDENTS', threadId: 'alert' };
  const store = { get: async () => ({ thread }), bindThread: async () => undefined, findByThread: async () => undefined };
  const budget = BudgetSchema.parse({});
  const source = await BundleSource.open(dir);
  const renderer = new SlackThreadRenderer({
    client: new ScheduledSlackClient({ client }),
    charts: reportChartMaker(source),
    findingCharts: findingChartMaker(source),
    store,
    service: { report: async () => report },
    index: new HypothesisMessageIndex(store),
    budget,
    logger: { warn() {}, info() {}, error() {}, child() { return this; } },
    statusUpdateIntervalMs: 0,
  });
  const events = [];
  const result = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget, thresholds: ThresholdsSchema.parse({}), onEvent: (event) => void events.push(event) });
  report = result.report;
  for (const event of events) await renderer.handle(event, result.report.investigationId);
  await source.close?.();
  const lines = [];
  for (const message of messages.values()) {
    const body = message.blocks.length > 0 ? message.blocks.map(blockText).filter(Boolean).join('\n') : message.text;
    lines.push(`${message.broadcast ? '[also sent to the channel] ' : ''}${body}`.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    lines.push('');
  }
  process.stdout.write(`${lines.join('\n').trim()}\n`);
}

function blockText(block) {
  if (block.type === 'section') return block.text.text;
  if (block.type === 'context') return block.elements.map((e) => e.text).join(' ');
  if (block.type === 'actions') return block.elements.map((e) => `[${e.text.text}]`).join(' ');
  if (block.type === 'image') return `[chart: ${block.alt_text}]`;
  if (block.type === 'divider') return '———';
  return '';
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
