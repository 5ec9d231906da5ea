#!/usr/bin/env node
'use strict';
/**
 * Robustness of the diagnoses across draws: every built-in scenario generated with N seeds (other
 * noise, pod names, request timings and fault sizes within the scenario's ranges; the same fault
 * and answer) and investigated with the offline reasoner through `causa eval`. Prints, per
 * scenario, how many draws name the right root-cause service first, with the right fault type,
 * and how many abstain; then the draws that missed, with what came first instead.
 *
 * A scenario diagnosed on its default draw but missed on others is a threshold that happens to fit
 * one draw: the detector, not the scenario, needs the work.
 *
 *   npm run bench:seeds [-- --seeds 10] [-- --only grpc-link-delay,noisy-neighbour] [-- --keep DIR]
 */
const fs = require('node:fs');
const path = require('node:path');
const { flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');
const { runScript } = require('./run-script');

const dist = path.join(__dirname, '..', 'dist');
const { listScenarios, writeScenario } = require(path.join(dist, 'scenarios', 'scenario-catalog'));
const { main } = require(path.join(dist, 'main.js'));

const flag = flagReader(process.argv.slice(2));
const seeds = Number(flag('seeds') ?? '10');
if (!Number.isInteger(seeds) || seeds < 1 || seeds > 500) {
  console.error(`--seeds takes a whole number from 1 to 500, not "${flag('seeds')}"`);
  process.exit(2);
}
const known = listScenarios().map((s) => s.id);
const only = flag('only')?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = (only ?? []).filter((id) => !known.includes(id));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; choose from: ${known.join(', ')}`);
  process.exit(2);
}
const scenarios = only ?? known;
const kept = flag('keep');
const root = kept ? path.resolve(kept) : temporaryFolder('causa-seeds-');

/** Draw `seed` of scenario `id` as a case folder and an answers file, under one case id. */
async function writeDraw(id, seed) {
  const caseId = `${id}--s${seed}`;
  const dir = path.join(root, 'cases', caseId);
  const answer = await writeScenario(id, dir, { seed });
  const caseFile = path.join(dir, 'case.json');
  fs.writeFileSync(caseFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(caseFile, 'utf8')), id: caseId }, null, 2));
  fs.writeFileSync(path.join(root, 'answers', `${caseId}.json`), JSON.stringify({ ...answer, id: caseId }, null, 2));
  return caseId;
}

async function run() {
  fs.mkdirSync(path.join(root, 'answers'), { recursive: true });
  const draws = [];
  for (const id of scenarios) for (let seed = 1; seed <= seeds; seed++) draws.push({ id, seed, caseId: await writeDraw(id, seed) });
  const predictions = path.join(root, 'predictions');
  const started = Date.now();
  const quiet = { out: () => {}, err: (text) => process.stderr.write(text), env: process.env, cwd: process.cwd() };
  const code = await main(['eval', '--cases', path.join(root, 'cases'), '--answers', path.join(root, 'answers'), '--predictions', predictions, '--quiet'], quiet);
  if (code !== 0) return code;
  const rows = [];
  const misses = [];
  for (const id of scenarios) {
    const row = { id, draws: 0, service: 0, faultType: 0, abstained: 0 };
    for (const draw of draws.filter((d) => d.id === id)) {
      const answer = JSON.parse(fs.readFileSync(path.join(root, 'answers', `${draw.caseId}.json`), 'utf8')).rootCause;
      const prediction = JSON.parse(fs.readFileSync(path.join(predictions, `${draw.caseId}.json`), 'utf8'));
      const first = prediction.ranking?.[0];
      row.draws++;
      if (prediction.abstained) row.abstained++;
      if (first?.service === answer.service) {
        row.service++;
        if (first.faultType === answer.faultType) row.faultType++;
        else misses.push(`${draw.caseId}: ${answer.service} right, fault type ${first.faultType} instead of ${answer.faultType}`);
      } else {
        misses.push(`${draw.caseId}: ${first ? `${first.service} (${first.faultType}, ${first.confidence})` : 'nothing'} first${prediction.abstained ? ', abstained' : ''}, instead of ${answer.service} (${answer.faultType})`);
      }
    }
    rows.push(row);
  }
  const total = rows.reduce((sum, r) => ({ draws: sum.draws + r.draws, service: sum.service + r.service, faultType: sum.faultType + r.faultType, abstained: sum.abstained + r.abstained }), { draws: 0, service: 0, faultType: 0, abstained: 0 });
  const share = (n, d) => (d === 0 ? '—' : (n / d).toFixed(3));
  console.log(`\n| scenario | draws | service@1 | with fault type | abstained |\n|---|---:|---:|---:|---:|`);
  for (const r of [...rows, { id: 'all', ...total }]) console.log(`| ${r.id} | ${r.draws} | ${share(r.service, r.draws)} | ${share(r.faultType, r.draws)} | ${r.abstained} |`);
  console.log(`\n${total.draws} draws in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (misses.length > 0) console.log(`\nmissed:\n${misses.map((m) => `  ${m}`).join('\n')}`);
  if (!kept) console.log('\n(the draws are in a temporary folder removed at exit; pass --keep DIR to keep them)');
  return 0;
}

runScript(run);
