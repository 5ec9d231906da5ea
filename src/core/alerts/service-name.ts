/**
 * Finding a service name in free text ("High error rate on checkout-api"). Deliberately
 * narrow: a wrong service sends an investigation the wrong way, a missing one only widens it.
 */

const STOP_WORDS = new Set([
  'the', 'a', 'an', 'all', 'any', 'some', 'this', 'that', 'these', 'host', 'hosts', 'node', 'nodes', 'pod', 'pods',
  'prod', 'production', 'staging', 'dev', 'call', 'namespace', 'cluster', 'env', 'environment', 'last', 'multiple',
  'several', 'service', 'services', 'instance', 'instances', 'average', 'avg', 'request', 'requests', 'it', 'you', 'me',
  'us', 'them', 'now', 'today', 'yesterday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'weekend',
]);

// Hyphenated words of ordinary English that look like service names.
const ENGLISH_COMPOUNDS = new Set([
  'on-call', 'follow-up', 'e-mail', 'sign-in', 'log-in', 'check-in', 're-run', 'set-up', 'real-time', 'built-in',
  'opt-in', 'add-on', 'off-topic', 'out-of-memory', 'up-to-date', 'long-running', 'read-only', 'multi-signal',
  'self-hosted', 'non-zero', 'high-priority', 'low-priority', 'well-known', 'so-called', 'time-out', 'p-value',
]);

/** True for tokens shaped like a deployable name: `checkout-api`, `orders_consumer`, `api.v2`. */
export function looksLikeServiceName(token: string): boolean {
  if (ENGLISH_COMPOUNDS.has(token.toLowerCase())) return false;
  return /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+$/.test(token) && !/^\d/.test(token) && token.length <= 63;
}

/**
 * A service named in a title or sentence: `service: x`, `service=x`, `service:x`, "on x",
 * "for x" (x not a stop word), "x is down/unavailable", or a name ending in ` - x`.
 */
export function serviceFromText(text: string): string | undefined {
  const field = /\b(?:service|svc|app)\s*[:=]\s*["']?([A-Za-z][\w.-]*[A-Za-z0-9])/i.exec(text);
  if (field && !STOP_WORDS.has(field[1].toLowerCase())) return field[1];
  // `High latency (orders-api)`: one service-shaped name alone in parentheses.
  const parenthesized = /\(\s*([A-Za-z][\w.-]*[A-Za-z0-9])\s*\)/.exec(text);
  if (parenthesized && looksLikeServiceName(parenthesized[1])) return parenthesized[1];
  const named = /\b(?:service|svc)\s+["']?([A-Za-z][\w.-]*[A-Za-z0-9])/i.exec(text);
  if (named && looksLikeServiceName(named[1])) return named[1];
  for (const match of text.matchAll(/\b(on|for)\s+([A-Za-z][\w.-]*[A-Za-z0-9])\b(?![:{(])/gi)) {
    const token = match[2];
    if (STOP_WORDS.has(token.toLowerCase()) || ENGLISH_COMPOUNDS.has(token.toLowerCase())) continue;
    if (looksLikeServiceName(token) || /[a-z][A-Z]/.test(token)) return token;
    // A plain lowercase word only after "on" ("High latency on checkout"); "for users" is not a service.
    if (match[1].toLowerCase() === 'on' && /^[a-z][a-z0-9]{2,}$/.test(token)) return token;
  }
  const subject = subjectBeforeStatus(text);
  if (subject && looksLikeServiceName(subject[1])) return subject[1];
  // A rule named `<what> - <service>`: the scope set off at the end of the name.
  const scoped = /\S\s+[-–—]\s+([A-Za-z][\w.-]*[A-Za-z0-9])\s*$/.exec(text);
  if (scoped && looksLikeServiceName(scoped[1])) return scoped[1];
  return undefined;
}

/** The longest a name can be (a DNS name); also bounds how far back a name is looked for. */
const MAX_NAME_LENGTH = 253;

/**
 * `x is down` / `x went unreachable`: the name before the first such phrase. The phrase is found
 * first and the name looked for just before it, so a long run of name characters (`a.a.a.…`) is
 * read once, not once per start position (a quadratic scan).
 */
function subjectBeforeStatus(text: string): RegExpExecArray | null {
  const status = /\s(?:is|are|went)\s+(?:down|unavailable|unhealthy|unreachable)\b/i.exec(text);
  if (!status) return null;
  const before = text.slice(0, status.index).trimEnd().slice(-MAX_NAME_LENGTH);
  return /\b([A-Za-z][\w.-]*[A-Za-z0-9])$/.exec(before);
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LATIN_NAME = /(?<![\w.-])([A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+)(?![\w.-])/g;

/**
 * A service named in Chinese, Japanese or Korean prose (`请检查 mysql-order 实例`): there, a Latin
 * token shaped like a deployable name is an identifier, never a word of the sentence. Only when
 * the text is mostly CJK and names exactly one such token.
 */
export function serviceFromCjkText(text: string): string | undefined {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  if (cjk === 0 || cjk < latin) return undefined;
  const names = new Set([...text.matchAll(LATIN_NAME)].map((match) => match[1]).filter(looksLikeServiceName));
  return names.size === 1 ? [...names][0] : undefined;
}
