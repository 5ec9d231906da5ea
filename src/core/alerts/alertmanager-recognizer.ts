import { bodyLines, commonLabels, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import { parseDetailsBlocks, type DetailsBlock } from './details-block-parser';
import { parseGoLabelMaps, parseLabelBlocks } from './label-block-parser';
import { parseStatusTitle } from './status-title-parser';
import { parseTimeOrAgo } from './time-parser';
import { workloadFromGroupValues, workloadOfGroup } from './workload-labels';

/**
 * Alertmanager's Slack notifications: the stock `slack.default.title` (`[FIRING:n] group values
 * (common values)`, nothing else), the widely copied `*Alert:* / *Description:* / *Details:*`
 * templates, `*Alerts Firing:*` / `*Alerts Resolved:*` lists, the plain `Labels:` / `Annotations:`
 * list, status prefixes or suffixes instead of brackets, and emoji. A grouped message becomes one
 * alert with the labels common to every alert in it.
 */
export const alertmanagerRecognizer: AlertRecognizer = {
  source: 'alertmanager',
  recognize: recognizeAlertmanager,
};

const FIELD_LABELS: Record<string, string> = {
  severity: 'severity', instance: 'instance', job: 'job', namespace: 'namespace', pod: 'pod', service: 'service',
  container: 'container', deployment: 'deployment', node: 'node', cluster: 'cluster', environment: 'env', env: 'env', host: 'host',
};

function recognizeAlertmanager(message: AlertMessage): AlertDraft | null {
  const subject = parseStatusTitle(message.headline);
  if (!subject) return null;
  const body = bodyLines(message);
  const details = parseDetailsBlocks(body, message.postedAt);
  const listed = details.length > 0 ? [] : parseLabelBlocks(body);
  const summaries = alertList(body);

  const structuredSets = (details.length > 0 ? details.map((block) => block.labels) : listed.map((block) => block.labels)).filter(
    (set) => Object.keys(set).length > 0,
  );
  // Without a label list, the labels a description prints as a Go map (`LABELS = map[…]`).
  const labelSets = structuredSets.length > 0 ? structuredSets : parseGoLabelMaps(body);
  const labels = commonLabels(labelSets);
  for (const [field, label] of Object.entries(FIELD_LABELS)) {
    const value = commonField(details, field);
    if (value && !labels[label]) labels[label] = value;
  }
  const structured = details.length > 0 || listed.length > 0 || summaries > 0 || labelSets.length > 0;
  // A bare status title is the stock template only as `[FIRING:1] …` / `[RESOLVED] …`.
  if (!structured && !isStockTitle(subject)) return null;
  const name = labels.alertname ?? (subject.name || undefined);
  if (!name) return null;
  if (!labels.alertname && subject.name && !/\s/.test(subject.name)) labels.alertname = subject.name;
  // The stock title lists the group-by values first; alone they still tell which group it is.
  const titleOnly = Object.keys(labels).every((key) => key === 'alertname');
  const identityLabels = titleOnly ? { ...labels, group: subject.groupValues.join(' ') } : labels;

  const startTimes = details.map((block) => block.startedAt).filter((time): time is string => Boolean(time)).sort();
  const endTimes = details.map((block) => block.endedAt).filter((time): time is string => Boolean(time)).sort();
  const listedStart = listed
    .map((block) => block.annotations.startsAt ?? block.labels.startsAt)
    .map((time) => (time ? parseTimeOrAgo(time, message.postedAt) : null))
    .find((time): time is string => Boolean(time));

  const descriptions = [
    ...details.flatMap((block) => [block.summary, block.description]),
    ...listed.flatMap((block) => [block.annotations.summary, block.annotations.description, block.annotations.message]),
  ].filter((text): text is string => Boolean(text));
  // A template that prints only the annotations (`{{ .Annotations.description }}`): the body is the description.
  if (descriptions.length === 0) descriptions.push(...body.map((line) => line.trim()).filter((line) => line !== '').slice(0, 5));

  return {
    source: 'alertmanager',
    status: subject.status,
    title: message.headline,
    severity:
      labels.severity ??
      details.find((block) => block.severity)?.severity ??
      commonField(details, 'severity') ??
      (titleOnly ? subject.groupValues.find((value) => /^(critical|warning|info|page|high|low)$/i.test(value)) : undefined),
    name,
    labels,
    identityLabels,
    firedAt: startTimes[0] ?? listedStart,
    resolvedAt: endTimes.at(-1),
    descriptions,
    workloadHint: workloadOfGroup(labelSets) ?? (titleOnly ? workloadFromGroupValues(subject.groupValues) : undefined),
    count: subject.firing ?? Math.max(subject.count, details.length, listed.length, summaries, 1),
  };
}

/** The value of a block field when every block that has it agrees. */
function commonField(blocks: readonly DetailsBlock[], name: string): string | undefined {
  const values = new Set(blocks.map((block) => block.fields[name]).filter((value): value is string => Boolean(value)));
  return values.size === 1 ? [...values][0] : undefined;
}

/** Entries of an `Alerts Firing:` / `Firing Alerts:` list (`- identifier: description`). */
function alertList(lines: readonly string[]): number {
  let inList = false;
  let count = 0;
  for (const line of lines) {
    if (/^\s*(Alerts\s+Firing|Firing\s+Alerts|Alerts\s+Resolved|Resolved\s+Alerts)\s*:\s*$/i.test(line)) {
      inList = /firing/i.test(line);
      continue;
    }
    if (inList && /^\s*[-•*]\s+\S/.test(line)) count += 1;
    else if (inList && line.trim() !== '' && !/^\s{2,}/.test(line)) inList = false;
  }
  return count;
}

/**
 * The stock `[FIRING:1] values (values)` title: a bracketed FIRING / RESOLVED, then label values
 * (an alert name, the group values in parentheses); never a sentence or a question.
 */
function isStockTitle(subject: NonNullable<ReturnType<typeof parseStatusTitle>>): boolean {
  if (subject.form !== 'bracket' || !/^(firing|resolved)$/i.test(subject.word)) return false;
  if (/[?!]/.test(subject.name) || subject.name === '') return false;
  return subject.groupValues.length > 0 || !/\s/.test(subject.name);
}
