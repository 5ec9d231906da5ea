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
  return result.replace(OPAQUE_SECRET, (run) =>
    /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run) ? REDACTED : run,
  );
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
