import { alertFingerprint } from './alert-fingerprint';
import { AlertSchema, type Alert } from './alert-schema';
import { looksLikeServiceName, serviceFromText } from './service-name';
import { detectSignal } from './symptom-extractor';
import { formatUtc, parseDuration, parseTimestamp } from './time-parser';

/** Options of `readAlertRequest`. */
export interface AlertRequestOptions {
  /** When the request was made (ISO 8601); times of day are read on that day. */
  postedAt?: string;
  now?: () => Date;
}

const MAX_REQUEST_LENGTH = 500;
const CLOCK = /\b(?:since|from|at|starting)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(utc|z)?\b/i;
const AGO = /\b(?:since|for(?:\s+the\s+last)?|in\s+the\s+last)\s+(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?)\b(?:\s+ago)?/i;

/**
 * A person's request read as "which service, what symptom, since when" — `orders-api latency
 * since 10:20`, `checkout-api errors for the last 15m`. Only for explicit requests (a mention, the
 * CLI): a post is never read this leniently. Null when no service is named.
 */
export function readAlertRequest(text: string, options: AlertRequestOptions = {}): Alert | null {
  const request = text.replace(/\s+/g, ' ').trim();
  if (request === '' || request.length > MAX_REQUEST_LENGTH) return null;
  const service =
    serviceFromText(request) ??
    request
      .split(/[\s,;()[\]{}"'`]+/)
      .map((token) => token.replace(/[.:!?]+$/, ''))
      .find(looksLikeServiceName);
  if (!service) return null;
  const postedAt = options.postedAt ?? formatUtc((options.now ?? (() => new Date()))());
  const title = request.slice(0, 200);
  return AlertSchema.parse({
    source: 'generic',
    status: 'firing',
    title,
    text,
    firedAt: requestedStart(request, postedAt),
    labels: { service },
    symptom: { service, signal: detectSignal([request]) },
    fingerprint: alertFingerprint('generic', `request ${service} ${detectSignal([request])}`, { service }),
  });
}

/** `since 10:20` on the request's day (the day before when that is later), `for the last 15m`, else the request time. */
function requestedStart(request: string, postedAt: string): string {
  const posted = new Date(postedAt);
  const clock = CLOCK.exec(request);
  if (clock) {
    const start = new Date(Date.UTC(posted.getUTCFullYear(), posted.getUTCMonth(), posted.getUTCDate(), +clock[1], +clock[2], +(clock[3] ?? 0)));
    if (+clock[1] < 24 && +clock[2] < 60) {
      if (start.getTime() > posted.getTime()) start.setUTCDate(start.getUTCDate() - 1);
      return formatUtc(start);
    }
  }
  const ago = AGO.exec(request);
  if (ago) {
    const unit = ago[2].toLowerCase()[0];
    const duration = parseDuration(`${ago[1]}${unit === 'm' ? 'm' : unit}`);
    if (duration !== null) return formatUtc(new Date(posted.getTime() - duration));
  }
  return parseTimestamp(postedAt) ?? postedAt;
}
