import type { IncomingMessage, ServerResponse } from 'node:http';

/** Handles one HTTP request; it must answer (or hand the request to a listener that does). */
export type HttpHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/**
 * One endpoint of Causa's HTTP server. Surfaces, health and metrics, and hooks each contribute
 * routes; `path` is matched exactly, or as a prefix when it ends with `/` (e.g. `/slack/`).
 */
export interface HttpRoute {
  /** Allowed methods; another method on the path gets 405 with an `Allow` header. */
  methods: readonly ('GET' | 'POST' | 'PUT' | 'HEAD')[];
  path: string;
  handler: HttpHandler;
}
