import type { IncomingMessage } from 'node:http';
import { parse } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import type { HttpHandler } from '../../server/http-route';

/**
 * Far above anything Slack sends (a message's text stops at 40,000 characters, blocks at 50,
 * attachments at 100): a larger request is refused before it is read whole.
 */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a Slack request's body before Bolt does and refuses one Bolt would choke on: a payload
 * that parses as JSON but is no object (`payload=null`, `42`, `"text"`) makes Bolt's receiver
 * throw outside its error handling and leave the request unanswered. Such a request gets 400 (401
 * when its signature does not hold, as in Bolt); a
 * body over 16 MiB gets 413. Everything else reaches Bolt with its body already buffered (Bolt
 * reads `rawBody` when present), signature checks and all.
 */
export function guardSlackBody(listener: HttpHandler, signingSecret: string): HttpHandler {
  return async (request, response) => {
    const body = await readBody(request, BODY_LIMIT_BYTES);
    if (body === 'too-large') {
      response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('request body too large\n');
      return;
    }
    if (parsesToNonObject(body, request.headers['content-type'])) {
      // As Bolt would: the signature first (a forged or stale request is 401 whatever it holds).
      const signed = isValidSlackRequest({
        signingSecret,
        body: body.toString(),
        headers: { 'x-slack-signature': String(request.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']) },
      });
      if (!signed) response.writeHead(401).end();
      else response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('malformed Slack payload\n');
      return;
    }
    (request as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    return listener(request, response);
  };
}

/** The whole body, or 'too-large' (the rest is not read) past `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Whether Bolt would parse the body to something other than an object: it reads a form's
 * `payload` field (or the form itself) for the exact form content type, JSON otherwise. A body
 * that does not parse at all is left to Bolt, which answers it 400 after the signature check.
 */
function parsesToNonObject(body: Buffer, contentType: string | undefined): boolean {
  const text = body.toString();
  let json: string;
  if (contentType === 'application/x-www-form-urlencoded') {
    const { payload } = parse(text);
    if (typeof payload !== 'string') return false;
    json = payload;
  } else {
    json = text;
  }
  try {
    const value: unknown = JSON.parse(json);
    return value === null || typeof value !== 'object' || Array.isArray(value);
  } catch {
    return false;
  }
}
