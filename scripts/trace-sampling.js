'use strict';
/**
 * A copy of a benchmark's cases as a head-sampling tracer would have collected them: each whole
 * trace kept with the given probability (decided by its trace id, so a trace keeps or loses all
 * its spans, as with a sampling decision made at the root), everything else unchanged. For
 * measuring how much a diagnosis leans on complete traces. The copy goes to a temporary folder.
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

async function copySpans(from, to, keep) {
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
    let traceId;
    try {
      traceId = JSON.parse(line).traceId;
    } catch {
      traceId = undefined;
    }
    // A line that is not a span is left for the reader to report, as in the original.
    if (traceId !== undefined && !keep(String(traceId))) continue;
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

/** Copies `<root>/cases` and `<root>/answers` with each trace kept with probability `share`; returns the copy's root. */
async function sampledCopy(root, share, seed, only) {
  const copy = temporaryFolder('causa-sampled-');
  fs.cpSync(path.join(root, 'answers'), path.join(copy, 'answers'), { recursive: true });
  let kept = 0;
  let total = 0;
  for (const id of fs.readdirSync(path.join(root, 'cases'))) {
    if (only && !only.includes(id)) continue;
    const from = path.join(root, 'cases', id);
    const to = path.join(copy, 'cases', id);
    fs.mkdirSync(to, { recursive: true });
    for (const file of fs.readdirSync(from)) {
      if (/^spans\.jsonl(\.gz)?$/.test(file)) {
        const counts = await copySpans(path.join(from, file), path.join(to, file), (traceId) => unitHash(seed, traceId) < share);
        kept += counts.kept;
        total += counts.total;
      } else fs.cpSync(path.join(from, file), path.join(to, file), { recursive: true });
    }
  }
  console.log(`traces sampled at ${share} (seed ${seed}): ${kept} of ${total} spans kept`);
  return copy;
}

module.exports = { sampledCopy, unitHash };
