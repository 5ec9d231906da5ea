import { InputError } from '../errors';
import { alertFingerprint } from './alert-fingerprint';
import { alertPostKind, type AlertPostKind } from './alert-post-kind';
import { readAlertMessage, type AlertDraft, type AlertRecognizer } from './alert-message';
import { readAlertRequest } from './alert-request';
import { AlertSchema, type Alert, type AlertSource, type AlertStatus } from './alert-schema';
import { normalizeSeverity, severityFromLabels } from './alert-severity';
import { defaultAlertRecognizers } from './default-recognizers';
import { extractSymptom } from './symptom-extractor';
import { formatUtc, parseTimestamp } from './time-parser';

export { defaultAlertRecognizers } from './default-recognizers';

/** Options of `recognizeAlert`. */
export interface RecognizeAlertOptions {
  /** When the chat message was posted (ISO 8601 or Slack `ts`); used when the text states no time. */
  postedAt?: string;
  /**
   * The tool the sender is known to be (e.g. from the bot id); its recognizer is tried first.
   * A wrong hint costs nothing: the other recognizers still run.
   */
  senderHint?: AlertSource;
  /** Further text fragments of the same message (attachments, blocks), in display order. */
  attachments?: readonly string[];
  /**
   * The status the post's colour suggests (an attachment's danger red / good green), when the
   * chat surface knows it; used only by recognizers whose tool's status word is not a known one.
   */
  colorHint?: AlertStatus;
  /** Clock for the last-resort `firedAt`; defaults to the system clock. */
  now?: () => Date;
  /** Recognizers to try, most specific first; defaults to `defaultAlertRecognizers()`. */
  recognizers?: readonly AlertRecognizer[];
}

/** A recognized alert with the number of alerts its message groups (`[FIRING:3]` → 3). */
export interface RecognizedAlert {
  alert: Alert;
  count: number;
  /** What the post means for Causa: a firing alert, a resolution, an acknowledgement, a heartbeat. */
  kind: AlertPostKind;
}

/** Longest text considered; longer input is not a chat alert. */
export const MAX_ALERT_TEXT_LENGTH = 100_000;

/**
 * Recognizes an alert in a chat message, with the group size. Each recognizer, most specific
 * first, tries the whole message (text and attachments joined) and then each fragment alone. Returns null when no recognizer accepts it.
 * Throws `InputError` only for invalid options (an unreadable `postedAt`).
 */
export function recognizeAlertGroup(text: string, options: RecognizeAlertOptions = {}): RecognizedAlert | null {
  const postedAt = options.postedAt === undefined ? undefined : readPostedAt(options.postedAt);
  const fragments = [text, ...(options.attachments ?? [])].filter((fragment) => fragment.trim() !== '');
  const candidates = fragments.length > 1 ? [fragments.join('\n'), ...fragments] : fragments;
  const recognizers = ordered(options.recognizers ?? defaultAlertRecognizers(), options.senderHint);

  const messages = candidates
    .filter((candidate) => candidate.length <= MAX_ALERT_TEXT_LENGTH)
    .map((candidate) => readAlertMessage(candidate, postedAt, options.colorHint));
  // Recognizer by recognizer, so a tool's format in one fragment beats the generic fallback.
  for (const recognizer of recognizers) {
    for (const message of messages) {
      const draft = recognizer.recognize(message);
      if (!draft) continue;
      const alert = toAlert(draft, message.raw, postedAt, options.now);
      return { alert, count: draft.count, kind: alertPostKind(alert, draft.update) };
    }
  }
  return null;
}

/** Recognizes an alert in a chat message; null when the message is not an alert. */
export function recognizeAlert(text: string, options: RecognizeAlertOptions = {}): Alert | null {
  return recognizeAlertGroup(text, options)?.alert ?? null;
}

/**
 * For a person's explicit request (`@Causa investigate …`, the CLI): the pasted alert when it is
 * one, else the request read as "service, symptom, since when" (`orders-api latency since 10:20`).
 * Throws `InputError` saying what is wrong when it is neither.
 */
export function parseAlertOrThrow(text: string, options: RecognizeAlertOptions = {}): Alert {
  const fragments = [text, ...(options.attachments ?? [])];
  if (fragments.every((fragment) => fragment.trim() === '')) {
    throw new InputError('The alert text is empty: paste the whole message the alerting tool posted, title and body.');
  }
  if (fragments.some((fragment) => fragment.length > MAX_ALERT_TEXT_LENGTH)) {
    throw new InputError(
      `The alert text is longer than ${MAX_ALERT_TEXT_LENGTH} characters: pass only the alert message, not a log or a file.`,
    );
  }
  const alert = recognizeAlert(text, options) ?? readAlertRequest(text, { postedAt: readOptionalPostedAt(options.postedAt), now: options.now });
  if (alert) return alert;
  const preview = fragments.join(' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  throw new InputError(
    `Not a recognizable alert: "${preview}". Expected an Alertmanager, Grafana, Datadog or PagerDuty ` +
      'notification (or another alerting tool\'s post) as posted in chat, or a service and its symptom ' +
      '(e.g. "orders-api latency since 10:20" or "FIRING: p99 latency 2.4s > 1s on checkout-api").',
  );
}

function toAlert(draft: AlertDraft, text: string, postedAt: string | undefined, now?: () => Date): Alert {
  const symptom = extractSymptom({
    workloadHint: draft.workloadHint,
    labels: draft.labels,
    name: draft.name,
    title: draft.title,
    descriptions: draft.descriptions,
    value: draft.value,
    threshold: draft.threshold,
  });
  const postTime = postedAt ?? formatUtc((now ?? (() => new Date()))());
  const severity = normalizeSeverity(draft.severity) ?? severityFromLabels(draft.labels);
  return AlertSchema.parse({
    source: draft.source,
    status: draft.status,
    ...(severity ? { severity } : {}),
    title: draft.title.slice(0, 500),
    text,
    firedAt: draft.firedAt ?? postTime,
    ...(draft.status === 'resolved' ? { resolvedAt: draft.resolvedAt ?? postTime } : {}),
    labels: draft.labels,
    symptom,
    fingerprint: alertFingerprint(draft.source, draft.name, draft.identityLabels ?? draft.labels),
  });
}

function readOptionalPostedAt(postedAt: string | undefined): string | undefined {
  return postedAt === undefined ? undefined : readPostedAt(postedAt);
}

function readPostedAt(postedAt: string): string {
  const parsed = parseTimestamp(postedAt);
  if (!parsed) {
    throw new InputError(`postedAt "${postedAt}" is not a timestamp: pass ISO 8601 (2024-05-01T12:00:00Z) or a Slack ts.`);
  }
  return parsed;
}

function ordered(recognizers: readonly AlertRecognizer[], hint: AlertSource | undefined): readonly AlertRecognizer[] {
  // The fallback stays last: a hint of "generic" says only that the tool is unknown.
  if (!hint || hint === 'generic') return recognizers;
  return [...recognizers.filter((r) => r.source === hint), ...recognizers.filter((r) => r.source !== hint)];
}
