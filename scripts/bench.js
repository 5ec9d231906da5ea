#!/usr/bin/env node
'use strict';
/**
 * Benchmark: runs every labelled incident of the shared benchmark (when present) through
 * `causa eval`, prints the score table and one JSON line of figures. Exits 0 with a message when
 * the benchmark folder is absent.
 *
 *   npm run bench [-- --only ID,ID] [-- --benchmark DIR]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { benchmarkRoot, flagReader } = require('./benchmark-location');

const flag = flagReader(process.argv.slice(2));
const root = benchmarkRoot(flag, 'benchmark');
if (!root) process.exit(0);
const predictions = fs.mkdtempSync(path.join(os.tmpdir(), 'causa-bench-'));
const only = flag('only');
const { main } = require(path.join(__dirname, '..', 'dist', 'main.js'));
main(['eval', '--cases', path.join(root, 'cases'), '--answers', path.join(root, 'answers'), '--predictions', predictions, '--json', '--quiet', ...(only ? ['--only', only] : [])]).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
