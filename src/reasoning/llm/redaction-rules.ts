/** What a redaction rule replaces; secrets are never restored. */
export type RedactionCategory = 'PRIVATE_KEY' | 'CONNECTION_STRING' | 'JWT' | 'PASSWORD' | 'API_KEY' | 'TOKEN' | 'EMAIL' | 'IP' | 'HOST';

export interface RedactionRule {
  category: RedactionCategory;
  pattern: RegExp;
  /** The capture group holding the value to replace (the whole match when absent). */
  group?: number;
  /** Optional rules run only when the configuration asks for them. */
  optional?: 'ipAddresses' | 'hostnames';
}

/** Categories whose originals may appear again in Causa's own chat output. */
export const RESTORABLE: ReadonlySet<RedactionCategory> = new Set(['EMAIL', 'IP', 'HOST']);

const TLDS = 'com|net|org|io|dev|app|cloud|ai|co|uk|de|fr|nl|eu|us|internal|local|localdomain|lan|corp|intra|svc|cluster';

/**
 * In the order they apply: whole structures first (a private key block, a URL with credentials),
 * then credentials by shape, then personal data. Every pattern is linear (no nested quantifiers).
 */
export const REDACTION_RULES: readonly RedactionRule[] = [
  { category: 'PRIVATE_KEY', pattern: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]{0,20000}?-----END [A-Z ]{0,40}PRIVATE KEY-----/g },
  { category: 'CONNECTION_STRING', pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]{1,200}:[^\s@/]{1,200}@[^\s"'<>]{1,500}/gi },
  { category: 'CONNECTION_STRING', pattern: /\b(?:Server|Data Source|Host|Endpoint)=[^;\n]{1,200};[^\n]{0,500}?(?:Password|Pwd|SharedAccessKey|AccountKey)=[^;\n]{1,500};?/gi },
  { category: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{5,2000}\.[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{5,2000}/g },
  { category: 'PASSWORD', pattern: /\b(?:password|passwd|pwd|passphrase|client_secret|secret)["']?\s{0,3}[=:]\s{0,3}("[^"\n]{1,200}"|'[^'\n]{1,200}'|[^\s,;&"']{1,200})/gi, group: 1 },
  { category: 'API_KEY', pattern: /\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,300}|AKIA[A-Z0-9]{16}|AIza[A-Za-z0-9_-]{35}|gh[pousr]_[A-Za-z0-9]{20,255}|glpat-[A-Za-z0-9_-]{20,100}|xox[abposr]-[A-Za-z0-9-]{10,300}|xapp-[A-Za-z0-9-]{10,300})/g },
  { category: 'API_KEY', pattern: /\b(?:api[_-]?key|apikey|access[_-]?key|x-api-key)["']?\s{0,3}[=:]\s{0,3}["']?([A-Za-z0-9_\-./+=]{8,300})/gi, group: 1 },
  { category: 'TOKEN', pattern: /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,4000})/g, group: 1 },
  { category: 'TOKEN', pattern: /\b(?:token|access_token|refresh_token|auth|session(?:id)?)["']?\s{0,3}[=:]\s{0,3}["']?([A-Za-z0-9_\-./+=]{12,4000})/gi, group: 1 },
  { category: 'EMAIL', pattern: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g },
  { category: 'IP', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b/g, optional: 'ipAddresses' },
  { category: 'IP', pattern: /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:?){0,6}[0-9a-f]{0,4}(?![:\w])/gi, optional: 'ipAddresses' },
  { category: 'HOST', pattern: new RegExp(`\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.){1,10}(?:${TLDS})\\b`, 'g'), optional: 'hostnames' },
];

/** Long random-looking runs (mixed case and digits): secrets no pattern names. */
export const OPAQUE_SECRET = /[A-Za-z0-9_+/=-]{32,4000}/g;

export function looksRandom(run: string): boolean {
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run);
}
