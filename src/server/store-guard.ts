import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger';
import type { HttpRoute } from './http-route';
import type { StoreProbe } from './store-probe';

/** How long a chat platform is asked to wait before it retries a request refused during a store outage. */
const RETRY_AFTER_SECONDS = 10;

/** What `requireStore` asks before a chat request reaches its surface. */
export interface StoreGuardOptions {
  /** Whether the store client is connected (no round trip); false refuses at once. */
  available: () => boolean;
  /** A bounded round trip to the store, shared by every guarded route (one PING for a burst). */
  probe: Pick<StoreProbe, 'check'>;
  /** Says when a request is refused because the store did not answer. */
  logger: Logger;
}

/**
 * Wraps a chat surface's route so that, while the investigation store cannot be reached, requests
 * are answered 503 with `Retry-After` before the surface acknowledges them: the platform keeps
 * the request and retries it (Slack retries events it was not answered 2xx for; the Bot Framework
 * Connector retries 5xx), instead of a 200 followed by nothing. A client that has seen the outage
 * refuses at once; one that still thinks it is connected (Redis just stopped answering) is asked
 * first, within a bound, so the request is refused fast instead of handed on to wait on the store.
 */
export function requireStore(route: HttpRoute, options: StoreGuardOptions): HttpRoute {
  return {
    ...route,
    handler: async (request, response) => {
      if (!options.available()) return refuse(request, response);
      const started = Date.now();
      const answer = await options.probe.check();
      if (answer.ok) return route.handler(request, response);
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      options.logger.warn({ component: 'store-guard', path, reason: answer.reason, waitedMs: Date.now() - started }, 'a chat request is refused: the investigation store did not answer');
      refuse(request, response);
    },
  };
}

function refuse(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  response
    .writeHead(503, { 'content-type': 'text/plain', 'retry-after': String(RETRY_AFTER_SECONDS) })
    .end("Causa's investigation store (Redis) is unreachable; retry later\n");
}
