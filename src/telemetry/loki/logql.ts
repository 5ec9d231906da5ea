/** LogQL text builders; every value that comes from a query or a label is quoted, never spliced. */

/** A LogQL string literal (Go-style double-quoted with escapes). */
export function logqlString(value: string): string {
  return JSON.stringify(value);
}

/** `{service_name="checkout", namespace="prod"}`, or `{service_name=~".+", …}` for every service. */
export function streamSelector(serviceLabel: string, service: string | undefined, extra: Record<string, string>): string {
  const matchers = [service === undefined ? `${serviceLabel}=~".+"` : `${serviceLabel}=${logqlString(service)}`];
  for (const [label, value] of Object.entries(extra)) matchers.push(`${label}=${logqlString(value)}`);
  return `{${matchers.join(', ')}}`;
}

/** RE2 source matching `text` literally. */
function literalRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The LogQL of a log query: the stream selector, a case-insensitive line filter for `text` and
 * `regex` (RE2 accepts the JavaScript subset the investigation writes), and the parser stage when
 * the source's lines are known to be JSON or logfmt.
 */
export function logQuery(selector: string, filters: { text?: string; regex?: string }, format: 'auto' | 'json' | 'logfmt' | 'raw'): string {
  const parts = [selector];
  if (filters.text !== undefined) parts.push(`|~ ${logqlString(`(?i)${literalRegex(filters.text)}`)}`);
  if (filters.regex !== undefined) parts.push(`|~ ${logqlString(`(?i)${filters.regex}`)}`);
  if (format === 'json' || format === 'logfmt') parts.push(`| ${format}`);
  return parts.join(' ');
}
