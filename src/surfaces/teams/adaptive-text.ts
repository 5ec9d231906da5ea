/**
 * Untrusted text (alert titles, hypotheses quoting telemetry, chat replies) made inert for an
 * Adaptive Card TextBlock: its Markdown subset cannot turn it into emphasis, a list, a heading or
 * a link, Teams cannot auto-link a URL or an address in it, and no `<at>` tag can ping anyone.
 */
export function inertText(text: string): string {
  return (
    text
      // Markdown: emphasis, links, lists, headings, code, quotes.
      .replace(/([\\`*_[\]()#+\-!~>|{}])/g, '\\$1')
      // Tags (`<at>`, HTML) never reach the client as tags.
      .replace(/</g, '‹')
      .replace(/>/g, '›')
      // Auto-links: a word joiner breaks the scheme separator, "www." and "@" of addresses.
      .replace(/:\/\//g, ':\u2060//')
      .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}\u2060.`)
      .replace(/@/g, '@\u2060')
  );
}

/** A TextBlock (wrapped) holding inert text plus trusted Markdown around it. */
export function textBlock(text: string, options: { weight?: 'Bolder'; size?: 'Medium' | 'Large' | 'Small'; isSubtle?: boolean; color?: string; spacing?: string } = {}): Record<string, unknown> {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

/** Adaptive Cards have no hard limit, but Teams rejects messages over about 28 KB; long texts are cut with a note. */
export function clip(text: string, max = 2000): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** 0.973 → "97%". */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
