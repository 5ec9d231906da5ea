/** Small helpers that write GitHub-flavoured Markdown safely, whatever text they are given. */

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/**
 * Makes text safe inside a table cell: `|` would end the cell and a newline the row. GFM splits
 * cells before parsing code spans, so `\|` is right inside backticks too and renders as `|`.
 */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code that survives backticks in the text (the fence is longer than any run inside). */
export function codeSpan(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block holding the text byte for byte. */
export function fencedBlock(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** A table; every cell is escaped. Cells already holding Markdown (code spans) are escaped too. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** Bulleted list, or a plain "None." line so an empty section is visibly empty. */
export function bulletList(items: readonly string[], empty = 'None.'): string {
  return items.length === 0 ? empty : items.map((item) => `- ${item.replace(/\r?\n/g, ' ')}`).join('\n');
}

/**
 * A Markdown link to an http(s) URL, or the plain label when the URL is anything else. The label's
 * brackets are escaped and the URL is written between angle brackets, percent-encoding the few
 * characters that could end it, so neither can break out of the link.
 */
export function markdownLink(label: string, url: string): string {
  const text = label.replace(/[\\[\]]/g, '\\$&').replace(/\r?\n/g, ' ');
  if (!/^https?:\/\//i.test(url)) return text;
  const target = url.replace(/[<>\s]/g, (c) => encodeURIComponent(c));
  return `[${text}](<${target}>)`;
}
