import type { App } from '@slack/bolt';
import { alertFromMessage, investigateInThread } from './alert-investigation';
import { isAlertSender, senderId, senderOf } from './alert-sender';
import { requestSteering, replyCommand } from './steering-requests';
import { claimEvent, slackTime, type SlackSurfaceDeps } from './slack-surface-deps';
import { slackThread } from './slack-thread';

/** Message subtypes that are posts (others are edits, deletions, joins…). */
const POST_SUBTYPES = new Set([undefined, 'bot_message', 'thread_broadcast']);

/**
 * `message` events: an alert posted by a configured alert sender in an auto-trigger channel
 * starts an investigation; a person's reply in an investigation thread steers it. Causa's own
 * messages, other bots and messages that are not alerts are ignored.
 */
export function registerMessageHandler(app: App, deps: SlackSurfaceDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    const message = event as unknown as Record<string, unknown>;
    if (!POST_SUBTYPES.has(message.subtype as string | undefined)) return;
    const sender = senderOf(message);
    if ((context.botId && sender.botId === context.botId) || (context.botUserId && sender.userId === context.botUserId)) return;
    const channel = String(message.channel ?? '');
    const ts = String(message.ts ?? '');
    const threadTs = typeof message.thread_ts === 'string' ? message.thread_ts : undefined;

    if (threadTs && threadTs !== ts) {
      // A reply: people steer; bots do not. A reply that mentions Causa is handled as a mention.
      if (sender.botId || !sender.userId) return;
      const text = typeof message.text === 'string' ? message.text : '';
      if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
      const investigationId = await deps.store.findByThread(slackThread(channel, threadTs));
      if (!investigationId) return;
      const command = replyCommand(text, sender.userId, slackTime(ts, deps.clock));
      if (!command || !(await claimEvent(deps, body))) return;
      await requestSteering(deps, client, investigationId, command, { userId: sender.userId, channel, threadTs });
      return;
    }

    if (!deps.config.autoTriggerChannels.includes(channel) || !isAlertSender(sender, deps.config.alertSenders)) return;
    const alert = alertFromMessage(message, deps.clock);
    if (!alert) {
      deps.logger.debug({ surface: 'slack', channel, ts }, 'a post by an alert sender is not an alert; ignored');
      return;
    }
    if (!(await claimEvent(deps, body))) return;
    await investigateInThread(deps, client, { alert, channel, threadTs: ts, messageTs: ts, requestedBy: senderId(sender) });
  });
}
