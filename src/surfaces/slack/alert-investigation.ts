import type { webApi } from '@slack/bolt';
import type { Alert } from '../../core/alerts/alert-schema';
import { recognizeAlertGroup, type RecognizedAlert } from '../../core/alerts/alert-recognizer';
import { statusOfColor } from '../../core/alerts/alert-status-words';
import { senderHint, senderOf } from './alert-sender';
import { slackTime, type SlackSurfaceDeps } from './slack-surface-deps';
import { extractMessageText } from './slack-message-text';
import { NO_UNFURL } from './slack-safe-text';
import { currentClaimOwner } from '../intake-replay';
import { SLACK_SURFACE, slackThread } from './slack-thread';
import { slackLink } from './slack-links';
import { waitForFirstMessage } from './thread-first-message';

/** Recognizes an alert in a Slack message (text, attachments, blocks); null when it is none. */
export function alertFromMessage(message: Record<string, unknown>, clock: () => number): Alert | null {
  return recognizedFromMessage(message, clock)?.alert ?? null;
}

/** Like `alertFromMessage`, with what the post means (firing, resolved, acknowledged, heartbeat). */
export function recognizedFromMessage(message: Record<string, unknown>, clock: () => number): RecognizedAlert | null {
  const { text, fragments } = extractMessageText(message);
  return recognizeAlertGroup(text, {
    postedAt: slackTime(message.ts, clock),
    attachments: fragments,
    colorHint: attachmentColorStatus(message),
    senderHint: senderHint(senderOf(message)),
    now: () => new Date(clock()),
  });
}

/** A request to investigate an alert in a Slack thread. */
export interface SlackInvestigationRequest {
  alert: Alert;
  channel: string;
  /** The thread the investigation lives in (the alert post's ts, or its thread). */
  threadTs: string;
  requestedBy: string;
  /** The ts of the message that asked; the same message never starts two investigations. */
  messageTs: string;
  /** `human` for an @mention or `/causa investigate` (runs before alert posts in a storm). */
  priority?: 'human' | 'automatic';
}

/**
 * Starts an investigation for an alert posted in Slack. When the alert (or a re-fire of it) is
 * already being investigated in another thread, says so in this thread instead.
 */
export async function investigateInThread(deps: SlackSurfaceDeps, client: webApi.WebClient, request: SlackInvestigationRequest): Promise<void> {
  const thread = slackThread(request.channel, request.threadTs);
  const result = await deps.service.start({
    alert: request.alert,
    thread,
    requestedBy: request.requestedBy,
    dedupeKey: `slack:${request.channel}:${request.messageTs}`,
    priority: request.priority ?? 'automatic',
    claimOwner: currentClaimOwner(),
  });
  const log = deps.logger.child({ surface: 'slack', channel: request.channel, thread: request.threadTs });
  if (result.started) {
    log.info({ investigationId: result.investigationId, fingerprint: request.alert.fingerprint }, 'investigation requested from Slack');
    return;
  }
  log.info({ reason: result.reason, investigationId: result.investigationId, fingerprint: request.alert.fingerprint }, 'no new investigation');
  if (!result.investigationId) return;
  const existing = await deps.store.get(result.investigationId);
  const elsewhere = existing?.thread && (existing.thread.channel !== thread.channel || existing.thread.threadId !== thread.threadId);
  if (!elsewhere) return;
  const other = existing!.thread!;
  // Said once the other thread has Causa's first message, with a link to it; in the background, so the event is acknowledged now.
  void pointToThread(deps, client, request, { investigationId: result.investigationId, channel: other.channel, threadTs: other.threadId, refire: result.reason === 'refire-window', slack: other.surface === SLACK_SURFACE }).catch((error: unknown) =>
    log.warn({ err: (error as Error).message, investigationId: result.investigationId }, 'could not point to the thread that already investigates this alert'),
  );
}

/** How long a "posted again" reply waits for the other thread's first message, and how often it looks. */
export const FIRST_MESSAGE_WAIT = { timeoutMs: 120_000, intervalMs: 250 };

/**
 * Replies in this thread that Causa is already on the alert, with a permalink to the thread that
 * holds the answer: to Causa's first message there once it exists (to the alert post, should it
 * not appear in time), so the link never leads to an empty thread.
 */
async function pointToThread(
  deps: SlackSurfaceDeps,
  client: webApi.WebClient,
  request: SlackInvestigationRequest,
  other: { investigationId: string; channel: string; threadTs: string; refire: boolean; slack: boolean },
): Promise<void> {
  // Another surface's thread (Teams) has no Slack permalink: the investigation id says where it is.
  const first = other.slack ? await waitForFirstMessage(deps.store, other.investigationId, other.channel, { ...FIRST_MESSAGE_WAIT, clock: deps.clock }) : undefined;
  const link = !other.slack ? undefined : await client.chat
    .getPermalink({ channel: other.channel, message_ts: first ?? other.threadTs })
    .then((answer) => (typeof answer.permalink === 'string' ? answer.permalink : undefined))
    .catch(() => undefined);
  const why = other.refire ? 'This alert re-fired' : 'This alert was posted again';
  const where = link ? slackLink(link, 'its thread') : 'its thread';
  await client.chat.postMessage({
    channel: request.channel,
    thread_ts: request.threadTs,
    text: `🔁 ${why} while Causa is already on it: ${where} holds the hypotheses and the RCA (investigation \`${other.investigationId}\`).`,
    ...NO_UNFURL,
  });
}

/** The status the first coloured attachment's colour stands for (danger / good and the tools' own reds and greens). */
function attachmentColorStatus(message: Record<string, unknown>): ReturnType<typeof statusOfColor> {
  const attachments = Array.isArray(message.attachments) ? message.attachments : [];
  for (const attachment of attachments) {
    const color = attachment && typeof attachment === 'object' ? (attachment as { color?: unknown }).color : undefined;
    const status = typeof color === 'string' ? statusOfColor(color) : undefined;
    if (status) return status;
  }
  return undefined;
}
