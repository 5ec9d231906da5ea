/** ES-module-only packages the tests load through test/jest/esm-to-commonjs-transform.js. */
const ESM_PACKAGES = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose'];
const esm = ESM_PACKAGES.map((name) => name.replace(/[/.]/g, '\\$&')).join('|');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    [`/node_modules/(${esm})/.+\\.js$`]: '<rootDir>/test/jest/esm-to-commonjs-transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esm})/)`],
  testTimeout: 60000,
  // Pings the test Redis once: the Redis suites skip (or, with CAUSA_REQUIRE_REDIS=1, the run stops) when it is down.
  globalSetup: '<rootDir>/test/jest/redis-global-setup.js',
};
