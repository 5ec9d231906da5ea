'use strict';
/** Shared by the benchmark scripts: `--name value` flags and where the shared benchmark lives. */
const fs = require('node:fs');
const path = require('node:path');

function flagReader(args) {
  return (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
}

/** The benchmark folder (--benchmark DIR, else ../shared/benchmark beside the repository), or null with a message when absent. */
function benchmarkRoot(flag, what) {
  const root = path.resolve(flag('benchmark') ?? path.join(__dirname, '..', '..', 'shared', 'benchmark'));
  if (fs.existsSync(path.join(root, 'cases'))) return root;
  console.log(`${what} skipped: ${root}/cases does not exist (pass --benchmark DIR)`);
  return null;
}

module.exports = { flagReader, benchmarkRoot };
