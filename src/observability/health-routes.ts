import { errorMessage } from '../core/errors';
import type { HttpRoute } from '../server/http-route';

/** One dependency `/readyz` checks (Redis, a telemetry source). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; message: string }>;
}

/** Options of `readyzRoute`. */
export interface ReadinessOptions {
  /** A check that has not answered within this time counts as failed. Default 3 s (probes time out). */
  timeoutMs?: number;
  /** Results are reused this long, so frequent probes do not hammer the backends. Default 5 s. */
  cacheMs?: number;
  now?: () => number;
}

/** `GET /healthz`: liveness. The process answers HTTP; it says nothing about its dependencies. */
export function healthzRoute(): HttpRoute {
  return {
    methods: ['GET', 'HEAD'],
    path: '/healthz',
    handler: (_request, response) => void response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'),
  };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<{ name: string; ok: boolean; message: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<{ ok: boolean; message: string }>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, message: `no answer within ${timeoutMs} ms` }), timeoutMs);
    });
    return { name: check.name, ...(await Promise.race([check.check(), timeout])) };
  } catch (error) {
    return { name: check.name, ok: false, message: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /readyz`: readiness. 200 when every check passes; 503 otherwise, with every check's result
 * as JSON (`{ ready, checks: [{ name, ok, message }] }`) so an operator sees the reason.
 */
export function readyzRoute(checks: readonly ReadinessCheck[], options: ReadinessOptions = {}): HttpRoute {
  const timeoutMs = options.timeoutMs ?? 3000;
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  let cached: { at: number; results: Promise<Array<{ name: string; ok: boolean; message: string }>> } | undefined;
  return {
    methods: ['GET', 'HEAD'],
    path: '/readyz',
    async handler(_request, response) {
      if (!cached || now() - cached.at >= cacheMs) cached = { at: now(), results: Promise.all(checks.map((check) => runCheck(check, timeoutMs))) };
      const results = await cached.results;
      const ready = results.every((result) => result.ok);
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify({ ready, checks: results })}\n`);
    },
  };
}
