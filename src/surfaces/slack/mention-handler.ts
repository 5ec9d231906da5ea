import type { App, types, webApi } from '@slack/bolt';
import { giveUpInThread, requestLabel } from './intake-replay-slack';
import type { Alert } from '../../core/alerts/alert-schema';
import { errorMessage, InputError } from '../../core/errors';
import { alertFromMessage, investigateInThread } from './alert-investigation';
import { alertFromRequest } from './alert-reading';
import { handleThreadReply } from './thread-reply-assistant';
import { claimEvent, slackTime, type SlackSurfaceDeps } from './slack-surface-deps';
import { slackThread } from './slack-thread';
import { NO_UNFURL, slackSafeText } from './slack-safe-text';
import { mentionArguments, SLACK_USAGE } from './usage-text';

/**
 * `app_mention`: `@Causa investigate <text>` investigates the pasted alert; a mention inside an
 * alert's thread investigates the thread's first message; a mention inside an investigation
 * thread steers it like a reply. Anything unrecognized gets the usage, in the thread.
 */
export function registerMentionHandler(app: App, deps: SlackSurfaceDeps): void {
  app.event('app_mention', async ({ event, body, client }) => {
    await deps.replay.run(requestLabel(body, 'app_mention'), () => handleMention(deps, event, body, client), giveUpInThread(client, body));
  });
}

async function handleMention(deps: SlackSurfaceDeps, event: types.AppMentionEvent, body: unknown, client: webApi.WebClient): Promise<void> {
  const { channel, ts, user } = event;
  const threadTs = event.thread_ts ?? ts;
  const inThread = event.thread_ts !== undefined && event.thread_ts !== ts;
  if (!user || event.bot_id) return;
  const { verb, rest } = mentionArguments(event.text ?? '');
  const say = (text: string) => client.chat.postMessage({ channel, thread_ts: threadTs, text, ...NO_UNFURL });

  if (inThread) {
    const investigationId = await deps.store.findByThread(slackThread(channel, threadTs));
    if (investigationId) {
      if (verb === 'investigate' || rest === '') {
        await say(`Causa is already investigating in this thread (investigation \`${investigationId}\`).`);
        return;
      }
      if (await claimEvent(deps, body)) await handleThreadReply(deps, client, { investigationId, text: rest, userId: user, channel, threadTs, ts });
      return;
    }
  }
  if (verb === 'help' || (verb === '' && rest === '' && !inThread)) {
    await say(SLACK_USAGE);
    return;
  }
  let alert: Alert | null;
  try {
    alert = rest !== '' ? await alertFromRequest(deps, rest, slackTime(ts, deps.clock)) : inThread ? await threadAlert(client, channel, threadTs, deps) : null;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    await say(`I could not read an alert in that: ${slackSafeText(errorMessage(error))}`);
    return;
  }
  if (!alert) {
    await say(inThread ? 'The first message of this thread is not an alert I can read. Paste it after `@Causa investigate`.' : SLACK_USAGE);
    return;
  }
  if (!(await claimEvent(deps, body))) return;
  await investigateInThread(deps, client, { alert, channel, threadTs, messageTs: inThread && rest === '' ? threadTs : ts, requestedBy: user, priority: 'human' });
}

/** The alert in the first message of a thread, read with `conversations.replies`. */
async function threadAlert(client: webApi.WebClient, channel: string, threadTs: string, deps: SlackSurfaceDeps): Promise<Alert | null> {
  const replies = await client.conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true });
  const parent = replies.messages?.find((message) => message.ts === threadTs) ?? replies.messages?.[0];
  return parent ? alertFromMessage(parent as unknown as Record<string, unknown>, deps.clock) : null;
}
