/** What replaces a secret in messages and logs. */
export const REDACTED = '[redacted]';

/** Values shaped like well-known credentials, wherever they appear in a text. */
const TOKEN_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/app tokens
  /\bxapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI-style API keys
  /\bgh[pousr]_[A-Za-z0-9]{16,}/g, // GitHub tokens
  /\bAKIA[A-Z0-9]{16}\b/g, // AWS access key ids
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, // authorization header values
  /(?<=:\/\/[^\s:/@]*:)[^\s@/]+(?=@)/g, // passwords inside URLs
  /(?<=\b(?:rediss?|https?):\/\/)[^\s:/@]{6,}(?=@)/g, // a lone token as a URL's user name
  /(?<=:\/\/[^\s:/@]*:)(?!\d+(?:[/\s'"?#]|$))[^\s@/'"]+(?=[\s'"]|$)/g, // a password in a URL cut before its "@" (not a port)
];

/** Long mixed-case alphanumeric runs: random secrets, not words or paths. */
const OPAQUE_SECRET = /[A-Za-z0-9_+=.-]{32,}/g;

/** Keys whose values are secrets (but not `apiKeyEnv`, which names a variable). */
const SECRET_KEY = /(token|secret|password|passwd|api[-_]?key|authorization|cookie)$/i;

/** True when a config or header key names a secret value. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** True when a value looks like a credential regardless of where it appears. */
export function looksLikeToken(value: string): boolean {
  return redactSecrets(value) !== value;
}

/**
 * Replaces token-looking substrings and every `knownSecrets` value in a text. Used on every
 * error message that might quote user input.
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Very short values would redact ordinary words; they are not worth protecting this way.
    if (secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of TOKEN_PATTERNS) result = result.replace(pattern, REDACTED);
  return result.replace(OPAQUE_SECRET, (run) => (looksOpaque(run) ? REDACTED : run));
}

const mixed = (run: string): boolean => /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run);

/**
 * Whether a long run is a random secret. A dotted name (a gRPC method such as
 * `Recv.shop.v2.CheckoutService.PlaceOrder`, a Java class path) mixes case and digits across its
 * parts without any part being random; a token with dots (a JWT) has long random parts.
 */
function looksOpaque(run: string): boolean {
  if (!mixed(run)) return false;
  const parts = run.split('.');
  if (parts.length === 1) return true;
  return parts.some((part) => part.length >= 16 && mixed(part));
}

/** Every string found under a secret-named key in raw config data (for redacting messages). */
export function collectSecretValues(data: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(data)) {
    for (const item of data) collectSecretValues(item, into);
  } else if (data !== null && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' && isSecretKey(key)) into.add(value);
      // Header values often carry credentials under names no pattern can predict.
      if (key === 'headers' && value && typeof value === 'object') {
        for (const header of Object.values(value)) if (typeof header === 'string') into.add(header);
      }
      collectSecretValues(value, into);
    }
  }
  return into;
}

/**
 * A copy of a value with secrets replaced: values under secret-named keys, all header values
 * that carry credentials, passwords in URLs and token-looking strings.
 */
export function redactValue(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (isSecretKey(key)) return REDACTED;
    return redactSecrets(value);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, redactValue(inner, name)]));
  }
  return value;
}

/** Turns a text into one safe to print. */
export type Redact = (text: string) => string;

/** The password (and a lone token user name) of every URL in a text, decoded. */
function urlCredentials(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^\s/@]+)@/gi)) {
    const [user, password] = match[1].split(/:(.*)/s, 2);
    for (const part of password === undefined ? [user] : [password]) {
      found.push(part);
      try {
        found.push(decodeURIComponent(part));
      } catch {
        // Not percent-encoded: the raw value is enough.
      }
    }
  }
  return found;
}

/**
 * Every secret value known from the configuration data (as parsed or loaded) and the environment:
 * values under secret-named keys, header values, credentials inside URLs, and the variables
 * `secretVariables` names (with the credentials of URL-valued ones).
 */
export function knownSecretValues(data: unknown, env: Record<string, string | undefined> = {}, secretVariables: Iterable<string> = []): Set<string> {
  const secrets = collectSecretValues(data);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const credential of urlCredentials(value)) secrets.add(credential);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(data);
  for (const name of secretVariables) {
    const value = env[name]?.trim();
    if (value) secrets.add(value);
  }
  for (const value of Object.values(env)) if (value) for (const credential of urlCredentials(value)) secrets.add(credential);
  // A basic-auth header's credentials, decoded, are secrets too.
  for (const value of [...secrets]) {
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
    if (basic) {
      const [user, password] = Buffer.from(basic[1], 'base64').toString('utf8').split(/:(.*)/s, 2);
      if (password) secrets.add(password);
      else if (user) secrets.add(user);
      secrets.add(basic[1]);
    }
  }
  return secrets;
}

/**
 * The one redaction step every printed text goes through (logs, reports, error messages): the
 * known secret values and anything shaped like a credential are replaced by "[redacted]".
 */
export function createRedactor(knownSecrets: Iterable<string> = []): Redact {
  // Longest first, so a secret containing another is replaced whole.
  const values = new Set<string>();
  for (const secret of knownSecrets) {
    values.add(secret);
    // As it appears inside a JSON string (a log line, a JSON report).
    values.add(JSON.stringify(secret).slice(1, -1));
  }
  const secrets = [...values].filter((secret) => secret.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => redactSecrets(text, secrets);
}
