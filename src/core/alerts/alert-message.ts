import type { AlertSource, AlertStatus } from './alert-schema';
import { readJsonPayload } from './json-payload';
import { mrkdwnToPlainText, stripLeadingEmoji } from './slack-mrkdwn';

/** A chat message prepared for the recognizers: the raw text and its plain-text lines. */
export interface AlertMessage {
  /** Exactly as posted. */
  readonly raw: string;
  /** Plain-text lines (mrkdwn removed, right-trimmed). */
  readonly lines: readonly string[];
  /** First non-empty plain line, leading emoji removed; '' when the message is blank. */
  readonly headline: string;
  /** When the message was posted (ISO 8601), for times stated as durations ("17m ago"). */
  readonly postedAt?: string;
  /**
   * The status the post's colour suggests (an attachment's danger red or good green), when the
   * chat surface knows it: a language-independent hint for a tool whose status word is not known.
   */
  readonly colorHint?: AlertStatus;
  /** True when the text is a JSON payload posted as is (its fields are read as `key: value` lines). */
  readonly payload?: boolean;
}

/**
 * What one recognizer read out of a message. The registry turns it into an `Alert` (time,
 * symptom and fingerprint are computed in one place for every tool).
 */
export interface AlertDraft {
  readonly source: AlertSource;
  readonly status: AlertStatus;
  readonly title: string;
  /** The severity as the post states it (`critical`, `P2`, `Sev3`); normalized by the registry. */
  readonly severity?: string;
  /** The alert's stable name (alertname, monitor name, incident summary) for the fingerprint. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /**
   * The labels that identify the alert when not all of them do (PagerDuty: only the service;
   * assignment and escalation fields come and go between updates). Defaults to `labels`.
   */
  readonly identityLabels?: Record<string, string>;
  /** ISO 8601 UTC when the message states when the alert fired. */
  readonly firedAt?: string;
  /** ISO 8601 UTC when a resolved post states when it resolved. */
  readonly resolvedAt?: string;
  /** Human-readable explanation texts (summary, description), most specific first. */
  readonly descriptions: readonly string[];
  /** Observed value and threshold when the tool states them in a structured field. */
  readonly value?: number;
  readonly threshold?: number;
  /**
   * A workload read from unlabelled structure (the values of a stock Alertmanager title), used
   * only when no label names one.
   */
  readonly workloadHint?: string;
  /** How many alerts the message groups (Alertmanager/Grafana `[FIRING:3]`). */
  readonly count: number;
  /**
   * A change of an alert that is already open (escalated, reassigned, priority changed, flapping,
   * downtime, no data): recognized, so no other reading claims it, and it starts nothing.
   */
  readonly update?: boolean;
}

/** One monitoring tool's message format. Returns null when the message is not in that format. */
export interface AlertRecognizer {
  readonly source: AlertSource;
  recognize(message: AlertMessage): AlertDraft | null;
}

/** Prepares raw chat text for the recognizers; a JSON payload in it is read as `key: value` lines. */
export function readAlertMessage(raw: string, postedAt?: string, colorHint?: AlertStatus): AlertMessage {
  const plain = mrkdwnToPlainText(raw);
  const payload = plain.includes('{') ? readJsonPayload(plain) : null;
  const lines = (payload ? payload.lines : plain.split(/\r?\n/)).map((line) => line.trimEnd());
  // A title a relay put around the payload heads the message; else its first field does.
  const first = (payload ? payload.outside : lines).find(isContentLine) ?? lines.find(isContentLine) ?? '';
  return { raw, lines, headline: stripLeadingEmoji(first.trim()).trim(), postedAt, ...(colorHint ? { colorHint } : {}), ...(payload ? { payload: true } : {}) };
}

/**
 * False for blank lines, Datadog's `%%%` markdown markers, and lines that only mention people
 * (`@here`, `@channel`, `@U123`: Grafana's pretext above the title).
 */
export function isContentLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed === '%%%') return false;
  return !/^(?:@[\w.-]+[\s,]*)+$/.test(trimmed);
}

/** Lines after the headline. */
export function bodyLines(message: AlertMessage): readonly string[] {
  const index = message.lines.findIndex((line) => isContentLine(line));
  return index < 0 ? [] : message.lines.slice(index + 1);
}

/** Labels present with the same value in every map (the common labels of a group). */
export function commonLabels(maps: readonly Record<string, string>[]): Record<string, string> {
  if (maps.length === 0) return {};
  const [first, ...rest] = maps;
  return Object.fromEntries(Object.entries(first).filter(([key, value]) => rest.every((map) => map[key] === value)));
}

/** The first `Label: value` field among `lines` whose label matches one of `names` (case-insensitive). */
export function findField(lines: readonly string[], names: readonly string[]): string | undefined {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  for (const line of lines) {
    const match = /^\s*(?:[•-]\s*)?([A-Za-z][\w ]{0,30}?)\s*:\s+(.+)$/.exec(line);
    if (match && wanted.has(match[1].toLowerCase())) return match[2].trim();
  }
  return undefined;
}
