import { z } from 'zod';
import { unescapeSlackEntities } from './slack-mrkdwn';

/** What a link an alert carries is for. */
export const AlertLinkKindSchema = z.enum(['runbook', 'dashboard', 'silence', 'source', 'incident']);
export type AlertLinkKind = z.infer<typeof AlertLinkKindSchema>;

/** A link the alert itself carried, in a field or a labelled link that says what it is. */
export const AlertLinkSchema = z.object({
  kind: AlertLinkKindSchema,
  /** An http(s) URL without credentials, as the alert gave it. */
  url: z.string().url(),
});
export type AlertLink = z.infer<typeof AlertLinkSchema>;

/** The order links are shown in, and the words they are shown with (never the alert's own label). */
export const ALERT_LINK_WORDS: Record<AlertLinkKind, string> = {
  runbook: 'Runbook',
  dashboard: 'Dashboard',
  silence: 'Silence',
  source: 'Alert source',
  incident: 'Incident',
};

/** Field names (annotations, JSON keys, `Name: url` lines) per kind. */
const FIELD_KINDS: Array<[RegExp, AlertLinkKind]> = [
  [/^(runbook|runbook[_ ]?url|playbook|playbook[_ ]?url)$/i, 'runbook'],
  [/^(dashboard|dashboard[_ ]?url|panel|panel[_ ]?url|grafana[_ ]?url)$/i, 'dashboard'],
  [/^(silence|silence[_ ]?url)$/i, 'silence'],
  [/^(source|source[_ ]?url|generator[_ ]?url|alert[_ ]?url|monitor[_ ]?url|rule[_ ]?url)$/i, 'source'],
  [/^(incident|incident[_ ]?url|html[_ ]?url)$/i, 'incident'],
];

/** Words of a link's label (`:notebook: Runbook`, `Related Dashboard`, `View Incident`) per kind. */
const LABEL_KINDS: Array<[RegExp, AlertLinkKind]> = [
  [/\b(runbook|playbook)\b/i, 'runbook'],
  [/\bsilence\b/i, 'silence'],
  [/\b(dashboard|panel|graph)\b/i, 'dashboard'],
  [/\bincident\b/i, 'incident'],
  [/\b(alertmanager|source|monitor status|view (alert|monitor|rule|issue|alarm)|alert rule)\b/i, 'source'],
];

const SLACK_LINK = /<(https?:\/\/[^<>\s|]+)\|([^<>]{1,200})>/gi;
const MARKDOWN_LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^()\s]+)\)/gi;
const JSON_FIELD = /"([A-Za-z][\w]{0,30})"\s*:\s*"(https?:\/\/[^"\s]+)"/g;
const FIELD = /^[\s>*_•-]*"?([A-Za-z][\w ]{0,30}?)"?\*?\s*(?::|=)\s*\*?\s*"?<?(https?:\/\/[^\s<>"|]+)(?:\|[^>]*)?>?"?,?\s*$/;

/**
 * The runbook, dashboard, silence, source and incident links an alert message carries: in fields
 * named for them (Alertmanager's `runbook_url`, `generatorURL`, `silenceURL`; Grafana's `Source:`,
 * `Silence:`, `Dashboard:`; PagerDuty's `html_url`) or links labelled as such (`<url|Runbook>`,
 * `[Related Dashboard](url)`). A URL in free text is never taken; only http(s) URLs without
 * credentials are kept; the first of each kind wins.
 */
export function alertLinks(text: string): AlertLink[] {
  const found = new Map<AlertLinkKind, string>();
  const add = (kind: AlertLinkKind | undefined, raw: string): void => {
    const url = kind && !found.has(kind) ? safeUrl(unescapeSlackEntities(raw)) : undefined;
    if (kind && url) found.set(kind, url);
  };
  for (const line of text.split(/\r?\n/)) {
    const field = FIELD.exec(line);
    if (field) add(fieldKind(field[1].trim()), field[2]);
  }
  for (const [, name, url] of text.matchAll(JSON_FIELD)) add(fieldKind(name), url.replace(/\\\//g, '/'));
  for (const [, url, label] of text.matchAll(SLACK_LINK)) add(labelKind(label), url);
  for (const [, label, url] of text.matchAll(MARKDOWN_LINK)) add(labelKind(label), url);
  return AlertLinkKindSchema.options.flatMap((kind) => (found.has(kind) ? [{ kind, url: found.get(kind)! }] : []));
}

function fieldKind(name: string): AlertLinkKind | undefined {
  return FIELD_KINDS.find(([pattern]) => pattern.test(name))?.[1];
}

function labelKind(label: string): AlertLinkKind | undefined {
  return LABEL_KINDS.find(([pattern]) => pattern.test(label))?.[1];
}

/** The URL when it is an http(s) URL without credentials and of a sane length. */
function safeUrl(raw: string): string | undefined {
  if (raw.length > 2000) return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
