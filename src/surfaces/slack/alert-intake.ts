import type { webApi } from '@slack/bolt';
import type { AlertPostKind } from '../../core/alerts/alert-post-kind';
import { unrecognizedReason } from '../../core/alerts/unrecognized-reason';
import { investigateInThread, recognizedFromMessage } from './alert-investigation';
import { senderId, type SlackSender } from './alert-sender';
import { claimEvent, type SlackSurfaceDeps } from './slack-surface-deps';
import { extractMessageText } from './slack-message-text';
import { slackThread } from './slack-thread';

/** A post (or an edit of one) by a configured alert sender in a watched channel. */
export interface AlertPost {
  /** The message as it reads now (for an edit: the edited message). */
  message: Record<string, unknown>;
  channel: string;
  /** The message's own ts (an edit keeps the original post's ts). */
  ts: string;
  /** The thread it was posted in, when it is a reply. */
  threadTs?: string;
  sender: SlackSender;
  /** True for a `message_changed` edit (tools edit their first post when the alert resolves). */
  edited: boolean;
  /** The Events API envelope, for the retry claim. */
  body: unknown;
}

/**
 * What an alert sender's post does: a firing alert posted in the channel starts an investigation
 * (an edit starts one only when its post has none yet); a resolution is recorded in the
 * investigation of the alert (the post's own thread first, else the same fingerprint); an
 * acknowledgement, a heartbeat, an update of an open alert or a post that is not an alert only
 * counts in the bot's metrics (the last with the reason in the debug log).
 */
export async function handleAlertPost(deps: SlackSurfaceDeps, client: webApi.WebClient, post: AlertPost): Promise<void> {
  const log = deps.logger.child({ surface: 'slack', channel: post.channel, ts: post.ts, edited: post.edited });
  const recognized = recognizedFromMessage(post.message, deps.clock);
  count(deps, recognized?.kind ?? 'unrecognized');
  if (!recognized) {
    const { text, fragments } = extractMessageText(post.message);
    log.debug({ reason: unrecognizedReason(text, fragments) }, 'a post by an alert sender is not an alert; ignored');
    return;
  }
  const { alert, kind } = recognized;
  const fields = { fingerprint: alert.fingerprint, source: alert.source, kind };
  if (kind === 'heartbeat' || kind === 'acknowledged' || kind === 'update') {
    log.debug(fields, QUIET[kind]);
    return;
  }
  const ownThread = slackThread(post.channel, post.threadTs ?? post.ts);
  const threadInvestigation = await deps.store.findByThread(ownThread);
  if (kind === 'resolved') {
    if (!(await claimEvent(deps, post.body))) return;
    const result = await deps.service.recordResolution({
      alert,
      requestedBy: senderId(post.sender),
      investigationId: threadInvestigation,
      dedupeKey: `slack:${post.channel}:${post.ts}:${post.edited ? 'edit' : 'post'}:${alert.fingerprint}`,
    });
    log.info({ ...fields, ...result }, result.recorded ? 'alert resolution recorded' : 'alert resolution matches no investigation');
    return;
  }
  // A firing update inside a thread, or an edit of a post already investigated, is the same alert.
  if (post.threadTs || threadInvestigation) {
    log.debug({ ...fields, investigationId: threadInvestigation }, 'a firing update of an alert already posted; nothing new to start');
    return;
  }
  if (!(await claimEvent(deps, post.body))) return;
  await investigateInThread(deps, client, { alert, channel: post.channel, threadTs: post.ts, messageTs: post.ts, requestedBy: senderId(post.sender) });
}

const QUIET = {
  heartbeat: 'a heartbeat alert; never investigated',
  acknowledged: 'an acknowledgement; nothing to start',
  update: 'an update of an open alert (escalation, reassignment, priority, flapping, downtime); nothing to start',
} as const;

function count(deps: SlackSurfaceDeps, outcome: AlertPostKind | 'unrecognized'): void {
  deps.metrics?.alertPosts.inc({ surface: 'slack', outcome });
}
