#!/usr/bin/env node
'use strict';
/**
 * Tokens per investigation against the number of tool calls (telemetry queries), for the LLM
 * reasoner's hypothesis strategy and for the naive summarize-all strategy (run the queries, paste
 * every result into one prompt), on the same investigations.
 *
 * The investigation is one small incident (the built-in traffic-surge scenario reduced to its
 * alerting service, the saturated service and the database, with a latency and a CPU metric),
 * observed with more and more healthy telemetry: further metric series that real exporters carry
 * (threads, file descriptors, GC, queue sizes…), each of which the investigation queries once. At
 * 12, 25, 50 and 100 tool calls the alert, the hypotheses and the verdicts are the same; only the
 * amount of telemetry differs. Token counts are the usage fields of a local OpenAI-compatible
 * server, which counts the prompts it actually receives.
 *
 *   npm run bench:tokens [-- --calls 12,25,50,100]
 */
const fs = require('node:fs');
const path = require('node:path');
const { flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');

const dist = path.join(__dirname, '..', 'dist');
const { writeScenario } = require(path.join(dist, 'scenarios', 'scenario-catalog'));
const { investigateBundle } = require(path.join(dist, 'app', 'investigate-bundle'));
const { BudgetSchema, ThresholdsSchema } = require(path.join(dist, 'core', 'investigation', 'budget-schema'));
const { createChatModel } = require(path.join(dist, 'reasoning', 'llm', 'chat-model-factory'));
const { ModelGateway } = require(path.join(dist, 'reasoning', 'llm', 'model-gateway'));
const { DEFAULT_LLM_LIMITS } = require(path.join(dist, 'reasoning', 'llm', 'llm-settings'));
const { LlmReasoner } = require(path.join(dist, 'reasoning', 'llm', 'llm-reasoner'));
const { SummarizeAllReasoner } = require(path.join(dist, 'reasoning', 'llm', 'summarize-all-reasoner'));
const { OfflineReasoner } = require(path.join(dist, 'reasoning', 'offline', 'offline-reasoner'));
const { familyOf } = require(path.join(dist, 'reasoning', 'offline', 'signal-families'));
const { OpenAiCompatibleServer } = require('../test/fakes/openai-compatible-server');
const { helpfulModel } = require('../test/fakes/model-behaviours');

const flag = flagReader(process.argv.slice(2));
const targets = (flag('calls') ?? '12,25,50,100').split(',').map(Number);
const SCENARIO = 'traffic-surge';
const KEEP_SERVICES = new Set(['api-gateway', 'catalog-service', 'catalog-db']);
const KEEP_METRICS = new Set(['latency_p90_seconds', 'cpu_usage_percent']);
/** Healthy series real exporters carry; numbered to give as many as needed. */
const HEALTHY = ['jvm_threads_live', 'process_open_fds', 'jvm_gc_collections', 'go_goroutines', 'jvm_classes_loaded', 'executor_queue_size', 'cache_entries', 'http_client_open_sockets'];

/** The reduced incident with `extra` healthy series per instance, written to a new folder. */
async function bundleWith(extra) {
  const dir = temporaryFolder(`causa-bench-tokens-${extra}-`);
  await writeScenario(SCENARIO, dir);
  for (const file of ['logs.jsonl', 'spans.jsonl', 'events.jsonl']) fs.rmSync(path.join(dir, file), { force: true });
  const [header, ...rows] = fs.readFileSync(path.join(dir, 'metrics.csv'), 'utf8').trim().split('\n');
  const kept = rows.filter((row) => {
    const [, service, , metric] = row.split(',');
    return KEEP_SERVICES.has(service) && KEEP_METRICS.has(metric);
  });
  const samples = new Map();
  for (const row of kept) {
    const [t, service, instance] = row.split(',');
    samples.set(`${t},${service},${instance}`, Number(t));
  }
  const lines = [header, ...kept];
  for (let k = 0; k < extra; k += 1) {
    const name = `${HEALTHY[k % HEALTHY.length]}_${Math.floor(k / HEALTHY.length) + 1}`;
    for (const [key, t] of samples) {
      const level = 50 + ((k * 37) % 400);
      // A steady signal with the same slow wobble before and during the incident.
      lines.push(`${key},${name},${(level * (1 + 0.03 * Math.sin((2 * Math.PI * t) / 600 + k))).toFixed(3)}`);
    }
  }
  fs.writeFileSync(path.join(dir, 'metrics.csv'), `${lines.join('\n')}\n`);
  return dir;
}

function gateway(server, maxPromptTokens) {
  const settings = { ...DEFAULT_LLM_LIMITS, baseUrl: server.url, model: 'bench-model', apiKey: 'not-needed', maxRetries: 0, timeoutMs: 300_000, maxPromptTokens, redact: { ipAddresses: false, hostnames: false } };
  return new ModelGateway(createChatModel(settings), settings);
}

const budget = BudgetSchema.parse({ maxTokens: 0, deadlineMs: 600_000 });
const thresholds = ThresholdsSchema.parse({});
const shape = (report) => JSON.stringify(report.hypotheses.map((h) => [h.id, h.kind, h.subject.service, h.status, h.confidence]));

async function run() {
  // Series of no family a hypothesis tests: the survey of all signals queries each of them once.
  for (const name of HEALTHY) if (familyOf(name) !== 'other') throw new Error(`${name} belongs to the ${familyOf(name)} family; pick another healthy series name`);
  // Each healthy series adds one query; find how many the incident needs on its own.
  const baseDir = await bundleWith(0);
  const base = (await investigateBundle({ dir: baseDir, reasoner: new OfflineReasoner(), budget, thresholds })).report;
  fs.rmSync(baseDir, { recursive: true, force: true });
  const server = await new OpenAiCompatibleServer(helpfulModel).start();
  const rows = [];
  const shapes = { hypotheses: new Set(), 'summarize-all': new Set() };
  try {
    for (const target of targets) {
      const dir = await bundleWith(Math.max(0, target - base.budget.used.queries));
      const row = { target };
      for (const [name, reasoner] of [
        ['hypotheses', new LlmReasoner({ gateway: gateway(server, DEFAULT_LLM_LIMITS.maxPromptTokens) })],
        // A long-context model: the naive strategy is given all the room it asks for.
        ['summarize-all', new SummarizeAllReasoner({ gateway: gateway(server, 5_000_000) })],
      ]) {
        const { report } = await investigateBundle({ dir, reasoner, budget, thresholds });
        row[name] = { tokens: report.budget.used.tokens, toolCalls: report.budget.used.queries, modelCalls: report.reasoning?.calls ?? 0 };
        shapes[name].add(shape(report));
        for (const fallback of report.reasoning?.fallbacks ?? []) process.stderr.write(`${name} at ${target} tool calls fell back: ${fallback.reason}\n`);
        row.rootCause = report.ranking[0]?.service;
      }
      rows.push(row);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await server.stop();
  }
  const first = rows[0];
  const change = (value, reference) => `${value >= reference ? '+' : ''}${(((value - reference) / reference) * 100).toFixed(1)}%`;
  console.log(`tokens per investigation, from the model server's usage fields (incident: ${SCENARIO}, reduced; root cause found at every size: ${[...new Set(rows.map((r) => r.rootCause))].join(', ')})\n`);
  console.log('| tool calls | hypothesis strategy: tokens | vs first row | model calls | summarize-all: tokens | vs first row | model calls |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const h = r.hypotheses;
    const s = r['summarize-all'];
    console.log(`| ${h.toolCalls} | ${h.tokens} | ${change(h.tokens, first.hypotheses.tokens)} | ${h.modelCalls} | ${s.tokens} | ${change(s.tokens, first['summarize-all'].tokens)} | ${s.modelCalls} |`);
  }
  const spread = Math.max(...rows.map((r) => Math.abs(r.hypotheses.tokens - first.hypotheses.tokens) / first.hypotheses.tokens));
  const perCall = rows.map((r) => Math.round(r['summarize-all'].tokens / r['summarize-all'].toolCalls));
  console.log(`\nsame hypotheses and verdicts at every size: ${shapes.hypotheses.size === 1 && shapes['summarize-all'].size === 1 ? 'yes' : 'no'}`);
  console.log(`hypothesis strategy: largest change from the first row ${(spread * 100).toFixed(1)}% (target: within ±25%)`);
  console.log(`summarize-all: tokens per tool call ${perCall.join(', ')} (roughly constant: linear growth)`);
  console.log(JSON.stringify({ scenario: SCENARIO, rows }));
}

run().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
