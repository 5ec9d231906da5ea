import { errorMessage } from '../core/errors';
import type { SteeringCommand } from '../core/investigation/steering-schema';
import type { ThreadAssistant, ThreadReplyOutcome } from '../core/ports/thread-assistant';
import type { Logger } from '../observability/logger';
import { replyCommand } from './steering-reply';

/** What a surface does with a reply in an investigation thread: post an answer, or queue a command (after its steerer check). */
export type ThreadReplyAction = { kind: 'answer'; answer: Extract<ThreadReplyOutcome, { kind: 'answer' }> } | { kind: 'steer'; command: SteeringCommand };

/**
 * Reads a reply in an investigation thread, the same way on every surface: `stop`, `confirm H2`
 * and `veto H2` are commands as written; anything else goes to the thread assistant when one is
 * configured (a question gets an answer, a steering request in words becomes its command). With
 * no assistant, or when it fails, the reply is a note for the reasoner. Null for an empty reply.
 */
export async function interpretThreadReply(
  assistant: ThreadAssistant | undefined,
  logger: Logger,
  reply: { investigationId: string; text: string; by: string; at: string; surface: string },
): Promise<ThreadReplyAction | null> {
  const fixed = replyCommand(reply.text, reply.by, reply.at);
  if (!fixed) return null;
  if (fixed.type !== 'note' || !assistant) return { kind: 'steer', command: fixed };
  let outcome: ThreadReplyOutcome;
  try {
    outcome = await assistant.reply({ investigationId: reply.investigationId, text: reply.text, by: reply.by, at: reply.at });
  } catch (error) {
    logger.warn({ investigationId: reply.investigationId, surface: reply.surface, err: errorMessage(error) }, 'the thread assistant failed; the reply is kept as a note');
    outcome = { kind: 'note' };
  }
  if (outcome.kind === 'answer') return { kind: 'answer', answer: outcome };
  return { kind: 'steer', command: outcome.kind === 'command' ? outcome.command : fixed };
}
