import type { AlertSource } from './alert-schema';
import { mrkdwnToPlainText, stripLeadingEmoji } from './slack-mrkdwn';

/** A chat message prepared for the recognizers: the raw text and its plain-text lines. */
export interface AlertMessage {
  /** Exactly as posted. */
  readonly raw: string;
  /** Plain-text lines (mrkdwn removed, right-trimmed). */
  readonly lines: readonly string[];
  /** First non-empty plain line, leading emoji removed; '' when the message is blank. */
  readonly headline: string;
}

/**
 * What one recognizer read out of a message. The registry turns it into an `Alert` (time,
 * symptom and fingerprint are computed in one place for every tool).
 */
export interface AlertDraft {
  readonly source: AlertSource;
  readonly status: 'firing' | 'resolved';
  readonly title: string;
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
  /** Human-readable explanation texts (summary, description), most specific first. */
  readonly descriptions: readonly string[];
  /** Observed value and threshold when the tool states them in a structured field. */
  readonly value?: number;
  readonly threshold?: number;
  /** How many alerts the message groups (Alertmanager/Grafana `[FIRING:3]`). */
  readonly count: number;
}

/** One monitoring tool's message format. Returns null when the message is not in that format. */
export interface AlertRecognizer {
  readonly source: AlertSource;
  recognize(message: AlertMessage): AlertDraft | null;
}

/** Prepares raw chat text for the recognizers. */
export function readAlertMessage(raw: string): AlertMessage {
  const lines = mrkdwnToPlainText(raw)
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
  const first = lines.find(isContentLine) ?? '';
  return { raw, lines, headline: stripLeadingEmoji(first.trim()).trim() };
}

/** False for blank lines and Datadog's `%%%` markdown markers. */
export function isContentLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && trimmed !== '%%%';
}

/** Lines after the headline. */
export function bodyLines(message: AlertMessage): readonly string[] {
  const index = message.lines.findIndex(isContentLine);
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
