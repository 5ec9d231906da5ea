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
};
