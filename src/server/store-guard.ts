import type { HttpRoute } from './http-route';

/** How long a chat platform is asked to wait before it retries a request refused during a store outage. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Wraps a chat surface's route so that, while the investigation store cannot be reached, requests
 * are answered 503 with `Retry-After` before the surface acknowledges them: the platform keeps
 * the request and retries it (Slack retries events it was not answered 2xx for; the Bot Framework
 * Connector retries 5xx), instead of a 200 followed by nothing.
 */
export function requireStore(route: HttpRoute, available: () => boolean): HttpRoute {
  return {
    ...route,
    handler: (request, response) => {
      if (available()) return route.handler(request, response);
      request.resume();
      response
        .writeHead(503, { 'content-type': 'text/plain', 'retry-after': String(RETRY_AFTER_SECONDS) })
        .end("Causa's investigation store (Redis) is unreachable; retry later\n");
    },
  };
}
