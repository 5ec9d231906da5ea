'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Gives the fuzz targets one file to append their summaries to (read by fuzz-global-teardown.js). */
module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'causa-fuzz-summary-'));
  process.env.CAUSA_FUZZ_SUMMARY_FILE = path.join(dir, 'summaries.jsonl');
  fs.writeFileSync(process.env.CAUSA_FUZZ_SUMMARY_FILE, '');
};
