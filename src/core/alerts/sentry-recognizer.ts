import { bodyLines, isContentLine, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import type { AlertStatus } from './alert-schema';
import { fieldValue, readFields } from './field-lines';
import { formatUtc } from './time-parser';

/**
 * Sentry's Slack integration: issue alerts (the issue title, the culprit, `State:`, and the
 * footer `ORDERS-API-3F via <rule>` / `ORDERS-API-3F | production | <rule>`) and metric alerts
 * (`Critical: <rule>`, `Warning: …`, `Resolved: …`, footer "Sentry Incident - Started …").
 * The project comes from the short id; Slack `<!date^epoch^…>` stamps give the time.
 */
export const sentryRecognizer: AlertRecognizer = {
  source: 'sentry',
  recognize: recognizeSentry,
};

const MARKER = /sentry\.io|referrer=slack|Sentry Incident|\/alerts\/rules\/details\/|\/organizations\/[\w-]+\/issues\/|alert_rule_id=/i;
const SHORT_ID = /\b([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)-([0-9A-Z]{1,6})\s+(?:via\b|\|)/;
const METRIC = /^(Critical|Warning|Resolved)\s*:\s*(.+)$/i;
const SLACK_DATE = /<!date\^(\d{9,11})\^/;
// The tags block prints `key: \`value\`` pairs on one line; a Resolve / Archive click adds `Issue resolved by <@U…>`.
const TAG = /(?:^|\s)([a-z][\w.-]{0,40}):\s*`([^`\n]{1,200})`/g;
const ACTION = /\bIssue (resolved|archived|ignored) by\b/i;
const PROJECT = /\bProject:\s*(?:<[^|>\s]*\|)?([a-z0-9][\w.-]*[a-z0-9])/i;

function recognizeSentry(message: AlertMessage): AlertDraft | null {
  if (!MARKER.test(message.raw)) return null;
  const fields = readFields(bodyLines(message));
  const startedAt = slackDate(message.raw);
  const metric = METRIC.exec(message.headline);
  if (metric) {
    const rule = metric[2].trim();
    const status: AlertStatus = /resolved/i.test(metric[1]) ? 'resolved' : 'firing';
    const project = /[?&]project=([a-z][\w-]*[a-z0-9])(?:&|$)/i.exec(message.raw)?.[1];
    const labels: Record<string, string> = { rule, ...(project && !/^\d+$/.test(project) ? { project, service: project } : {}) };
    return {
      source: 'sentry',
      status,
      title: message.headline,
      severity: status === 'firing' ? metric[1] : undefined,
      name: rule,
      labels,
      identityLabels: { rule },
      firedAt: status === 'firing' ? startedAt : undefined,
      descriptions: bodyLines(message).filter(isContentLine).slice(0, 3),
      count: 1,
    };
  }
  const shortId = SHORT_ID.exec(message.raw);
  if (!shortId) return null;
  const project = PROJECT.exec(message.raw)?.[1]?.toLowerCase() ?? shortId[1].toLowerCase();
  const state = fieldValue(fields, ['State', 'Status']) ?? '';
  const resolved = /^resolved|^archived|^ignored/i.test(state.replace(/[*_`]/g, '').trim()) || ACTION.test(message.raw);
  const status: AlertStatus = resolved ? 'resolved' : 'firing';
  const culprit = bodyLines(message).find((line) => isContentLine(line) && !/[:：]\s/.test(line) && !SHORT_ID.test(line));
  const tags = Object.fromEntries([...message.raw.matchAll(TAG)].map((match) => [match[1], match[2].trim()]));
  const labels: Record<string, string> = { ...tags, project, service: project, short_id: `${shortId[1]}-${shortId[2]}` };
  const level = fieldValue(fields, ['level', 'Level']) ?? tags.level;
  if (level) labels.level = level;
  const environment = /\|\s*([a-z][\w-]*)\s*\|/.exec(message.raw)?.[1];
  if (environment) labels.environment ??= environment;
  return {
    source: 'sentry',
    status,
    title: message.headline,
    severity: level,
    name: message.headline,
    labels,
    identityLabels: { short_id: labels.short_id },
    firedAt: startedAt,
    descriptions: culprit ? [culprit.trim()] : [],
    count: 1,
  };
}

function slackDate(raw: string): string | undefined {
  const match = SLACK_DATE.exec(raw);
  return match ? formatUtc(new Date(Number(match[1]) * 1000)) : undefined;
}
