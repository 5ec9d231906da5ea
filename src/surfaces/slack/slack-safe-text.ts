/**
 * Text Causa sends to Slack. Slack reads `<…>` in a message's `text` and in mrkdwn blocks as
 * control sequences: `<!channel>`, `<!here>`, `<!everyone>` broadcast, `<@U…>` and `<!subteam^…>`
 * ping, `<https://…|label>` is a link whose label hides its target. Alert titles, log lines, user
 * text and model answers are data, so every piece of them goes through `slackSafeText` exactly
 * once, as raw text, when a message is composed; Causa's own mentions come only from the builders
 * below, which accept nothing but well-formed Slack ids.
 */

/**
 * Escapes `&`, `<` and `>` the way Slack's formatting rules ask: the text then shows as written
 * and nothing in it pings anyone or becomes a link. `&` first, so an entity already in the text
 * (`&lt;!here&gt;`) stays visible as written instead of turning into a live `<!here>`. Apply once,
 * to raw text only: never to text that already holds Causa's own markup or escapes.
 */
export function slackSafeText(untrusted: string): string {
  return untrusted.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack user (`U…`) or enterprise user (`W…`) id, as Slack's envelopes carry it. */
const USER_ID = /^[UW][A-Z0-9]{2,40}$/;
/** A channel (`C…`), private channel (`G…`) or direct-message (`D…`) id. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,40}$/;
/** A user group (`S…`) id. */
const USER_GROUP_ID = /^S[A-Z0-9]{2,40}$/;

/**
 * A real mention of a person, for ids Causa itself got from Slack (the event envelope's user:
 * who asked, who decided) or from its own configuration. Anything that is not a well-formed user
 * id is shown as escaped text, never as a mention.
 */
export function slackUserMention(userId: string): string {
  return USER_ID.test(userId) ? `<@${userId}>` : slackSafeText(userId);
}

/** A link to a channel Causa itself knows (an investigation's thread); anything else as escaped text. */
export function slackChannelLink(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `<#${channelId}>` : slackSafeText(channelId);
}

/** A mention of a user group from Causa's configuration (the allowed steerers); anything else as escaped text. */
export function slackUserGroupMention(groupId: string): string {
  return USER_GROUP_ID.test(groupId) ? `<!subteam^${groupId}>` : slackSafeText(groupId);
}

/**
 * Arguments for every message whose text may quote untrusted URLs (alerts, log lines, answers):
 * Slack shows no preview of a page nobody chose to share.
 */
export const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;
