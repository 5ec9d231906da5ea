'use strict';
/**
 * A copy of a benchmark's cases as a lossy pipeline would have collected them, for measuring how
 * much a diagnosis leans on complete telemetry. The copy goes to a temporary folder.
 * - Traces, as a head-sampling tracer keeps them: each whole trace kept with the given probability
 *   (decided by its trace id, so a trace keeps or loses all its spans, as with a sampling decision
 *   made at the root).
 * - Log lines, as an overloaded shipper drops them: each line lost with the given probability
 *   (decided by its position in the file), whatever trace it joined.
 * Everything else is copied unchanged.
 */
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const zlib = require('node:zlib');
const { temporaryFolder } = require('./temporary-folder');

/** FNV-1a of the seed and trace id, as a number in [0, 1). */
function unitHash(seed, traceId) {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${traceId}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/** Copies a JSON-lines file (gzipped or not), keeping the lines `keep(record, index)` accepts. */
async function copyLines(from, to, keep) {
  const gz = from.endsWith('.gz');
  const input = fs.createReadStream(from);
  const lines = readline.createInterface({ input: gz ? input.pipe(zlib.createGunzip()) : input, crlfDelay: Infinity });
  const output = fs.createWriteStream(to);
  const sink = gz ? zlib.createGzip() : null;
  if (sink) sink.pipe(output);
  const target = sink ?? output;
  let kept = 0;
  let total = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    total += 1;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      record = undefined;
    }
    // A line that is not a record is left for the reader to report, as in the original.
    if (record !== undefined && !keep(record, total)) continue;
    kept += 1;
    if (!target.write(`${line}\n`)) await new Promise((resolve) => target.once('drain', resolve));
  }
  await new Promise((resolve, reject) => {
    output.once('finish', resolve);
    output.once('error', reject);
    target.end();
  });
  return { kept, total };
}

/**
 * Copies `<root>/cases` and `<root>/answers`, each trace kept with probability `traces` and each
 * log line lost with probability `lostLogs` (either may be left out); returns the copy's root.
 */
async function sampledCopy(root, { traces, lostLogs }, seed, only) {
  const copy = temporaryFolder('causa-sampled-');
  fs.cpSync(path.join(root, 'answers'), path.join(copy, 'answers'), { recursive: true });
  const counts = { spans: { kept: 0, total: 0 }, logs: { kept: 0, total: 0 } };
  const add = (into, got) => {
    into.kept += got.kept;
    into.total += got.total;
  };
  for (const id of fs.readdirSync(path.join(root, 'cases'))) {
    if (only && !only.includes(id)) continue;
    const from = path.join(root, 'cases', id);
    const to = path.join(copy, 'cases', id);
    fs.mkdirSync(to, { recursive: true });
    for (const file of fs.readdirSync(from)) {
      if (traces !== undefined && /^spans\.jsonl(\.gz)?$/.test(file)) {
        const keep = (span) => span.traceId === undefined || unitHash(seed, String(span.traceId)) < traces;
        add(counts.spans, await copyLines(path.join(from, file), path.join(to, file), keep));
      } else if (lostLogs !== undefined && /^logs\.jsonl(\.gz)?$/.test(file)) {
        const keep = (_line, index) => unitHash(seed, `${id}:${index}`) >= lostLogs;
        add(counts.logs, await copyLines(path.join(from, file), path.join(to, file), keep));
      } else fs.cpSync(path.join(from, file), path.join(to, file), { recursive: true });
    }
  }
  if (traces !== undefined) console.log(`traces sampled at ${traces} (seed ${seed}): ${counts.spans.kept} of ${counts.spans.total} spans kept`);
  if (lostLogs !== undefined) console.log(`log lines lost at ${lostLogs} (seed ${seed}): ${counts.logs.kept} of ${counts.logs.total} lines kept`);
  return copy;
}

module.exports = { sampledCopy, unitHash };
