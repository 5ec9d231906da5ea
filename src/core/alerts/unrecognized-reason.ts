import { readAlertMessage } from './alert-message';
import { MAX_ALERT_TEXT_LENGTH } from './alert-recognizer';
import { readFields } from './field-lines';
import { parseStatusTitle } from './status-title-parser';

/**
 * Why a post was not read as an alert, in a few words for the debug log (never the post's text:
 * it may hold anything).
 */
export function unrecognizedReason(text: string, attachments: readonly string[] = []): string {
  const fragments = [text, ...attachments].filter((fragment) => fragment.trim() !== '');
  if (fragments.length === 0) return 'the post has no text, attachments or blocks';
  if (fragments.some((fragment) => fragment.length > MAX_ALERT_TEXT_LENGTH)) return `the post is longer than ${MAX_ALERT_TEXT_LENGTH} characters`;
  const messages = [fragments.join('\n'), ...fragments].map((fragment) => readAlertMessage(fragment));
  const titled = messages.find((message) => parseStatusTitle(message.headline));
  if (titled) return "a status title, but no service, symptom or tool format in it";
  if (messages.some((message) => readFields(message.lines).length >= 2)) return 'labelled fields, but no status or severity with a workload among them';
  return 'no status title (FIRING, Triggered, ALARM, Problem…) and no labelled fields';
}
