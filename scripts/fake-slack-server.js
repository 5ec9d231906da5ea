'use strict';
/*
 * A local Slack Web API for benchmarks: answers the methods Causa calls after a realistic latency,
 * applies Slack's per-channel limit on chat.postMessage / chat.update (a burst, then about one a
 * second; over it: HTTP 429 with Retry-After), and records what each thread received.
 */
const http = require('node:http');

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

class FakeSlackServer {
  /** @param {{ latencyMs: number, burst: number, refillMs: number, retryAfterSeconds: number }} options */
  constructor(options) {
    this.options = options;
    this.calls = 0;
    this.rateLimited = 0;
    this.byMethod = new Map();
    /** thread ts → { posts, rca, uploads, statusText } */
    this.threads = new Map();
    this.buckets = new Map();
    this.tsCounter = 0;
    this.fileCounter = 0;
    /** Every call in arrival order: { at, method, channel, thread, ts, text (its start), status } (for a look at a run). */
    this.log = [];
  }

  async start() {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 60_000;
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  thread(ts) {
    let thread = this.threads.get(ts);
    if (!thread) this.threads.set(ts, (thread = { posts: 0, rca: 0, uploads: 0, status: '' }));
    return thread;
  }

  overLimit(method, channel) {
    if (method !== 'chat.postMessage' && method !== 'chat.update') return false;
    const { burst, refillMs } = this.options;
    const now = Date.now();
    const bucket = this.buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / refillMs);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }

  async handle(request, response) {
    const raw = await readBody(request);
    await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.calls += 1;
    if (url.pathname.startsWith('/upload/')) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    const body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const limited = this.overLimit(method, body.channel);
    this.log.push({ at: Date.now(), method, channel: body.channel, thread: body.thread_ts, ts: body.ts, text: (body.text ?? '').slice(0, 60), status: limited ? 429 : 200 });
    if (limited) {
      this.rateLimited += 1;
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(this.options.retryAfterSeconds) });
      response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method, body)));
  }

  answer(method, body) {
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: 'TBENCH', user_id: 'UCAUSA', bot_id: 'BCAUSA' };
      case 'chat.postMessage': {
        const ts = `1800000000.${String(++this.tsCounter).padStart(6, '0')}`;
        if (body.thread_ts) {
          const thread = this.thread(body.thread_ts);
          thread.posts += 1;
          if (body.reply_broadcast === 'true') thread.rca += 1;
        }
        return { ok: true, channel: body.channel, ts, message: { ts, text: body.text, bot_id: 'BCAUSA' } };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1800000000.${String(++this.tsCounter).padStart(6, '0')}` };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.fileCounter}`;
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        if (body.thread_ts) this.thread(body.thread_ts).uploads += 1;
        return { ok: true, files: JSON.parse(body.files ?? '[]').map((file) => ({ id: file.id, title: file.title })) };
      case 'chat.getPermalink':
        return { ok: true, channel: body.channel, permalink: `https://bench.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}` };
      case 'conversations.replies':
      case 'conversations.history':
        return { ok: true, messages: [], has_more: false };
      default:
        return { ok: true };
    }
  }
}

module.exports = { FakeSlackServer };
