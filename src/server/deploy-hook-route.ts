import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../core/errors';
import { ChangeEventSchema, type ChangeEventStore } from '../core/ports/change-event-store';
import type { Logger } from '../observability/logger';
import type { HttpRoute } from './http-route';

export interface DeployHookOptions {
  store: ChangeEventStore;
  secret: string;
  logger: Logger;
  /** Largest body accepted, bytes (default 64 KiB). */
  maxBodyBytes?: number;
  now?: () => Date;
}

/** Equal-length digests compared in constant time, so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function authorized(request: IncomingMessage, body: Buffer, secret: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return sameSecret(bearer.trim(), secret);
  const signature = request.headers['x-causa-signature'];
  if (typeof signature === 'string' && signature.startsWith('sha256=')) {
    return sameSecret(signature.slice(7).toLowerCase(), createHmac('sha256', secret).update(body).digest('hex'));
  }
  return false;
}

function answer(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /hooks/deploy`: CI/CD reports a change (`{"service", "version", "at", "kind", …}`). It
 * must prove the shared secret, as `Authorization: Bearer <secret>` or `X-Causa-Signature:
 * sha256=<HMAC-SHA256 of the body>`, compared in constant time. Answers 202 with the stored event's
 * id, 401 without valid proof, 413 past the size limit, 415 for a body that is not JSON, and 400
 * listing what is wrong with the event. The body never reaches a log.
 */
export function deployHookRoute(options: DeployHookOptions): HttpRoute {
  const limit = options.maxBodyBytes ?? 64 * 1024;
  const now = options.now ?? (() => new Date());
  return {
    methods: ['POST'],
    path: '/hooks/deploy',
    handler: async (request, response) => {
      const body = await readBody(request, limit);
      if (body === 'too-large') return answer(response, 413, { error: `the body is larger than ${limit} bytes` });
      if (!authorized(request, body, options.secret)) {
        return answer(response, 401, { error: 'missing or wrong credentials: send Authorization: Bearer <CAUSA_DEPLOY_HOOK_SECRET>, or X-Causa-Signature: sha256=<hex HMAC-SHA256 of the body with that secret>' });
      }
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return answer(response, 415, { error: 'send the event as JSON with Content-Type: application/json' });
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (error) {
        return answer(response, 400, { error: `the body is not valid JSON: ${(error as Error).message}` });
      }
      const parsed = ChangeEventSchema.safeParse(json);
      if (!parsed.success) {
        return answer(response, 400, { error: 'not a change event', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`), example: { service: 'checkout', version: 'v1.4.2', kind: 'deploy', at: '2024-06-18T10:45:00Z' } });
      }
      const receivedAt = now().toISOString();
      const event = { ...parsed.data, at: parsed.data.at ?? receivedAt, id: randomUUID(), receivedAt };
      try {
        await options.store.add(event);
      } catch (error) {
        // Not stored: say so, so CI/CD retries instead of believing the change was recorded.
        options.logger.error({ service: event.service, changeId: event.id, error: errorMessage(error) }, 'change event could not be stored');
        return void response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' }).end(`${JSON.stringify({ error: `the change event could not be stored (${errorMessage(error)}); retry later` })}\n`);
      }
      options.logger.info({ service: event.service, kind: event.kind, changeId: event.id }, 'change event received');
      answer(response, 202, { id: event.id, at: event.at });
    },
  };
}
