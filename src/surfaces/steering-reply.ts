import type { SteeringCommand } from '../core/investigation/steering-schema';

const STOP = /^(please\s+)?(stop|cancel|abort)(\s+(the\s+)?investigat(ion|ing))?[.!]*$/i;
const DECISION = /^(confirm|veto|👍|👎|:\+1:|:-1:|:thumbsup:|:thumbsdown:)\s+(H\d+(?:\.\d+)*)[.!]*$/i;

/**
 * What a thread reply asks for: `stop` stops the investigation, `confirm H2` / `veto H2` decide
 * on a hypothesis, anything else is a note for the reasoner. Null for an empty reply.
 */
export function replyCommand(text: string, by: string, at: string): SteeringCommand | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (STOP.test(trimmed)) return { type: 'stop', by, at };
  const decision = DECISION.exec(trimmed);
  if (decision) {
    const veto = /veto|👎|-1|thumbsdown/i.test(decision[1]);
    return { type: veto ? 'veto' : 'confirm', hypothesisId: decision[2].toUpperCase(), by, at };
  }
  return { type: 'note', text: trimmed, by, at };
}
