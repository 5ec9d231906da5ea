import type { AlertRecognizer } from './alert-message';
import { alertmanagerRecognizer } from './alertmanager-recognizer';
import { azureMonitorRecognizer } from './azure-monitor-recognizer';
import { cloudwatchRecognizer } from './cloudwatch-recognizer';
import { datadogRecognizer } from './datadog-recognizer';
import { genericRecognizer } from './generic-recognizer';
import { grafanaOncallRecognizer } from './grafana-oncall-recognizer';
import { grafanaRecognizer } from './grafana-recognizer';
import { nagiosRecognizer } from './nagios-recognizer';
import { newrelicRecognizer } from './newrelic-recognizer';
import { nightingaleRecognizer } from './nightingale-recognizer';
import { opsgenieRecognizer } from './opsgenie-recognizer';
import { pagerdutyRecognizer } from './pagerduty-recognizer';
import { sentryRecognizer } from './sentry-recognizer';
import { zabbixRecognizer } from './zabbix-recognizer';

/**
 * The built-in recognizers, most specific first (each needs its tool's own marks); Alertmanager's
 * templates, the most copied, come after the tools with distinctive formats, and the generic
 * fallback, which needs a status title or a label block, comes last.
 */
export function defaultAlertRecognizers(): AlertRecognizer[] {
  return [
    pagerdutyRecognizer,
    opsgenieRecognizer,
    datadogRecognizer,
    sentryRecognizer,
    cloudwatchRecognizer,
    azureMonitorRecognizer,
    newrelicRecognizer,
    zabbixRecognizer,
    nagiosRecognizer,
    nightingaleRecognizer,
    grafanaOncallRecognizer,
    grafanaRecognizer,
    alertmanagerRecognizer,
    genericRecognizer,
  ];
}
