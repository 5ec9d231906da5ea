import type { App, Context, webApi } from '@slack/bolt';
import { giveUpInThread, requestLabel } from './intake-replay-slack';
import { handleAlertPost } from './alert-intake';
import { isAlertSender, senderOf } from './alert-sender';
import { claimEvent, type SlackSurfaceDeps } from './slack-surface-deps';
import { handleThreadReply } from './thread-reply-assistant';
import { slackThread } from './slack-thread';

/** Message subtypes that are posts (others are edits, deletions, joins…). */
const POST_SUBTYPES = new Set([undefined, 'bot_message', 'thread_broadcast']);

/**
 * `message` events: a post (or an edit of one) by a configured alert sender in an auto-trigger
 * channel goes to the alert intake (firing alerts start investigations, resolutions land in
 * theirs); a person's reply in an investigation thread steers it. Causa's own messages, other
 * bots and other edits are ignored.
 */
export function registerMessageHandler(app: App, deps: SlackSurfaceDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    await deps.replay.run(requestLabel(body, 'message'), () => handleMessage(deps, event, body, client, context), giveUpInThread(client, body));
  });
}

async function handleMessage(deps: SlackSurfaceDeps, event: unknown, body: unknown, client: webApi.WebClient, context: Context): Promise<void> {
  const envelope = event as unknown as Record<string, unknown>;
  const subtype = envelope.subtype as string | undefined;
  const edited = subtype === 'message_changed';
  if (!edited && !POST_SUBTYPES.has(subtype)) return;
  const message = edited ? asRecord(envelope.message) : envelope;
  if (!message) return;
  const sender = senderOf(message);
  if ((context.botId && sender.botId === context.botId) || (context.botUserId && sender.userId === context.botUserId)) return;
  const channel = String(envelope.channel ?? message.channel ?? '');
  const ts = String(message.ts ?? '');
  const threadTs = typeof message.thread_ts === 'string' && message.thread_ts !== ts ? message.thread_ts : undefined;

  // A person replying in a thread steers, even one whose posts count as alerts.
  const fromTool = !threadTs || edited || sender.botId !== undefined;
  if (fromTool && deps.config.autoTriggerChannels.includes(channel) && isAlertSender(sender, deps.config.alertSenders)) {
    await handleAlertPost(deps, client, { message, channel, ts, threadTs, sender, edited, body });
    return;
  }
  if (edited || !threadTs) return;
  // A reply: people steer; bots do not. A reply that mentions Causa is handled as a mention.
  if (sender.botId || !sender.userId) return;
  const text = typeof message.text === 'string' ? message.text : '';
  if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
  const investigationId = await deps.store.findByThread(slackThread(channel, threadTs));
  if (!investigationId) return;
  if (text.trim() === '' || !(await claimEvent(deps, body))) return;
  await handleThreadReply(deps, client, { investigationId, text, userId: sender.userId, channel, threadTs, ts });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
