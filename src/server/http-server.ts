import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../core/errors';
import type { Logger } from '../observability/logger';
import type { HttpRoute } from './http-route';

/**
 * Causa's one HTTP listener, shared by every part of `causa serve` that speaks HTTP: the Slack
 * Events API, the Teams messaging endpoint, health and metrics, and hooks. Routes are matched
 * exactly or by prefix (a path ending in `/`); the longest match wins. Unknown paths get 404, a
 * wrong method 405, and a handler that throws 500 (logged, never with the request body).
 */
export class HttpServer {
  private readonly routes: HttpRoute[] = [];
  private server: Server | undefined;

  constructor(private readonly logger: Logger) {}

  /** Adds routes; a path already routed is a programming error. */
  add(...routes: HttpRoute[]): this {
    for (const route of routes) {
      if (this.routes.some((known) => known.path === route.path)) throw new Error(`HTTP route ${route.path} is registered twice`);
      this.routes.push(route);
    }
    return this;
  }

  /** Starts listening; resolves with the port (0 picks a free one). */
  async listen(port: number, host?: string): Promise<number> {
    if (this.server) throw new Error('the HTTP server is already listening');
    const server = http.createServer((request, response) => void this.dispatch(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  /** Stops accepting connections and closes idle ones; resolves when the server is closed. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private match(pathname: string): HttpRoute | undefined {
    let best: HttpRoute | undefined;
    for (const route of this.routes) {
      const matches = route.path.endsWith('/') ? pathname.startsWith(route.path) || pathname === route.path.slice(0, -1) : pathname === route.path;
      if (matches && (!best || route.path.length > best.path.length)) best = route;
    }
    return best;
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = this.match(pathname);
    if (!route) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    const method = (request.method ?? 'GET').toUpperCase();
    if (!route.methods.includes(method as HttpRoute['methods'][number])) {
      return void response.writeHead(405, { allow: route.methods.join(', '), 'content-type': 'text/plain' }).end('method not allowed\n');
    }
    try {
      await route.handler(request, response);
    } catch (error) {
      this.logger.error({ path: pathname, method, error: errorMessage(error) }, 'HTTP handler failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      if (!response.writableEnded) response.end('internal error\n');
    }
  }
}
