import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake Slack Web API received. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `upload` for a file upload POST. */
  method: string;
  /** Parsed form body; JSON-valued fields (blocks, attachments, files) decoded. */
  body: Record<string, any>;
  /** What the fake answered (body), and whether it answered 429. */
  response: Record<string, any>;
  rateLimited: boolean;
  at: number;
}

const JSON_FIELDS = ['blocks', 'attachments', 'files', 'metadata'];

/**
 * A local stand-in for Slack's Web API (node:http on 127.0.0.1, a free port): records every call
 * and answers the methods Causa uses as Slack does, including the files.uploadV2 flow
 * (getUploadURLExternal → upload POST, recorded with the file's bytes → completeUploadExternal) and apps.connections.open for
 * Socket Mode. `rateLimitNext` makes the next call of a method answer 429 with `Retry-After: 1`.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly botUserId = 'UCAUSA';
  readonly botId = 'BCAUSA';
  socketUrl = '';
  private server?: http.Server;
  private port = 0;
  private tsCounter = 0;
  private fileCounter = 0;
  private readonly rateLimited = new Set<string>();
  private readonly failures = new Map<string, string>();
  private readonly lastingFailures = new Map<string, string>();
  private readonly threads = new Map<string, Record<string, unknown>[]>();
  private readonly groups = new Map<string, string[]>();
  private channelLimit?: RateLimit;
  private readonly channelBuckets = new Map<string, { tokens: number; at: number }>();
  private readonly methodLimits = new Map<string, RateLimit>();
  private readonly methodBuckets = new Map<string, { tokens: number; at: number }>();
  private latencyMs = 0;

  /** `http://127.0.0.1:<port>/api/`, for `slack.apiUrl`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The messages `conversations.replies` / `conversations.history` return for a thread. */
  setThread(channel: string, ts: string, messages: Record<string, unknown>[]): void {
    this.threads.set(`${channel}:${ts}`, messages);
  }

  /** The bot's own posts in a thread, as conversations.replies gives them (metadata only when asked for). */
  private postedInThread(body: Record<string, any>): Record<string, unknown>[] {
    const withMetadata = String(body.include_all_metadata) === 'true';
    return this.calls
      .filter((call) => call.method === 'chat.postMessage' && call.response.ok && call.body.channel === body.channel && call.body.thread_ts === body.ts)
      .map((call) => ({ ts: call.response.ts, text: call.body.text, bot_id: this.botId, thread_ts: body.ts, ...(withMetadata && call.body.metadata ? { metadata: call.body.metadata } : {}) }));
  }

  /** Members `usergroups.users.list` returns for a user group. */
  setGroup(id: string, users: string[]): void {
    this.groups.set(id, users);
  }

  /** The next call of `method` answers HTTP 429 with `Retry-After: 1`. */
  rateLimitNext(method: string): void {
    this.rateLimited.add(method);
  }

  /**
   * Per-channel rate limit of chat.postMessage / chat.update, as Slack applies it: `burst` calls,
   * then one every `refillMs`; a call over the limit answers 429 with `Retry-After`.
   */
  limitChannels(limit: RateLimit): void {
    this.channelLimit = limit;
  }

  /**
   * A workspace-wide limit of one method, as Slack's tiers apply (`chat.update` is Tier 3, about
   * 50 a minute): `burst` calls, then one every `refillMs`; over it, 429 with `Retry-After`.
   */
  limitMethod(method: string, limit: RateLimit): void {
    this.methodLimits.set(method, limit);
  }

  /** Every Web API answer is delayed by `ms` (Slack answers in about 100 ms). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** The next call of `method` answers `{ ok: false, error }`, as Slack does for a failed call. */
  failNext(method: string, error: string): void {
    this.failures.set(method, error);
  }

  /** Every call of `method` from now on answers `{ ok: false, error }` (a revoked token, say). */
  failAlways(method: string, error: string): void {
    this.lastingFailures.set(method, error);
  }

  /** The files.completeUploadExternal calls that shared files into a thread (the report); a finding's chart is uploaded unshared. */
  threadUploads(): RecordedCall[] {
    return this.calls.filter(isThreadUpload);
  }

  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Polls the call log until `predicate` holds; fails with the log's methods after `timeoutMs`. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for Slack calls; saw: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/upload/')) {
      const bytes = await uploadedBytes(raw, String(req.headers['content-type'] ?? ''));
      this.record('upload', { fileId: url.pathname.slice('/upload/'.length), content: bytes.toString('utf8'), bytes }, { ok: true }, false);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const body = parseForm(raw.toString('utf8'));
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const refusedBy = this.rateLimited.delete(method) ? { retryAfterSeconds: 1 } : this.overLimit(method, body);
    if (refusedBy) {
      this.record(method, body, { ok: false, error: 'ratelimited' }, true);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(refusedBy.retryAfterSeconds) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const failure = this.failures.get(method) ?? this.lastingFailures.get(method);
    this.failures.delete(method);
    const response = failure ? { ok: false, error: failure } : this.answer(method, body);
    this.record(method, body, response, false);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
  }

  /** The limit a call is over (its channel's, its method's), or undefined; a call within both counts against both. */
  private overLimit(method: string, body: Record<string, any>): RateLimit | undefined {
    const now = Date.now();
    const channelLimit = method === 'chat.postMessage' || method === 'chat.update' ? this.channelLimit : undefined;
    const methodLimit = this.methodLimits.get(method);
    const applied = [
      ...(channelLimit ? [{ limit: channelLimit, bucket: refilled(this.channelBuckets, String(body.channel), channelLimit, now) }] : []),
      ...(methodLimit ? [{ limit: methodLimit, bucket: refilled(this.methodBuckets, method, methodLimit, now) }] : []),
    ];
    const over = applied.find(({ bucket }) => bucket.tokens < 1);
    if (over) return over.limit;
    for (const { bucket } of applied) bucket.tokens -= 1;
    return undefined;
  }

  private answer(method: string, body: Record<string, any>): Record<string, any> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://causa-test.slack.com/', team: 'Causa Test', user: 'causa', team_id: 'T0TEST', user_id: this.botUserId, bot_id: this.botId };
      case 'chat.postMessage': {
        // As Slack: an image block may show only a file the poster uploaded (and completed).
        if (this.unknownImageFile(body)) return { ok: false, error: 'invalid_blocks' };
        const ts = this.nextTs();
        return { ok: true, channel: body.channel, ts, message: { ts, text: body.text, bot_id: this.botId, thread_ts: body.thread_ts } };
      }
      case 'chat.update':
        if (this.unknownImageFile(body)) return { ok: false, error: 'invalid_blocks' };
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.getPermalink': {
        // Slack's form: the message's ts without its dot; a reply also names its thread.
        const posted = this.calls.find((call) => call.method === 'chat.postMessage' && call.response.ts === body.message_ts);
        const thread = posted?.body.thread_ts ? `?thread_ts=${posted.body.thread_ts}&cid=${body.channel}` : '';
        return { ok: true, channel: body.channel, permalink: `https://causa-test.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}${thread}` };
      }
      case 'conversations.replies':
      case 'conversations.history':
        return { ok: true, messages: this.threads.get(`${body.channel}:${body.ts}`) ?? this.postedInThread(body), has_more: false };
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      case 'usergroups.users.list':
        return this.groups.has(body.usergroup) ? { ok: true, users: this.groups.get(body.usergroup) } : { ok: false, error: 'no_such_subteam' };
      case 'files.getUploadURLExternal': {
        const fileId = `F${++this.fileCounter}`;
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal':
        // As Slack: the completed files with their permalink (in the workspace, by uploader, id and name).
        return {
          ok: true,
          files: (body.files ?? []).map((file: { id: string; title?: string }) => {
            const name = this.callsOf('files.getUploadURLExternal').find((call) => call.response.file_id === file.id)?.body.filename ?? 'file';
            return { id: file.id, title: file.title, permalink: `https://causa-test.slack.com/files/${this.botUserId}/${file.id}/${encodeURIComponent(name)}` };
          }),
        };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'socket_mode_not_enabled' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Every message with an image block is refused (`invalid_blocks`), as Slack does for a file it has not processed yet. */
  refuseImageBlocks = false;

  /** An image block whose slack_file id no files.completeUploadExternal made (or any image block, with `refuseImageBlocks`). */
  private unknownImageFile(body: Record<string, any>): boolean {
    let blocks: unknown = body.blocks;
    if (typeof blocks === 'string') {
      try {
        blocks = JSON.parse(blocks);
      } catch {
        return false;
      }
    }
    if (!Array.isArray(blocks)) return false;
    const completed = new Set(this.callsOf('files.completeUploadExternal').flatMap((call) => (call.response.files ?? []).map((file: { id: string }) => file.id)));
    return blocks.some((block: { type?: string; slack_file?: { id?: string } }) => block?.type === 'image' && (this.refuseImageBlocks || (block.slack_file?.id !== undefined && !completed.has(block.slack_file.id))));
  }

  private record(method: string, body: Record<string, any>, response: Record<string, any>, rateLimited: boolean): void {
    this.calls.push({ method, body, response, rateLimited, at: Date.now() });
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1715680000.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

/** A rate limit of the fake: `burst` calls, then one every `refillMs`; a call over it answers 429 with `Retry-After`. */
export interface RateLimit {
  burst: number;
  refillMs: number;
  retryAfterSeconds: number;
}

/** The bucket under `key`, refilled up to now. */
function refilled(buckets: Map<string, { tokens: number; at: number }>, key: string, limit: RateLimit, now: number): { tokens: number; at: number } {
  const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
  bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) / limit.refillMs);
  bucket.at = now;
  buckets.set(key, bucket);
  return bucket;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A files.completeUploadExternal call that shared its files into a thread (not a chart uploaded for an image block). */
export function isThreadUpload(call: RecordedCall): boolean {
  return call.method === 'files.completeUploadExternal' && call.body.thread_ts !== undefined;
}

function parseForm(text: string): Record<string, any> {
  const body: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    body[key] = JSON_FIELDS.includes(key) ? JSON.parse(value) : value;
  }
  return body;
}

/** The file's bytes from an upload POST (multipart: the Web API client sends the file as `body`). */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://127.0.0.1/upload', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  const file = form.get('body');
  return typeof file === 'string' ? Buffer.from(file, 'utf8') : file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
}
