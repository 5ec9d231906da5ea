'use strict';
/**
 * A local HTTP server speaking the OpenAI chat-completions protocol, for tests and benchmarks:
 * `POST …/chat/completions` (the OpenAI path `/v1/chat/completions`, any OpenAI-compatible base
 * URL, and Azure's `/openai/deployments/{deployment}/chat/completions?api-version=…` with an
 * `api-key` header). Each request is answered by a responder function — scripted per test — with
 * content, JSON for a `json_schema` response format, tool calls, a refusal, an HTTP error (with
 * Retry-After), a delay, or a dropped connection. Usage is computed from what the server actually
 * received (a tokenizer-like count of the messages, tools and response format) and what it sends.
 * Plain JavaScript so `npm run bench` can start it without compiling.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');

/** About one token per four characters of a word, one per punctuation mark (like BPE tokenizers on English and JSON). */
function countTokens(text) {
  let count = 0;
  for (const match of String(text).matchAll(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g)) count += match[0].length > 1 ? Math.ceil(match[0].length / 4) : 1;
  return count;
}

/** Prompt tokens of a request: every message (role, content, tool calls, tool results), the tools and the response format. */
function promptTokens(body) {
  let total = 3;
  for (const message of body.messages ?? []) {
    total += 4 + countTokens(message.role ?? '');
    const content = message.content;
    if (typeof content === 'string') total += countTokens(content);
    else if (Array.isArray(content)) for (const part of content) total += countTokens(part.text ?? '');
    for (const call of message.tool_calls ?? []) total += countTokens(call.function?.name ?? '') + countTokens(call.function?.arguments ?? '');
    if (message.tool_call_id) total += countTokens(message.tool_call_id);
  }
  if (body.tools) total += countTokens(JSON.stringify(body.tools));
  if (body.response_format) total += countTokens(JSON.stringify(body.response_format));
  return total;
}

/** The text of every message of a role, joined. */
function textOf(body, role) {
  return (body.messages ?? [])
    .filter((m) => m.role === role)
    .map((m) => (typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => p.text ?? '').join('') : ''))
    .join('\n');
}

/** The `<data label="…">` blocks of a text, parsed (their content is JSON). */
function dataBlocks(text) {
  const blocks = {};
  for (const match of String(text).matchAll(/<data label="([a-z0-9-]+)">\n([\s\S]*?)\n<\/data>/g)) {
    try {
      blocks[match[1]] = JSON.parse(match[2]);
    } catch {
      blocks[match[1]] = match[2];
    }
  }
  return blocks;
}

/** What a responder sees of one request. */
function describe(body, path, headers, index) {
  const format = body.response_format;
  return {
    index,
    path,
    headers,
    body,
    model: body.model,
    schemaName: format?.type === 'json_schema' ? format.json_schema?.name : undefined,
    schema: format?.type === 'json_schema' ? format.json_schema?.schema : undefined,
    toolNames: (body.tools ?? []).map((t) => t.function?.name),
    system: textOf(body, 'system'),
    user: textOf(body, 'user'),
    all: JSON.stringify(body),
    data: dataBlocks(textOf(body, 'user') + '\n' + textOf(body, 'tool')),
  };
}

class OpenAiCompatibleServer {
  /** @param {(request: object) => object | Promise<object>} responder */
  constructor(responder) {
    this.responder = responder;
    this.requests = [];
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.sockets = new Set();
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    return this;
  }

  /** The OpenAI-style base URL (`…/v1`). */
  get url() {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** The Azure-style endpoint (`https://<resource>.openai.azure.com` stand-in). */
  get azureEndpoint() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Tokens the server reported in usage, summed over every answered request. */
  get usage() {
    return this.requests.reduce((sum, r) => ({ prompt: sum.prompt + (r.usage?.prompt_tokens ?? 0), completion: sum.completion + (r.usage?.completion_tokens ?? 0) }), { prompt: 0, completion: 0 });
  }

  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  async handle(req, res) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://localhost');
    if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) return this.send(res, 404, { error: { message: `Unknown request URL: ${req.method} ${url.pathname}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return this.send(res, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } });
    }
    const record = { path: url.pathname + url.search, headers: req.headers, body, raw };
    this.requests.push(record);
    let reply;
    try {
      reply = await this.responder(describe(body, record.path, req.headers, this.requests.length - 1));
    } catch (error) {
      reply = { status: 500, error: { message: `fake responder failed: ${error.message}`, type: 'server_error' } };
    }
    await this.answer(res, body, reply, record);
  }

  async answer(res, body, reply, record) {
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.hang) return; // the client times out
    if (reply.drop) return res.socket?.destroy();
    if (reply.status && reply.status >= 400) {
      return this.send(res, reply.status, { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null, ...reply.error } }, reply.headers);
    }
    const message = { role: 'assistant', content: null, refusal: null };
    let finish = reply.finishReason ?? 'stop';
    if (reply.refusal) message.refusal = reply.refusal;
    else if (reply.toolCalls) {
      message.tool_calls = reply.toolCalls.map((call) => ({ id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`, type: 'function', function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) } }));
      finish = reply.finishReason ?? 'tool_calls';
    } else message.content = reply.json !== undefined ? JSON.stringify(reply.json) : String(reply.content ?? '');
    const completionText = message.refusal ?? message.content ?? (message.tool_calls ?? []).map((c) => c.function.name + c.function.arguments).join('');
    const usage = { prompt_tokens: promptTokens(body), completion_tokens: countTokens(completionText) };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    record.usage = usage;
    this.send(res, 200, {
      id: `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 29)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? 'fake-model',
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage,
      system_fingerprint: 'fp_causa_fake',
    });
  }

  send(res, status, payload, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomUUID().slice(0, 8)}`, ...headers });
    res.end(JSON.stringify(payload));
  }
}

module.exports = { OpenAiCompatibleServer, countTokens, promptTokens, dataBlocks };
