import { isContentLine, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import { parseDatadogTags } from './datadog-tags';
import { mrkdwnToPlainText } from './slack-mrkdwn';
import { parseTimestamp } from './time-parser';

/**
 * Datadog monitor notifications: `Triggered: [P2] Monitor name on service:x,env:prod`,
 * `[Triggered on {service:x}] Monitor name`, `Recovered: …`, with `%%%` markdown markers,
 * `@slack-…` mentions, tag lines, `Metric value: 1.23` and "last triggered at" times.
 */
export const datadogRecognizer: AlertRecognizer = {
  source: 'datadog',
  recognize: recognizeDatadog,
};

const STATUS = '(Re-?Triggered|Triggered|Recovered(?: from (?:Warn|No Data|Alert))?|Re-?Warn|Warn|Re-?No Data|No Data|Renotify)';
const BRACKETED = new RegExp(`^\\[${STATUS}(?:\\s+on\\s+\\{([^}]*)\\})?\\]\\s*(.+)$`, 'i');
const COLON = new RegExp(`^${STATUS}:\\s*(.+)$`, 'i');
const MARKER = /datadoghq\.|datadog|monitor was last triggered|^\s*metric value:|^\s*%%%\s*$|@slack-|@pagerduty-|^\s*notify:/im;
const MENTION = /(^|\s)@[\w.+-]+(@[\w.-]+)?/g;

/**
 * The ` on <group tags>` a multi-alert monitor's title ends with (what `/\s+on\s+(\S+)$/` finds),
 * read from the end so that long runs of text cost one pass, not one per "on" (a quadratic scan).
 */
function groupSuffix(rest: string): { index: number; tags: string } | null {
  let start = rest.length;
  while (start > 0 && !/\s/.test(rest[start - 1])) start -= 1;
  if (start === rest.length) return null;
  const beforeTags = rest.slice(0, start).trimEnd();
  if (beforeTags.length === start || !beforeTags.endsWith('on')) return null;
  const beforeOn = beforeTags.slice(0, -2);
  const index = beforeOn.trimEnd().length;
  return index === beforeOn.length ? null : { index, tags: rest.slice(start) };
}

function recognizeDatadog(message: AlertMessage): AlertDraft | null {
  const headline = parseHeadline(message.headline);
  if (!headline) return null;
  let rest = headline.rest;
  const priority = /^\[(P[1-5])\]\s*/i.exec(rest);
  if (priority) rest = rest.slice(priority[0].length);
  const group = groupSuffix(rest);
  const groupTags = group ? parseDatadogTags(group.tags) : null;
  const monitor = (groupTags ? rest.slice(0, group!.index) : rest).trim();
  const hasMarker = MARKER.test(message.raw);
  // The bare `Status: text` form needs one more Datadog sign before a chat line counts.
  if (!monitor || (headline.colonForm && !priority && !groupTags && !headline.braceTags && !hasMarker)) return null;

  const labels: Record<string, string> = { monitor };
  if (priority) labels.priority = priority[1].toUpperCase();
  Object.assign(labels, headline.braceTags ?? {}, groupTags ?? {});

  const body = bodyOf(message.raw);
  const descriptions: string[] = [];
  let firedAt: string | undefined;
  let value: number | undefined;
  let threshold: number | undefined;
  for (const { plain, isCode } of body) {
    if (isCode) {
      threshold ??= queryThreshold(plain);
      continue;
    }
    const tags = parseDatadogTags(plain.replace(/^\s*(?:Tags?|Monitor tags|Group)\s*:\s*/i, ''));
    if (tags) {
      for (const [key, tagValue] of Object.entries(tags)) labels[key] ??= tagValue;
      continue;
    }
    const triggered = /(?:last triggered at|triggered at|started at|event time:)\s*(.+)$/i.exec(plain);
    if (triggered) {
      firedAt ??= parseTimestamp(triggered[1]) ?? undefined;
      continue;
    }
    const metric = /^\s*metric value:\s*(-?\d+(?:\.\d+)?)(?:.*?threshold:?\s*(-?\d+(?:\.\d+)?))?/i.exec(plain);
    if (metric) {
      value = Number(metric[1]);
      if (metric[2] !== undefined) threshold = Number(metric[2]);
      continue;
    }
    if (/^\s*notify:/i.test(plain) || /^\s*(Monitor Status|Edit Monitor)\b/i.test(plain)) continue;
    const prose = plain.replace(MENTION, '$1').trim();
    if (prose && descriptions.length < 5) descriptions.push(prose);
  }

  return {
    source: 'datadog',
    status: /^recovered/i.test(headline.status) ? 'resolved' : 'firing',
    title: message.headline,
    severity: /warn/i.test(headline.status) ? 'warning' : labels.priority,
    name: monitor,
    labels,
    firedAt,
    descriptions,
    value,
    threshold,
    count: 1,
  };
}

interface DatadogHeadline {
  status: string;
  rest: string;
  braceTags: Record<string, string> | null;
  colonForm: boolean;
}

function parseHeadline(line: string): DatadogHeadline | null {
  // The webhook's $EVENT_TITLE puts the priority first: `[P1] [Triggered on {host:x}] Name`.
  const leadingPriority = /^\[(P[1-5])\]\s*(?=\[)/i.exec(line);
  const headline = leadingPriority ? `${line.slice(leadingPriority[0].length)}`.replace(/\]\s*/, `] [${leadingPriority[1]}] `) : line;
  const bracketed = BRACKETED.exec(headline);
  if (bracketed) {
    const braceTags = bracketed[2] === undefined ? null : parseDatadogTags(bracketed[2]);
    return { status: bracketed[1], rest: bracketed[3].trim(), braceTags, colonForm: false };
  }
  const colon = COLON.exec(headline);
  return colon ? { status: colon[1], rest: colon[2].trim(), braceTags: null, colonForm: true } : null;
}

/** Body lines after the headline, `%%%` markers dropped; code lines (queries) flagged. */
function bodyOf(raw: string): { plain: string; isCode: boolean }[] {
  const lines = raw.split(/\r?\n/);
  const start = lines.findIndex(isContentLine);
  return lines
    .slice(start + 1)
    .filter(isContentLine)
    .map((line) => ({ plain: mrkdwnToPlainText(line).trim(), isCode: line.includes('`') }));
}

/** `avg(last_5m):avg:x{…} < 99.9` → 99.9; anomaly/outlier/forecast monitors have no real threshold. */
function queryThreshold(query: string): number | undefined {
  if (/\b(anomalies|outliers|forecast)\(/i.test(query)) return undefined;
  const match = /(?:>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(query);
  return match ? Number(match[1]) : undefined;
}
