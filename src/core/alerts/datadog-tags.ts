/**
 * Datadog tag lists (`service:web-store, env:prod` or `service:x,env:y`). Returns null unless
 * every token is a `key:value` tag, so ordinary sentences with a colon are not mistaken for tags.
 */
export function parseDatadogTags(text: string): Record<string, string> | null {
  const tokens = text
    .trim()
    .replace(/^\{|\}$/g, '')
    .split(/[,\s]+/)
    .filter((token) => token !== '');
  if (tokens.length === 0) return null;
  const tags: Record<string, string> = {};
  for (const token of tokens) {
    const match = /^([A-Za-z][\w.\-/]*):([^\s,:/][^\s,]*)$/.exec(token);
    if (!match || /^(https?|ftp|mailto)$/i.test(match[1])) return null;
    tags[match[1]] = match[2];
  }
  return tags;
}
