#!/usr/bin/env node
'use strict';
/**
 * Specificity check on fault-free windows: for every shared case with a fault-free baseline
 * period, builds (in a temporary folder, never in the repository) a bundle whose alert fires late
 * in that period, with the first part of the period as its baseline, and investigates it. Prints
 * how many investigations claimed a root cause with high confidence (not abstained and confidence
 * at least --high, default 0.8) — on fault-free data, that should stay under 10 %.
 *
 *   npm run build && node scripts/fault-free-check.js [--benchmark DIR] [--high 0.8]
 */
const fs = require('node:fs');
const path = require('node:path');
const { benchmarkRoot, flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');

const flag = flagReader(process.argv.slice(2));
const high = Number(flag('high') ?? 0.8);
const root = benchmarkRoot(flag, 'fault-free check');
if (!root) process.exit(0);
const dist = path.join(__dirname, '..', 'dist');
const { investigateBundle } = require(path.join(dist, 'app', 'investigate-bundle.js'));
const { OfflineReasoner } = require(path.join(dist, 'reasoning', 'offline', 'offline-reasoner.js'));
const { BudgetSchema, ThresholdsSchema } = require(path.join(dist, 'core', 'investigation', 'budget-schema.js'));

async function main() {
  const work = temporaryFolder('causa-fault-free-');
  const rows = [];
  for (const id of fs.readdirSync(path.join(root, 'cases')).sort()) {
    const dir = path.join(root, 'cases', id);
    const kase = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8'));
    if (!kase.baseline) continue;
    const start = Date.parse(kase.baseline.start);
    const end = Date.parse(kase.baseline.end);
    const split = start + 0.6 * (end - start);
    const copy = path.join(work, id);
    fs.mkdirSync(copy);
    for (const file of fs.readdirSync(dir)) if (file !== 'case.json') fs.symlinkSync(path.join(dir, file), path.join(copy, file));
    const iso = (ms) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    fs.writeFileSync(path.join(copy, 'case.json'), JSON.stringify({
      ...kase,
      id: `${id}-fault-free`,
      alert: { ...kase.alert, firedAt: iso(split + 0.5 * (end - split)) },
      window: { start: kase.baseline.start, end: kase.baseline.end },
      baseline: { start: kase.baseline.start, end: iso(split) },
    }));
    try {
      const { report } = await investigateBundle({ dir: copy, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
      rows.push({ id, system: kase.system, claimed: !report.abstained && report.confidence >= high, abstained: report.abstained, confidence: report.confidence, top: report.ranking[0]?.service ?? null });
    } catch (error) {
      rows.push({ id, system: kase.system, claimed: false, abstained: true, confidence: 0, top: null, error: String(error.message ?? error) });
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  const systems = [...new Set(rows.map((r) => r.system))].sort();
  console.log('| system | fault-free windows | high-confidence claims | abstained | failed |');
  console.log('|---|---:|---:|---:|---:|');
  for (const system of [...systems, 'all']) {
    const group = rows.filter((r) => system === 'all' || r.system === system);
    const claimed = group.filter((r) => r.claimed).length;
    console.log(`| ${system} | ${group.length} | ${claimed} (${((100 * claimed) / Math.max(1, group.length)).toFixed(1)} %) | ${group.filter((r) => r.abstained).length} | ${group.filter((r) => r.error).length} |`);
  }
  const claimed = rows.filter((r) => r.claimed).length;
  for (const r of rows.filter((row) => row.claimed)) console.log(`claimed: ${r.id} → ${r.top} (confidence ${r.confidence})`);
  console.log(JSON.stringify({ windows: rows.length, highConfidenceClaims: claimed, rate: claimed / Math.max(1, rows.length), threshold: high }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
