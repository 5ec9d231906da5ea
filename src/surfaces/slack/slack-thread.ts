import type { ThreadRef } from '../../core/ports/investigation-store';

/** The `surface` of every ThreadRef the Slack surface binds. */
export const SLACK_SURFACE = 'slack';

/** The investigation thread of a Slack message: the thread it is in, or the thread it starts. */
export function slackThread(channel: string, threadTs: string): ThreadRef {
  return { surface: SLACK_SURFACE, channel, threadId: threadTs };
}
