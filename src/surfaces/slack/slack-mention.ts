import { slackSafeText, slackUserMention } from './slack-safe-text';

/**
 * Escaped text in which the given user ids (from Slack's envelopes, written bare by Causa itself,
 * e.g. "H2 vetoed by U0ONCALL1") become real mentions. Nothing else in the text can ping anyone.
 */
export function withMentions(text: string, userIds: readonly string[]): string {
  let escaped = slackSafeText(text);
  for (const id of new Set(userIds)) {
    const mention = slackUserMention(id);
    if (!mention.startsWith('<@')) continue;
    escaped = escaped.replace(new RegExp(`(?<![<@A-Z0-9])${id}(?![A-Z0-9])`, 'g'), mention);
  }
  return escaped;
}
