import type { AlertSource } from '../../core/alerts/alert-schema';

/** Who posted a Slack message, as far as alert routing cares. */
export interface SlackSender {
  userId?: string;
  botId?: string;
  appId?: string;
  /** Display name of a bot or integration (bot_profile.name or username). */
  name?: string;
}

/** Reads the sender fields of a Slack message event. */
export function senderOf(message: Record<string, unknown>): SlackSender {
  const profile = message.bot_profile as { name?: unknown; app_id?: unknown } | undefined;
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    userId: str(message.user),
    botId: str(message.bot_id),
    appId: str(message.app_id) ?? str(profile?.app_id),
    name: str(profile?.name) ?? str(message.username),
  };
}

/** True when one of the sender's ids (bot, app or user) is in the configured alert senders. */
export function isAlertSender(sender: SlackSender, alertSenders: readonly string[]): boolean {
  const ids = [sender.botId, sender.appId, sender.userId].filter((id): id is string => id !== undefined);
  return ids.some((id) => alertSenders.includes(id));
}

/** A sender id to record as who requested the investigation. */
export function senderId(sender: SlackSender): string {
  return sender.botId ?? sender.appId ?? sender.userId ?? 'unknown';
}

const HINTS: ReadonlyArray<[RegExp, AlertSource]> = [
  [/alertmanager|prometheus/i, 'alertmanager'],
  [/datadog/i, 'datadog'],
  [/grafana/i, 'grafana'],
  [/pagerduty/i, 'pagerduty'],
  [/opsgenie/i, 'opsgenie'],
  [/sentry/i, 'sentry'],
  [/aws|chatbot|cloudwatch|amazon q/i, 'cloudwatch'],
  [/azure/i, 'azure-monitor'],
  [/zabbix/i, 'zabbix'],
  [/nagios|icinga/i, 'nagios'],
  [/new ?relic/i, 'newrelic'],
  [/nightingale|n9e|flashcat/i, 'nightingale'],
];

/** The alerting tool a bot's name suggests (a hint only: every recognizer still runs). */
export function senderHint(sender: SlackSender): AlertSource | undefined {
  if (!sender.name) return undefined;
  return HINTS.find(([pattern]) => pattern.test(sender.name ?? ''))?.[1];
}
