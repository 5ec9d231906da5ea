import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** How a fake backend misbehaves, the ways real deployments do. */
export type BackendMode = 'ok' | 'html' | 'unauthorized' | 'forbidden' | 'hang' | 'server-error';

/** A request the fake saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

/**
 * A local HTTP server for a telemetry backend's fake: routes by path, records requests, and can be
 * switched to fail as real backends do (a login page's HTML, 401/403, a hang, a 5xx). Listens on a
 * free port on 127.0.0.1.
 */
export class FakeHttpBackend {
  mode: BackendMode = 'ok';
  readonly requests: SeenRequest[] = [];
  private server: http.Server | undefined;
  url = '';

  constructor(private readonly route: (request: SeenRequest, response: ServerResponse) => void) {}

  /** Listens on a free port; with `tls` (a PEM key and certificate) it speaks HTTPS. */
  async start(options: { tls?: { key: string; cert: string } } = {}): Promise<this> {
    const handler = (request: IncomingMessage, response: ServerResponse) => this.handle(request, response);
    this.server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const seen = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers };
    this.requests.push(seen);
    switch (this.mode) {
      case 'html':
        return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>Sign in - SSO</title></head><body>login</body></html>');
      case 'unauthorized':
        return void response.writeHead(401, { 'content-type': 'text/plain' }).end('no org id\n');
      case 'forbidden':
        return void response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'access denied' }));
      case 'hang':
        return; // never answers; the client's timeout must fire
      case 'server-error':
        return void response.writeHead(503, { 'content-type': 'text/plain' }).end('too many outstanding requests\n');
      default:
        this.route(seen, response);
    }
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A localhost URL nothing listens on (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
