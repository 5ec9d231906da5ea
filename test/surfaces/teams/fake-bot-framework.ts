import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';

export const APP_ID = '00000000-0000-4000-8000-00000000ca05';
export const APP_PASSWORD = 'test-client-secret-value';
export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.test';

/** One call the bot made to the Bot Connector. */
export interface ConnectorCall {
  method: string;
  conversationId: string;
  /** The activity replied to or updated, when the path names one. */
  activityId?: string;
  /** `member` for a member look-up, `create` for a new conversation (a 1:1 chat). */
  kind: 'send' | 'reply' | 'update' | 'member' | 'create';
  body: Record<string, unknown>;
  /** The id the fake gave a new activity. */
  createdId?: string;
  status: number;
}

/**
 * The Bot Framework as a bot sees it, on localhost: the channel's OpenID metadata and signing keys
 * (with `msteams` endorsements), an Entra-like login authority over HTTPS (OpenID configuration and
 * a client-credentials token endpoint that checks the client secret), and the Bot Connector that
 * receives the bot's messages (checking the bearer token it issued). Inbound activities are signed
 * with the fake channel's own RSA key, as the Bot Framework Service signs them.
 */
export class FakeBotFramework {
  readonly calls: ConnectorCall[] = [];
  readonly tokenRequests: Record<string, string>[] = [];
  /** Teams user ids that are members of each team id (for steerer look-ups). */
  readonly teamMembers = new Map<string, Set<string>>();
  /** Files put into upload sessions on the login host (a stand-in for OneDrive), by session name. */
  readonly uploads = new Map<string, { headers: Record<string, string | string[] | undefined>; content: string }>();
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = `kid-${randomUUID().slice(0, 8)}`;
  private readonly issuedTokens = new Set<string>();
  private throttles: Array<{ retryAfter: string }> = [];
  private nextId = 1;
  private channel?: http.Server;
  private login?: https.Server;
  private tmpDir?: string;
  channelUrl = '';
  loginUrl = '';
  /** The PEM of the login authority's self-signed certificate (trusted by the test process). */
  certificate = '';
  readonly issuer = 'https://api.botframework.test/fake-channel';

  async start(): Promise<void> {
    this.tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-teams-fake-'));
    const keyFile = path.join(this.tmpDir, 'key.pem');
    const certFile = path.join(this.tmpDir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    this.certificate = await fs.readFile(certFile, 'utf8');
    this.channel = http.createServer((request, response) => void this.channelRequest(request, response));
    this.login = https.createServer({ key: await fs.readFile(keyFile), cert: this.certificate }, (request, response) => void this.loginRequest(request, response));
    this.channelUrl = `http://127.0.0.1:${await listen(this.channel)}`;
    this.loginUrl = `https://127.0.0.1:${await listen(this.login)}`;
  }

  async stop(): Promise<void> {
    for (const server of [this.channel, this.login]) {
      if (!server) continue;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    if (this.tmpDir) await fs.rm(this.tmpDir, { recursive: true, force: true });
  }

  /** The `teams.endpoints` section pointing the bot at this fake. */
  endpoints(): Record<string, string> {
    return {
      openIdMetadataUrl: `${this.channelUrl}/v1/.well-known/openidconfiguration`,
      tokenIssuer: this.issuer,
      loginUrl: `${this.loginUrl}/${TENANT_ID}`,
      oauthScope: BOT_FRAMEWORK_SCOPE,
    };
  }

  /** The service URL activities carry: replies go to this fake Bot Connector. */
  get serviceUrl(): string {
    return `${this.channelUrl}/teams/`;
  }

  /** The next `count` posts to the connector answer 429 with this Retry-After. */
  throttleNext(count: number, retryAfter = '1'): void {
    for (let index = 0; index < count; index += 1) this.throttles.push({ retryAfter });
  }

  /** A channel token for `activity`, as the Bot Framework Service signs it (or with another key). */
  sign(activity: { serviceUrl?: string }, options: { key?: KeyObject; audience?: string; issuer?: string } = {}): string {
    return jwt.sign({ serviceurl: activity.serviceUrl }, options.key ?? this.key.privateKey, {
      algorithm: 'RS256',
      keyid: this.kid,
      issuer: options.issuer ?? this.issuer,
      audience: options.audience ?? APP_ID,
      expiresIn: '5m',
    });
  }

  /** Posts an activity to the bot's messaging endpoint; `authorization: null` sends none. */
  async deliver(botUrl: string, activity: Record<string, unknown>, authorization?: string | null): Promise<{ status: number; body: string }> {
    const header = authorization === undefined ? `Bearer ${this.sign(activity as { serviceUrl?: string })}` : authorization;
    const response = await fetch(botUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: response.status, body: await response.text() };
  }

  /** Calls of one kind (sends and replies together as `posted`). */
  posted(): ConnectorCall[] {
    return this.calls.filter((call) => (call.kind === 'send' || call.kind === 'reply') && call.status < 300);
  }

  private async channelRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.channelUrl);
    const body = await readJson(request);
    if (url.pathname === '/v1/.well-known/openidconfiguration') {
      return json(response, 200, { issuer: this.issuer, jwks_uri: `${this.channelUrl}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (url.pathname === '/v1/.well-known/keys') {
      const jwk = this.key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
      return json(response, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    }
    if (url.pathname === '/teams/v3/conversations' && request.method === 'POST') {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.issuedTokens.has(token)) return json(response, 401, { error: { code: 'Unauthorized', message: 'unknown bearer token' } });
      const members = (body.members ?? []) as Array<{ id?: string }>;
      const conversationId = `a:1on1-${members.map((member) => member.id).join(',')}`;
      this.calls.push({ method: 'POST', conversationId, kind: 'create', body, status: 201 });
      return json(response, 201, { id: conversationId });
    }
    const match = /^\/teams\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?$/.exec(url.pathname);
    if (!match) return json(response, 404, { error: { code: 'NotFound', message: url.pathname } });
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.issuedTokens.has(token)) return json(response, 401, { error: { code: 'Unauthorized', message: 'unknown bearer token' } });
    const conversationId = decodeURIComponent(match[1]);
    const target = match[3] ? decodeURIComponent(match[3]) : undefined;
    if (match[2] === 'members') {
      const members = this.teamMembers.get(conversationId);
      const found = target !== undefined && members?.has(target);
      this.calls.push({ method: request.method ?? 'GET', conversationId, activityId: target, kind: 'member', body, status: found ? 200 : 404 });
      return found ? json(response, 200, { id: target, name: 'Member', aadObjectId: `aad-${target}` }) : json(response, 404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } });
    }
    const kind = request.method === 'PUT' ? 'update' : target ? 'reply' : 'send';
    const throttle = this.throttles.shift();
    if (throttle) {
      this.calls.push({ method: request.method ?? 'POST', conversationId, activityId: target, kind, body, status: 429 });
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': throttle.retryAfter });
      return void response.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'throttled' } }));
    }
    const createdId = kind === 'update' ? target : `${1_700_000_000_000 + this.nextId++}`;
    this.calls.push({ method: request.method ?? 'POST', conversationId, activityId: target, kind, body, createdId, status: 200 });
    return json(response, 200, { id: createdId });
  }

  /** An upload session URL, as Teams puts it in a file consent's `uploadInfo` (HTTPS, pre-authorized). */
  uploadUrl(session: string): string {
    return `${this.loginUrl}/upload/${encodeURIComponent(session)}`;
  }

  private async loginRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.loginUrl);
    const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
    if (upload && request.method === 'PUT') {
      this.uploads.set(decodeURIComponent(upload[1]), { headers: request.headers, content: await readText(request) });
      return json(response, 201, { id: upload[1] });
    }
    const base = `${this.loginUrl}/${TENANT_ID}`;
    if (url.pathname === `/${TENANT_ID}/v2.0/.well-known/openid-configuration`) {
      return json(response, 200, {
        issuer: `${base}/v2.0`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (url.pathname === `/${TENANT_ID}/oauth2/v2.0/token` && request.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await readText(request)));
      this.tokenRequests.push(form);
      if (form.grant_type !== 'client_credentials' || form.client_id !== APP_ID || form.client_secret !== APP_PASSWORD || form.scope !== `${BOT_FRAMEWORK_SCOPE}/.default`) {
        return json(response, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      const token = `bot-token-${randomUUID()}`;
      this.issuedTokens.add(token);
      return json(response, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    return json(response, 404, { error: 'not_found' });
  }
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(request);
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
