/**
 * Slack mrkdwn to plain text. Alerting tools post mrkdwn (`*bold*`, `` `code` ``, `<url|label>`
 * links, HTML-escaped `&`, `<`, `>`); the recognizers parse the plain form so that one template
 * with and without formatting reads the same.
 */

// Only real links and Slack references: a bare "< 99.9" inside a query must survive.
const SLACK_REFERENCE = /<((?:https?|mailto|ftp|slack):[^<>\s|]*|[@#!][^<>\s|]*)(?:\|([^<>]*))?>/g;

/** Turns `&lt;`, `&gt;` and `&amp;` back into the characters they stand for. */
export function unescapeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Replaces Slack references by their visible text: `<url|label>` → `label`, `<url>` → `url`,
 * `<@U123>` → `@U123`, `<#C1|ops>` → `#ops`, `<!here>` → `@here`.
 */
export function replaceSlackLinks(text: string): string {
  return text.replace(SLACK_REFERENCE, (_match, target: string, label: string | undefined) => {
    if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
    if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : target;
    if (target.startsWith('!')) return label ? label : `@${target.slice(1).split('^')[0]}`;
    return label ?? target;
  });
}

/** Removes emphasis markers (`**x**`, `*x*`, `_x_`, `~x~`) and code fences/spans, keeping the words. */
export function stripEmphasis(text: string): string {
  return text
    .replace(/```/g, '')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/\*(\S(?:[^*\n]*\S)?)\*/g, '$1')
    .replace(/(^|[\s(])_(\S(?:[^_\n]*\S)?)_(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/(^|[\s(])~(\S(?:[^~\n]*\S)?)~(?=$|[\s).,:;!?])/gm, '$1$2');
}

/** The plain text of a mrkdwn message: links replaced, entities unescaped, emphasis removed. */
export function mrkdwnToPlainText(text: string): string {
  return stripEmphasis(unescapeSlackEntities(replaceSlackLinks(text)));
}

/** Removes leading emoji shortcodes (`:rotating_light:`) and pictographs from a line. */
export function stripLeadingEmoji(line: string): string {
  return line.replace(/^(?:\s*(?::[a-z0-9_+-]+:|\p{Extended_Pictographic}\uFE0F?))+\s*/u, '');
}

/** Removes emoji shortcodes and pictographs at either end of a text (`:fire: Name :warning:` → `Name`). */
export function stripEmoji(text: string): string {
  return stripLeadingEmoji(text).replace(/(?:\s*(?::[a-z0-9_+-]+:|\p{Extended_Pictographic}\uFE0F?))+\s*$/u, '').trim();
}
