#!/usr/bin/env node
'use strict';
/**
 * Incidents in systems Causa was not built around: each case is a microservice system drawn at
 * random (names, call graph, replicas, request flows, how the tracer names spans), one fault of
 * four kinds (network delay, exception, wrong answer, CPU hog) striking one service at random,
 * request metrics computed from the requests, traces for all or only part of the window, with or
 * without span status, and no logs but the entry point's access log. Runs them through
 * `causa eval` with the offline reasoner, prints the score table, then how often the right
 * service came first by fault type, trace coverage, span naming and fault timing, and the misses.
 *
 *   npm run bench:unseen [-- --cases 80] [-- --first 1] [-- --keep DIR]
 */
const fs = require('node:fs');
const path = require('node:path');
const { flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');
const { runScript } = require('./run-script');

const dist = path.join(__dirname, '..', 'dist');
const { renderRandomIncident } = require(path.join(dist, 'scenarios', 'random-system', 'random-incident'));
const { writeBundleFiles } = require(path.join(dist, 'scenarios', 'bundle-writer'));
const { main } = require(path.join(dist, 'main.js'));

const flag = flagReader(process.argv.slice(2));
const count = Number(flag('cases') ?? '80');
const first = Number(flag('first') ?? '1');
for (const [name, value] of [['cases', count], ['first', first]]) {
  if (!Number.isInteger(value) || value < 1 || value > 100000) {
    console.error(`--${name} takes a whole number from 1 to 100000, not "${flag(name)}"`);
    process.exit(2);
  }
}
const kept = flag('keep');
const root = kept ? path.resolve(kept) : temporaryFolder('causa-unseen-');

async function run() {
  fs.mkdirSync(path.join(root, 'answers'), { recursive: true });
  const draws = [];
  for (let seed = first; seed < first + count; seed++) {
    const incident = renderRandomIncident(seed);
    await writeBundleFiles(path.join(root, 'cases', incident.answer.id), incident.files);
    fs.writeFileSync(path.join(root, 'answers', `${incident.answer.id}.json`), JSON.stringify(incident.answer, null, 2));
    draws.push(incident);
  }
  const predictions = path.join(root, 'predictions');
  const code = await main(['eval', '--cases', path.join(root, 'cases'), '--answers', path.join(root, 'answers'), '--predictions', predictions, '--quiet']);
  if (code !== 0) return code;
  const outcomes = draws.map((draw) => {
    const prediction = JSON.parse(fs.readFileSync(path.join(predictions, `${draw.answer.id}.json`), 'utf8'));
    const top = prediction.ranking?.[0];
    return { draw, prediction, right: top?.service === draw.answer.rootCause.service, typed: top?.service === draw.answer.rootCause.service && top.faultType === draw.answer.rootCause.faultType };
  });
  const by = (label, key) => {
    const groups = new Map();
    for (const o of outcomes) {
      const k = String(key(o.draw.traits));
      groups.set(k, [...(groups.get(k) ?? []), o]);
    }
    console.log(`\n| ${label} | cases | AC@1 | with fault type | abstained |\n|---|---:|---:|---:|---:|`);
    for (const [k, list] of [...groups].sort()) {
      const share = (n) => (n / list.length).toFixed(3);
      console.log(`| ${k} | ${list.length} | ${share(list.filter((o) => o.right).length)} | ${share(list.filter((o) => o.typed).length)} | ${list.filter((o) => o.prediction.abstained).length} |`);
    }
  };
  by('fault type', (t) => t.faultType);
  by('trace coverage', (t) => t.coverage);
  by('span naming', (t) => t.naming);
  by('span status', (t) => (t.spanStatus ? 'recorded' : 'none'));
  by('calls in loops', (t) => (t.loops ? 'some calls once per item' : 'each call once'));
  by('load', (t) => (t.loadChange ? 'steps up or down' : 'drifts only'));
  by('health probes traced', (t) => t.probed);
  by('background failures', (t) => t.flaky);
  by('fault timing', (t) => (t.earlyFault ? 'minutes after the data starts' : 'after a normal period'));
  const misses = outcomes.filter((o) => !o.typed);
  if (misses.length > 0) {
    console.log('\nmissed:');
    for (const o of misses) {
      const top = o.prediction.ranking?.[0];
      const { traits, answer } = o.draw;
      console.log(`  ${answer.id}: ${top ? `${top.service} (${top.faultType}, ${top.confidence})` : 'nothing'}${o.prediction.abstained ? ', abstained' : ''} instead of ${answer.rootCause.service} (${answer.rootCause.faultType}); traces ${traits.coverage}, ${traits.naming}${traits.earlyFault ? ', early fault' : ''}`);
    }
  }
  if (!kept) console.log('\n(the cases are in a temporary folder removed at exit; pass --keep DIR to keep them)');
  return 0;
}

runScript(run);
