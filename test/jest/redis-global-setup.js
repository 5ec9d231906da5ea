'use strict';
/**
 * Jest global setup: asks the test Redis (CAUSA_TEST_REDIS_URL, else REDIS_URL, else
 * redis://127.0.0.1:6379) for PING once, before any suite opens a client. Down and required
 * (CAUSA_REQUIRE_REDIS=1, as .ci/run sets): the run stops at once with one message. Down
 * otherwise: the Redis suites skip (test/store/redis-test-support.ts reads CAUSA_TEST_REDIS_STATE)
 * instead of hanging on clients that reconnect forever.
 */
const net = require('node:net');

const url = process.env.CAUSA_TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';

function ping(address, timeoutMs) {
  return new Promise((resolve) => {
    let parsed;
    try {
      parsed = new URL(address);
    } catch {
      resolve(`${address} is not a redis:// URL`);
      return;
    }
    const socket = net.connect({ host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(parsed.port) || 6379 });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error) => done(error.code || error.message));
    socket.once('connect', () => socket.write('PING\r\n'));
    // Any reply (+PONG, or -NOAUTH from a server with a password) means a Redis is listening.
    socket.once('data', (data) => done(/^[+-]/.test(data.toString()) ? 'up' : 'not a Redis server'));
  });
}

module.exports = async function redisGlobalSetup() {
  const state = await ping(url, 2000);
  process.env.CAUSA_TEST_REDIS_URL = url;
  process.env.CAUSA_TEST_REDIS_STATE = state;
  if (state === 'up') return;
  const message = `the test Redis at ${url} is not reachable (${state}): start it with .ci/ensure-redis.sh (or redis-server --daemonize yes), or point CAUSA_TEST_REDIS_URL at one`;
  if (process.env.CAUSA_REQUIRE_REDIS === '1') throw new Error(`${message}. CAUSA_REQUIRE_REDIS=1: the Redis suites may not be skipped.`);
  process.stderr.write(`skipping the Redis suites: ${message}\n`);
};
