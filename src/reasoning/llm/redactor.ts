import { looksRandom, OPAQUE_SECRET, REDACTION_RULES, RESTORABLE, type RedactionCategory } from './redaction-rules';

/** Which optional rules apply, and words never to redact (the services the telemetry knows). */
export interface RedactorOptions {
  ipAddresses: boolean;
  hostnames: boolean;
  keep?: Iterable<string>;
}

const PLACEHOLDER = /\[(PRIVATE_KEY|CONNECTION_STRING|JWT|PASSWORD|API_KEY|TOKEN|EMAIL|IP|HOST)_(\d+)\]/g;

/**
 * Replaces secrets (API keys, tokens, passwords, connection strings, JWTs, private keys), emails
 * and, when configured, IP addresses and hostnames with stable placeholders (`[EMAIL_1]`): the
 * same value gets the same placeholder for the whole investigation, so the model can still tell
 * that two log lines name the same user. Every text meant for the model goes through `redact`.
 * `restore` puts emails, IPs and hostnames back into Causa's own chat output; secrets never come
 * back.
 */
export class Redactor {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, { value: string; category: RedactionCategory }>();
  private readonly counters = new Map<RedactionCategory, number>();
  private readonly keep: Set<string>;

  constructor(private readonly options: RedactorOptions) {
    this.keep = new Set([...(options.keep ?? [])].map((word) => word.toLowerCase()));
  }

  /** Words added later (services found during the investigation) are kept as they are. */
  keepWords(words: Iterable<string>): void {
    for (const word of words) this.keep.add(word.toLowerCase());
  }

  redact(text: string): string {
    let result = text;
    for (const rule of REDACTION_RULES) {
      if (rule.optional && !this.options[rule.optional]) continue;
      result = result.replace(rule.pattern, (match, ...groups: unknown[]) => {
        const value = rule.group ? (groups[rule.group - 1] as string | undefined) : match;
        if (!value || this.isPlaceholder(value) || this.keep.has(value.toLowerCase())) return match;
        return match.replace(value, this.placeholderFor(value, rule.category));
      });
    }
    return result.replace(OPAQUE_SECRET, (run) => (looksRandom(run) && !this.isPlaceholder(run) ? this.placeholderFor(run, 'TOKEN') : run));
  }

  /** Redacts every string inside a JSON-like value. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, this.redactValue(inner)])) as T;
    }
    return value;
  }

  /** Puts restorable originals (emails, IPs, hostnames) back; secret placeholders stay. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (placeholder) => {
      const original = this.byPlaceholder.get(placeholder);
      return original && RESTORABLE.has(original.category) ? original.value : placeholder;
    });
  }

  /** How many distinct values were replaced. */
  get size(): number {
    return this.byValue.size;
  }

  private isPlaceholder(value: string): boolean {
    return this.byPlaceholder.has(value) || /^\[[A-Z_]+_\d+\]$/.test(value);
  }

  private placeholderFor(value: string, category: RedactionCategory): string {
    const known = this.byValue.get(value);
    if (known) return known;
    const next = (this.counters.get(category) ?? 0) + 1;
    this.counters.set(category, next);
    const placeholder = `[${category}_${next}]`;
    this.byValue.set(value, placeholder);
    this.byPlaceholder.set(placeholder, { value, category });
    return placeholder;
  }
}
