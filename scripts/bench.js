#!/usr/bin/env node
'use strict';
/**
 * Benchmark: runs every labelled incident of the shared benchmark (when present) through
 * `causa eval`, prints the score table and one JSON line of figures. Exits 0 with a message when
 * the benchmark folder is absent. Predictions go to a temporary folder removed at exit (also when
 * interrupted), unless --predictions names a folder to keep them in.
 *
 *   npm run bench [-- --only ID,ID] [-- --benchmark DIR] [-- --predictions DIR]
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
const { main } = require(path.join(__dirname, '..', 'dist', 'main.js'));
main(['eval', '--cases', path.join(root, 'cases'), '--answers', path.join(root, 'answers'), '--predictions', predictions, '--json', '--quiet', ...(only ? ['--only', only] : [])]).then(
  (code) => {
    if (!kept) console.log('(the predictions folder is temporary and removed at exit; pass --predictions DIR to keep them)');
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
