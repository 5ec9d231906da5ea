import type { App } from '@slack/bolt';
import { parseAlertOrThrow } from '../../core/alerts/alert-recognizer';
import { errorMessage, InputError } from '../../core/errors';
import { investigateInThread } from './alert-investigation';
import type { SlackSurfaceDeps } from './slack-surface-deps';
import { NO_UNFURL, slackChannelLink, slackSafeText, slackUserMention } from './slack-safe-text';
import { mentionArguments, SLACK_USAGE } from './usage-text';

/** The slash command Causa registers (see manifests/slack/manifest.yaml). */
export const SLASH_COMMAND = '/causa';

/**
 * `/causa investigate <alert text>` posts a message in the channel and investigates in its
 * thread; `/causa status` lists running investigations; anything else answers the usage. All
 * answers to the caller are ephemeral.
 */
export function registerSlashCommand(app: App, deps: SlackSurfaceDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    const { verb, rest } = mentionArguments(command.text ?? '');
    if (verb === 'status') {
      await ack({ response_type: 'ephemeral', text: await statusText(deps) });
      return;
    }
    if (verb !== 'investigate' || rest === '') {
      await ack({ response_type: 'ephemeral', text: SLACK_USAGE });
      return;
    }
    let alert;
    try {
      alert = parseAlertOrThrow(rest, { now: () => new Date(deps.clock()) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await ack({ response_type: 'ephemeral', text: slackSafeText(errorMessage(error)) });
      return;
    }
    await ack();
    const posted = await client.chat.postMessage({
      channel: command.channel_id,
      text: `🔎 ${slackUserMention(command.user_id)} asked Causa to investigate: *${slackSafeText(alert.title)}*`,
      ...NO_UNFURL,
    });
    if (!posted.ts) return;
    await investigateInThread(deps, client, { alert, channel: command.channel_id, threadTs: posted.ts, messageTs: posted.ts, requestedBy: command.user_id, priority: 'human' });
  });
}

/** `/causa status`: what runs (on any worker) and how many investigations wait in the queue. */
async function statusText(deps: SlackSurfaceDeps): Promise<string> {
  const { depth, running } = await deps.service.queueStatus();
  const lines = running.map((r) => `• \`${r.id}\` ${slackSafeText(r.title)}${r.thread ? ` (${slackChannelLink(r.thread.channel)})` : ''} since ${r.startedAt}`);
  const head = running.length > 0 ? `Running investigations:\n${lines.join('\n')}` : 'No investigation is running.';
  const more = depth.running > running.length ? `\n…and ${depth.running - running.length} more running.` : '';
  const oldest = depth.oldestWaitMs !== undefined && depth.waiting > 0 ? ` (the longest for ${Math.round(depth.oldestWaitMs / 1000)} s)` : '';
  return `${head}${more}\nQueue: ${depth.waiting} waiting${oldest}, ${depth.running} running.`;
}
