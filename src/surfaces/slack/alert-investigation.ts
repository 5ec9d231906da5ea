import type { webApi } from '@slack/bolt';
import type { Alert } from '../../core/alerts/alert-schema';
import { recognizeAlertGroup, type RecognizedAlert } from '../../core/alerts/alert-recognizer';
import { statusOfColor } from '../../core/alerts/alert-status-words';
import { senderHint, senderOf } from './alert-sender';
import { slackTime, type SlackSurfaceDeps } from './slack-surface-deps';
import { extractMessageText } from './slack-message-text';
import { NO_UNFURL } from './slack-safe-text';
import { slackThread } from './slack-thread';
import { currentClaimOwner } from '../intake-replay';

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
  const why = result.reason === 'refire-window' ? 'This alert re-fired' : 'This alert was posted again';
  await client.chat.postMessage({
    channel: request.channel,
    thread_ts: request.threadTs,
    text: `🔁 ${why} while Causa is already on it: investigation \`${result.investigationId}\` (its thread holds the hypotheses and the RCA).`,
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
