import { parseAlertOrThrow } from '../core/alerts/alert-recognizer';
import type { Alert } from '../core/alerts/alert-schema';
import { InputError } from '../core/errors';
import type { AlertReader } from '../core/ports/thread-assistant';
import type { Logger } from '../observability/logger';

/** What reading a requested alert needs from a chat surface. */
export interface AlertRequestReading {
  clock: () => number;
  alertReader?: AlertReader;
  logger: Logger;
}

/**
 * The alert in text someone explicitly asked Causa to investigate, on any chat surface: the
 * recognizers first; when none knows the format and a language-model alert reader is configured,
 * the reader. Throws the recognizers' InputError (what is expected) when neither finds an alert.
 */
export async function alertFromRequest(deps: AlertRequestReading, surface: string, text: string, postedAt: string): Promise<Alert> {
  try {
    return parseAlertOrThrow(text, { postedAt, now: () => new Date(deps.clock()) });
  } catch (error) {
    if (!(error instanceof InputError) || !deps.alertReader || text.trim() === '') throw error;
    const read = await deps.alertReader.readAlert(text, { postedAt });
    if (!read) throw error;
    deps.logger.info({ surface, fingerprint: read.fingerprint }, 'an alert in an unknown format was read by the language model');
    return read;
  }
}
