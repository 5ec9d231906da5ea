import type { webApi } from '@slack/bolt';
import { errorMessage } from '../../core/errors';
import type { ThreadReplyOutcome } from '../../core/ports/thread-assistant';
import { NO_UNFURL, slackSafeText } from './slack-safe-text';
import { requestSteering, replyCommand } from './steering-requests';
import { slackTime, type SlackSurfaceDeps } from './slack-surface-deps';

/** A person's reply (or mention) in an investigation thread. */
export interface ThreadReply {
  investigationId: string;
  /** The text with mentions of Causa removed. */
  text: string;
  userId: string;
  channel: string;
  threadTs: string;
  /** The reply's own ts (when it was written). */
  ts: string;
}

/**
 * Handles a reply in an investigation thread. `stop`, `confirm H2` and `veto H2` are applied as
 * they are. Anything else goes to the thread assistant, when one is configured: a question gets an
 * answer in the thread citing evidence ids, a steering request in words ("H2 is not it", "look at
 * payments", "we deployed pricing at 10:02") is queued as its command. Without an assistant, or
 * when it fails, the reply is a note for the reasoner, as before.
 */
export async function handleThreadReply(deps: SlackSurfaceDeps, client: webApi.WebClient, reply: ThreadReply): Promise<void> {
  const at = slackTime(reply.ts, deps.clock);
  const fixed = replyCommand(reply.text, reply.userId, at);
  if (!fixed) return;
  const origin = { userId: reply.userId, channel: reply.channel, threadTs: reply.threadTs };
  if (fixed.type !== 'note' || !deps.assistant) {
    await requestSteering(deps, client, reply.investigationId, fixed, origin);
    return;
  }
  let outcome: ThreadReplyOutcome;
  try {
    outcome = await deps.assistant.reply({ investigationId: reply.investigationId, text: reply.text, by: reply.userId, at });
  } catch (error) {
    deps.logger.warn({ investigationId: reply.investigationId, surface: 'slack', err: errorMessage(error) }, 'the thread assistant failed; the reply is kept as a note');
    outcome = { kind: 'note' };
  }
  if (outcome.kind === 'answer') {
    await client.chat.postMessage({ channel: reply.channel, thread_ts: reply.threadTs, text: answerText(outcome), ...NO_UNFURL });
    return;
  }
  await requestSteering(deps, client, reply.investigationId, outcome.kind === 'command' ? outcome.command : fixed, origin);
}

/** The answer as posted: the text (escaped: it may quote telemetry), then what it rests on. */
export function answerText(answer: Extract<ThreadReplyOutcome, { kind: 'answer' }>): string {
  const cites = answer.evidenceIds.length > 0 ? `\n_Evidence: ${slackSafeText(answer.evidenceIds.join(', '))} (the RCA file lists each query)_` : '';
  const source = answer.fromReportOnly ? '\n_Answered from the investigation record: the language model was not available or its answer cited no evidence._' : '';
  return `💬 ${slackSafeText(answer.text)}${cites}${source}`;
}
