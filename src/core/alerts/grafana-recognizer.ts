import { bodyLines, commonLabels, findField, type AlertDraft, type AlertMessage, type AlertRecognizer } from './alert-message';
import { parseLabelBlocks } from './label-block-parser';
import { parseStatusTitle } from './status-title-parser';
import { parseTimeOrAgo } from './time-parser';
import { looksLikeServiceName } from './service-name';
import { readPairs } from './field-lines';
import { workloadFromLabels, workloadOfGroup } from './workload-labels';

/**
 * Grafana's Slack messages. Legacy dashboard alerting (Grafana ≤ 8): `[Alerting] <rule>` /
 * `[OK] <rule>`, one `<series>: <value>` field per evaluation match, footer `Grafana v7.5.11`.
 * Unified alerting: the `[FIRING:n] Title (labels)` subject, a
 * `**Firing**` / `**Resolved**` section, per alert `Value: A=…`, `Labels:` and `Annotations:`
 * blocks and `Source:` / `Silence:` / `Dashboard:` links. Recognized only when something
 * Grafana-specific is present; the same list without it is an Alertmanager template.
 */
export const grafanaRecognizer: AlertRecognizer = {
  source: 'grafana',
  recognize: recognizeGrafana,
};

function recognizeGrafana(message: AlertMessage): AlertDraft | null {
  const subject = parseStatusTitle(message.headline);
  if (!subject || !hasGrafanaMarker(message)) return null;
  const blocks = parseLabelBlocks(bodyLines(message));
  const labels = commonLabels(blocks.map((block) => block.labels));
  const name = labels.alertname ?? subject.name;
  if (!name) return null;
  if (!labels.alertname) labels.alertname = name;

  const status = subject.status;
  // The value of a group is the first alert's of the status the subject reports.
  const first = blocks.find((block) => (block.status ?? status) === status) ?? blocks[0];
  const descriptions = blocks
    .flatMap((block) => [block.annotations.summary, block.annotations.description, block.annotations.message])
    .filter((text): text is string => Boolean(text));
  const started = findField(message.lines, ['Started', 'Starts at', 'startsAt', 'Fired at']);
  const titleOnly = Object.keys(labels).every((key) => key === 'alertname');
  // The alerts of the status the subject reports: three pods of one deployment name that deployment.
  const reported = blocks.filter((block) => (block.status ?? status) === status).map((block) => block.labels);

  return {
    source: 'grafana',
    status,
    title: message.headline,
    severity: labels.severity,
    name,
    labels,
    identityLabels: titleOnly ? { ...labels, group: subject.groupValues.join(' ') } : labels,
    firedAt: started ? (parseTimeOrAgo(started, message.postedAt) ?? undefined) : undefined,
    descriptions,
    // Grafana's first expression (A) is the queried value; later ones are reductions/conditions.
    value: first?.values[0]?.value,
    workloadHint: workloadOfGroup(reported) ?? (blocks.length === 0 ? evaluationMatchWorkload(bodyLines(message)) : undefined),
    count: subject.firing ?? (status === 'firing' ? Math.max(subject.count, blocks.filter((block) => block.status !== 'resolved').length, 1) : Math.max(subject.count, blocks.length, 1)),
  };
}

function hasGrafanaMarker(message: AlertMessage): boolean {
  return (
    /^\s*\*{1,2}(Firing|Resolved)\*{1,2}\s*$/im.test(message.raw) ||
    message.lines.some((line) => /^\s*Values?:\s*(\[\s*var=|[A-Za-z_]\w*=-?\d)/.test(line)) ||
    /^\s*[-•]\s+grafana_folder\s*=/m.test(message.raw) ||
    /alertmanager=grafana|\/alerting\/(grafana|silence|list)\b/i.test(message.raw) ||
    /^\s*Grafana(?: v[\d.]+)?\s*$/im.test(message.raw) ||
    /^\s*(Dashboard|Panel):\s*\S+/im.test(message.lines.join('\n'))
  );
}

const MATCH = /^\s*(\S.{0,200}?)\s*:\s+(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;

/**
 * Legacy alerting's evaluation matches, one `<series>: <value>` field each: the series is the
 * legend (often the service) or the label set (`{instance="web-01:9100", job="node"}`). The
 * workload when every match names the same one.
 */
function evaluationMatchWorkload(lines: readonly string[]): string | undefined {
  const names = new Set<string>();
  for (const line of lines) {
    const match = MATCH.exec(line);
    if (!match) continue;
    const series = match[1].replace(/^\{|\}$/g, '');
    const pairs = readPairs(series);
    const name = pairs.length > 0 ? workloadFromLabels(Object.fromEntries(pairs.map((pair) => [pair.key, pair.value]))) : series;
    if (name && (pairs.length > 0 || looksLikeServiceName(name))) names.add(name);
  }
  return names.size === 1 ? [...names][0] : undefined;
}
