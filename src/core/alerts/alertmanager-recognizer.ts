import { bodyLines, commonLabels, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import { parseDetailsBlocks } from './details-block-parser';
import { parseLabelBlocks } from './label-block-parser';
import { parseStatusTitle } from './status-title-parser';
import { parseTimestamp } from './time-parser';

/**
 * Alertmanager's Slack notifications: the `[FIRING:n] alertname (group values)` subject with
 * either the `*Alert:* / *Description:* / *Started:* / *Details:*` body or the plain
 * `Labels:` / `Annotations:` list. A grouped message becomes one alert with the labels common to
 * every alert in it.
 */
export const alertmanagerRecognizer: AlertRecognizer = {
  source: 'alertmanager',
  recognize: recognizeAlertmanager,
};

function recognizeAlertmanager(message: AlertMessage): AlertDraft | null {
  const subject = parseStatusTitle(message.headline);
  if (!subject) return null;
  const body = bodyLines(message);
  const details = parseDetailsBlocks(body);
  const listed = details.length > 0 ? [] : parseLabelBlocks(body);

  const labelSets = details.length > 0 ? details.map((block) => block.labels) : listed.map((block) => block.labels);
  const labels = commonLabels(labelSets.filter((set) => Object.keys(set).length > 0));
  const name = labels.alertname ?? subject.name;
  if (!name) return null;
  if (!labels.alertname) labels.alertname = name;

  const startTimes = details
    .map((block) => block.startedAt)
    .filter((time): time is string => Boolean(time))
    .sort();
  const listedStart = listed
    .map((block) => block.annotations.startsAt ?? block.labels.startsAt)
    .map((time) => (time ? parseTimestamp(time) : null))
    .find((time): time is string => Boolean(time));

  const descriptions = [
    ...details.flatMap((block) => [block.summary, block.description]),
    ...listed.flatMap((block) => [block.annotations.summary, block.annotations.description, block.annotations.message]),
  ].filter((text): text is string => Boolean(text));

  return {
    source: 'alertmanager',
    status: subject.status,
    title: message.headline,
    name,
    labels,
    firedAt: startTimes[0] ?? listedStart,
    descriptions,
    count: Math.max(subject.count, details.length, listed.length, 1),
  };
}
