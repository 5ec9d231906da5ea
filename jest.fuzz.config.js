/**
 * `npm run fuzz`: time-bounded fuzz targets (test/fuzz/*.fuzz.ts), kept out of `npm test`.
 * CAUSA_FUZZ_SECONDS bounds each target (default 15), CAUSA_FUZZ_SEED replays a run.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/test/fuzz/**/*.fuzz.ts'],
  testTimeout: 10 * 60_000,
  // Each target appends its summary; the teardown prints inputs and failures per target.
  globalSetup: '<rootDir>/test/fuzz/fuzz-global-setup.js',
  globalTeardown: '<rootDir>/test/fuzz/fuzz-global-teardown.js',
};
