#!/usr/bin/env node
'use strict';
/**
 * Benchmark: runs every labelled incident of the shared benchmark (when present) through
 * `causa eval`, prints the score table and one JSON line of figures. Exits 0 with a message when
 * the benchmark folder is absent. Predictions go to a temporary folder removed at exit (also when
 * interrupted), unless --predictions names a folder to keep them in.
 *
 *   npm run bench [-- --only ID,ID] [-- --benchmark DIR] [-- --predictions DIR]
 *   npm run bench -- --live-replay [--alert-delay SECONDS]
 *                                        each case replayed as if live: the first answer sees the
 *                                        telemetry up to one minute after the (delayed) alert, follow-ups
 *                                        as configured; prints first vs final AC@1 per system, how often a
 *                                        confident first answer was right, and the median time to the final one
 *   npm run bench -- --sample-traces 0.7 [--sample-seed N]
 *                                        the cases as a head-sampling tracer would have kept them: each
 *                                        whole trace kept with that probability (logs, metrics unchanged)
 *   npm run bench -- --lose-logs 0.3 [--sample-seed N]
 *                                        the cases as an overloaded log shipper would have kept them: each
 *                                        log line lost with that probability (combines with --sample-traces)
 *   npm run bench -- --reasoner llm      the LLM reasoner against a local adversarial model server
 *                                        (plausible but wrong hypotheses, wrong root causes without
 *                                        evidence, echoed injections, malformed answers), which the
 *                                        bench starts; its scores must equal the offline ones
 */
const path = require('node:path');
const { benchmarkRoot, flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');

const flag = flagReader(process.argv.slice(2));
const root = benchmarkRoot(flag, 'benchmark');
if (!root) process.exit(0);
const kept = flag('predictions');
const predictions = kept ? path.resolve(kept) : temporaryFolder('causa-bench-');
const only = flag('only');
const reasoner = flag('reasoner') ?? 'offline';
const live = process.argv.includes('--live-replay');
const alertDelay = flag('alert-delay');
if (alertDelay !== undefined && !live) {
  console.error('--alert-delay needs --live-replay');
  process.exit(2);
}
const sampleShare = flag('sample-traces');
const sampleSeed = flag('sample-seed') ?? '1';
if (sampleShare !== undefined && !(Number(sampleShare) > 0 && Number(sampleShare) <= 1)) {
  console.error(`--sample-traces takes the share of traces to keep, above 0 and at most 1, not "${sampleShare}"`);
  process.exit(2);
}
const lostLogs = flag('lose-logs');
if (lostLogs !== undefined && !(Number(lostLogs) >= 0 && Number(lostLogs) < 1)) {
  console.error(`--lose-logs takes the share of log lines to lose, at least 0 and below 1, not "${lostLogs}"`);
  process.exit(2);
}
if (!/^\d{1,9}$/.test(sampleSeed)) {
  console.error(`--sample-seed takes a whole number, not "${sampleSeed}"`);
  process.exit(2);
}
const { main } = require(path.join(__dirname, '..', 'dist', 'main.js'));

async function run() {
  const { sampledCopy } = require('./trace-sampling');
  const lossy = sampleShare !== undefined || lostLogs !== undefined;
  const shares = { traces: sampleShare === undefined ? undefined : Number(sampleShare), lostLogs: lostLogs === undefined ? undefined : Number(lostLogs) };
  const cases = lossy ? await sampledCopy(root, shares, Number(sampleSeed), only?.split(',')) : root;
  const args = ['eval', '--cases', path.join(cases, 'cases'), '--answers', path.join(cases, 'answers'), '--predictions', predictions, '--json', '--quiet', '--reasoner', reasoner, ...(only ? ['--only', only] : []), ...(live ? ['--live-replay'] : []), ...(alertDelay !== undefined ? ['--alert-delay', alertDelay] : [])];
  if (reasoner !== 'llm') return main(args);
  const { OpenAiCompatibleServer } = require('../test/fakes/openai-compatible-server');
  const { adversarialModel } = require('../test/fakes/model-behaviours');
  const server = await new OpenAiCompatibleServer(adversarialModel).start();
  console.log(`adversarial model server on ${server.url}`);
  const env = { ...process.env, CAUSA_REASONER: 'llm', CAUSA_LLM_BASE_URL: server.url, CAUSA_LLM_MODEL: 'adversarial' };
  const io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), env, cwd: process.cwd() };
  try {
    const code = await main(args, io);
    console.log(`model requests: ${server.requests.length}, usage reported: ${server.usage.prompt} prompt + ${server.usage.completion} completion tokens`);
    return code;
  } finally {
    await server.stop();
  }
}

run().then(
  (code) => {
    if (!kept) console.log('(the predictions folder is temporary and removed at exit; pass --predictions DIR to keep them)');
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
