import type { RecordedCall } from './fake-slack-api';

/**
 * Untrusted text planted in alerts, commands, mentions and log lines: every broadcast, mention and
 * disguised-link form Slack knows, and an escaped broadcast that must stay escaped.
 */
export const HOSTILE_MARKUP = '<!channel> <!here> <!everyone> <@U123> <!subteam^S1> <https://evil.example/login|click here> &lt;!here&gt;';

/**
 * Causa's own mentions a message may carry: people it got from Slack's envelopes, its channels;
 * and `links`, exact `<url|Label>` tokens (the alert's own runbook, dashboard… links, labelled in
 * Causa's words).
 */
export interface AllowedMarkup {
  users: readonly string[];
  channels?: readonly string[];
  links?: readonly string[];
  /** Permalinks Slack itself answered (`chat.getPermalink`, an upload's files): a `<permalink|label>` to one is Causa's own link. */
  permalinks?: readonly string[];
}

/** Every string of a value (nested objects and arrays included). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/**
 * The control sequences (`<…>`) in a Slack text that are not allowed: after escaping, a `<` may
 * only open one of Causa's own mentions (`<@U…>` of an allowed user, `<#C…>` of an allowed channel)
 * or an allowed link.
 */
export function foreignMarkup(text: string, allowed: AllowedMarkup): string[] {
  const tokens = new Set([...allowed.users.map((id) => `<@${id}>`), ...(allowed.channels ?? []).map((id) => `<#${id}>`), ...(allowed.links ?? [])]);
  const found: string[] = [];
  for (let index = text.indexOf('<'); index !== -1; index = text.indexOf('<', index + 1)) {
    const close = text.indexOf('>', index);
    const token = close === -1 ? text.slice(index, index + 40) : text.slice(index, close + 1);
    const link = /^<([^|<>]+)\|[^<>]*>$/.exec(token);
    // Slack text escapes `&` inside a link's URL too.
    const ownPermalink = link !== null && (allowed.permalinks ?? []).some((url) => link[1] === url || link[1] === url.replaceAll('&', '&amp;'));
    if (!tokens.has(token) && !ownPermalink) found.push(token.slice(0, 80));
  }
  return found;
}

/**
 * Every live mention, broadcast or link in what Causa sent to Slack (message text, blocks,
 * attachments, every other field), call by call. Uploaded file contents are not Slack markup; a
 * link to a permalink Slack answered in the same calls is Causa's own.
 */
export function foreignMarkupInCalls(calls: readonly RecordedCall[], allowed: AllowedMarkup): string[] {
  const answered = [
    ...calls.filter((call) => call.method === 'chat.getPermalink').map((call) => String(call.response?.permalink ?? '')),
    ...calls.filter((call) => call.method === 'files.completeUploadExternal').flatMap((call) => (call.response?.files ?? []).map((file: { permalink?: string }) => String(file.permalink ?? ''))),
  ];
  allowed = { ...allowed, permalinks: [...(allowed.permalinks ?? []), ...answered.filter(Boolean)] };
  return calls
    .filter((call) => call.method !== 'upload')
    .flatMap((call) => stringsOf(call.body).flatMap((text) => foreignMarkup(text, allowed).map((token) => `${call.method}: ${token}`)));
}

/** Whether any call's text or blocks contains `needle`. */
export function someCallContains(calls: readonly RecordedCall[], needle: string): boolean {
  return calls.some((call) => call.method !== 'upload' && stringsOf(call.body).some((text) => text.includes(needle)));
}
