import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../observability/logger';
import type { HttpRoute } from '../../server/http-route';

/** Teams activities are small; a card-heavy one stays far below this. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The Bot Framework messaging endpoint served on Causa's HTTP server. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * `POST /api/messages`: reads and parses the activity (413 past 1 MiB, 400 for a body that is
 * not a JSON object), checks its JWT (401 without a valid one: missing, expired, signed with an
 * unknown key, for another audience or service URL; 503 when the signing keys cannot be read
 * now), and hands it to the CloudAdapter, which runs the turn. The SDK alone answers 500 for a
 * token with a bad signature; checking first keeps every forged request a 401.
 */
export function messagesRoute(
  adapter: CloudAdapter,
  authentication: BotFrameworkAuthentication,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
): HttpRoute {
  return {
    methods: ['POST'],
    path: TEAMS_MESSAGES_PATH,
    handler: async (request, response) => {
      const body = await readBody(request);
      if (body === 'too-large') return void response.writeHead(413, { 'content-type': 'text/plain' }).end('activity too large\n');
      let activity: unknown;
      try {
        activity = JSON.parse(body.toString('utf8'));
      } catch {
        activity = undefined;
      }
      if (!activity || typeof activity !== 'object' || Array.isArray(activity)) {
        return void response.writeHead(400, { 'content-type': 'text/plain' }).end('the body must be a Bot Framework activity (a JSON object)\n');
      }
      const header = request.headers.authorization ?? '';
      try {
        await authentication.authenticateRequest(activity as never, header);
      } catch (error) {
        const unavailable = (error as { statusCode?: unknown }).statusCode === 500;
        logger.info({ surface: 'teams', reason: errorMessage(error).slice(0, 200) }, unavailable ? 'a Teams request could not be verified now' : 'a Teams request was refused: its token is not valid');
        if (unavailable) return void response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('the signing keys cannot be read now\n');
        return void response.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
      }
      await adapter.process({ body: activity as Record<string, unknown>, headers: request.headers, method: request.method }, responseAdapter(response), logic);
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The express-like response botbuilder writes to, over node's ServerResponse. */
function responseAdapter(response: ServerResponse) {
  return {
    socket: response.socket,
    header(name: string, value: unknown) {
      response.setHeader(name, String(value));
    },
    status(code: number) {
      response.statusCode = code;
    },
    send(body?: unknown) {
      if (body === undefined || body === null) return;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        response.write(body);
        return;
      }
      if (!response.headersSent) response.setHeader('content-type', 'application/json');
      response.write(JSON.stringify(body));
    },
    end() {
      response.end();
    },
  };
}
