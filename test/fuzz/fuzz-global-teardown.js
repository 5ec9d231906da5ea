'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Prints one line per fuzz target (inputs, failures, seed, time) and a total, then removes the file. */
module.exports = async () => {
  const file = process.env.CAUSA_FUZZ_SUMMARY_FILE;
  if (!file || !fs.existsSync(file)) return;
  const summaries = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const width = Math.max(6, ...summaries.map((s) => s.target.length));
  const lines = summaries.map((s) => `  ${s.target.padEnd(width)}  ${String(s.inputs).padStart(7)} inputs  ${String(s.failures).padStart(3)} failures  seed ${s.seed}  ${(s.elapsedMs / 1000).toFixed(1)} s`);
  const inputs = summaries.reduce((sum, s) => sum + s.inputs, 0);
  const failures = summaries.reduce((sum, s) => sum + s.failures, 0);
  process.stdout.write(`\nfuzz summary (${summaries.length} targets)\n${lines.join('\n')}\n  ${'total'.padEnd(width)}  ${String(inputs).padStart(7)} inputs  ${String(failures).padStart(3)} failures\n`);
};
