import type { CausaConfig } from './config-schema';

/** A URL without its user-info, and the basic-auth header value that user-info stood for. */
export interface SplitUrl {
  url: string;
  /** `Basic base64(user:password)`; absent when the URL carried no credentials. */
  authorization?: string;
}

/**
 * Takes `user:password@` out of a URL. The credentials become a basic-auth header value, so the
 * URL itself can be printed (in reports, links, logs) without them. Unparseable text is returned
 * as it is (the schema reports it).
 */
export function splitUrlCredentials(text: string): SplitUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { url: text };
  }
  if (url.username === '' && url.password === '') return { url: text };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** The headers with `authorization` added, unless one (in any letter case) is already set. */
function withAuthorization(headers: Record<string, string> | undefined, authorization: string | undefined): Record<string, string> | undefined {
  if (!authorization) return headers;
  if (headers && Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return headers;
  return { ...headers, authorization };
}

/** A link for people: credentials never belong in it, and it carries none. */
function withoutCredentials(url: string): string;
function withoutCredentials(url: string | undefined): string | undefined;
function withoutCredentials(url: string | undefined): string | undefined {
  return url === undefined ? undefined : splitUrlCredentials(url).url;
}

/**
 * The configuration with credentials moved out of every URL: a source's `user:password@` becomes
 * its basic-auth `authorization` header (an explicit header wins), the LLM base URL's becomes the
 * model client's header, and links meant for people (Grafana, Jaeger UI) simply lose them. The
 * Redis URL keeps its credentials: the Redis client reads them from it for AUTH.
 */
export function moveUrlCredentials(config: CausaConfig): CausaConfig {
  const sources = config.telemetry.sources.map((source) => {
    if (source.type !== 'prometheus' && source.type !== 'loki' && source.type !== 'tempo' && source.type !== 'jaeger') return source;
    const split = splitUrlCredentials(source.url);
    const moved = { ...source, url: split.url, headers: withAuthorization(source.headers, split.authorization) };
    if (moved.headers === undefined) delete moved.headers;
    if ('grafana' in moved && moved.grafana) moved.grafana = { ...moved.grafana, url: withoutCredentials(moved.grafana.url) };
    if (moved.type === 'jaeger' && moved.uiUrl) moved.uiUrl = withoutCredentials(moved.uiUrl);
    return moved;
  });
  let reasoner = config.reasoner;
  if (reasoner.type === 'llm' && reasoner.baseUrl) {
    const split = splitUrlCredentials(reasoner.baseUrl);
    reasoner = { ...reasoner, baseUrl: split.url, ...(split.authorization ? { headers: withAuthorization(reasoner.headers, split.authorization) } : {}) };
  }
  return { ...config, telemetry: { ...config.telemetry, sources }, reasoner };
}
