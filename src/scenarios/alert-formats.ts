import type { BundleAlert } from './bundle-case-schema';
import { isoSeconds } from './scenario-timeline';

/**
 * Builders of alert messages as the monitoring tools' Slack integrations post them. URLs are
 * placeholders under `example.internal`, like the benchmark's.
 */

const enc = encodeURIComponent;

/** Alertmanager's common Slack template. `labels` keep their order; `alertname` comes first. */
export function alertmanagerAlert(input: {
  labels: Record<string, string> & { alertname: string; severity: string };
  summary: string;
  description: string;
  firedAt: number;
  expr: string;
  runbook: string;
}): BundleAlert {
  const { labels } = input;
  const title = `[FIRING:1] ${labels.alertname} (${Object.entries(labels).filter(([k]) => k !== 'alertname').map(([, v]) => v).join(' ')})`;
  const details = Object.entries(labels).map(([k, v]) => `  • *${k}:* \`${v}\``);
  const links = [
    `<https://alertmanager.example.internal/#/alerts?silenced=false&filter=${enc(`{alertname="${labels.alertname}"}`)}|:bell: Alertmanager>`,
    `<https://prometheus.example.internal/graph?g0.expr=${enc(input.expr).replace(/%20/g, '+')}&g0.tab=0|:chart_with_upwards_trend: Graph>`,
    `<https://runbooks.example.internal/${input.runbook}|:notebook: Runbook>`,
  ].join(' | ');
  const text = [
    title,
    `*Alert:* ${input.summary} - \`${labels.severity}\``,
    `*Description:* ${input.description}`,
    `*Started:* ${isoSeconds(input.firedAt).replace('T', ' ').replace('Z', ' UTC')}`,
    '*Details:*',
    ...details,
    links,
  ].join('\n');
  return { source: 'alertmanager', title, text, firedAt: isoSeconds(input.firedAt), labels: { ...labels } };
}

/** Grafana-managed alerting's default Slack message. */
export function grafanaAlert(input: {
  labels: Record<string, string> & { alertname: string; grafana_folder: string };
  values: Record<string, number>;
  description: string;
  summary: string;
  firedAt: number;
  ruleUid: string;
  dashboardUid: string;
}): BundleAlert {
  const { labels } = input;
  const shown = Object.entries(labels).filter(([k]) => k !== 'alertname' && k !== 'grafana_folder').map(([, v]) => v);
  const title = `[FIRING:1] ${labels.alertname} (${shown.join(' ')})`;
  const text = [
    title,
    '**Firing**',
    '',
    `Value: ${Object.entries(input.values).map(([k, v]) => `${k}=${round(v)}`).join(', ')}`,
    'Labels:',
    ...Object.entries(labels).map(([k, v]) => ` - ${k} = ${v}`),
    'Annotations:',
    ` - description = ${input.description}`,
    ` - summary = ${input.summary}`,
    `Source: https://grafana.example.internal/alerting/grafana/${input.ruleUid}/view?orgId=1`,
    `Silence: https://grafana.example.internal/alerting/silence/new?alertmanager=grafana&matcher=alertname%3D${enc(labels.alertname).replace(/%20/g, '+')}&orgId=1`,
    `Dashboard: https://grafana.example.internal/d/${input.dashboardUid}?orgId=1`,
  ].join('\n');
  return { source: 'grafana', title, text, firedAt: isoSeconds(input.firedAt), labels: { ...labels } };
}

/** A Datadog monitor notification. `tags` become `k:v` in the title and labels. */
export function datadogAlert(input: {
  monitor: string;
  priority: string;
  tags: Record<string, string>;
  description: string;
  query: string;
  metricValue: number;
  firedAt: number;
  monitorId: number;
  notify: string;
  dashboard: string;
}): BundleAlert {
  const scope = Object.entries(input.tags).map(([k, v]) => `${k}:${v}`).join(',');
  const title = `Triggered: [${input.priority}] ${input.monitor} on ${scope}`;
  const group = enc(scope);
  const text = [
    `*${title}*`,
    input.description,
    `Notify: ${input.notify}`,
    '',
    `\`${input.query}\``,
    `Metric value: ${round(input.metricValue)}`,
    `The monitor was last triggered at ${datadogDate(input.firedAt)}.`,
    `<https://app.datadoghq.com/monitors/${input.monitorId}?group=${group}|Monitor Status> · <https://app.datadoghq.com/monitors/${input.monitorId}/edit|Edit Monitor> · <https://app.datadoghq.com/dashboard/${input.dashboard}|Related Dashboard>`,
  ].join('\n');
  return {
    source: 'datadog', title, text, firedAt: isoSeconds(input.firedAt),
    labels: { monitor: input.monitor, priority: input.priority, ...input.tags },
  };
}

/** `Mon Jan 30 2023 13:33:04 UTC`. */
function datadogDate(t: number): string {
  const d = new Date(Math.floor(t) * 1000);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, '0')} ${d.getUTCFullYear()} ${isoSeconds(t).slice(11, 19)} UTC`;
}

/** Three significant decimals at most, as the tools print values. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
