/** Hand-written chat messages in each tool's format, as its Slack integration posts them. */

export const alertmanagerFiring = [
  '[FIRING:1] CheckoutHighLatency (shop checkout-api critical)',
  '*Alert:* checkout-api p99 latency is above 1s - `critical`',
  '*Description:* checkout-api p99 request latency is 2.41 s (threshold 1 s) for the last 10 minutes.',
  '*Started:* 2024-03-05 14:02:11 UTC',
  '*Details:*',
  '  • *alertname:* `CheckoutHighLatency`',
  '  • *namespace:* `shop`',
  '  • *service:* `checkout-api`',
  '  • *severity:* `critical`',
  '<https://alertmanager.example.com/#/alerts?silenced=false&amp;filter=%7Balertname%3D%22CheckoutHighLatency%22%7D|:bell: Alertmanager> | <https://runbooks.example.com/checkout|:notebook: Runbook>',
].join('\n');

export const alertmanagerGrouped = [
  '[FIRING:3] KubePodCrashLooping (prod)',
  '*Alert:* Pod prod/orders-worker-7f9c is crash looping - `warning`',
  '*Description:* Pod prod/orders-worker-7f9c (orders-worker) is in waiting state (reason: "CrashLoopBackOff").',
  '*Started:* 2024-03-05 09:15:40 UTC',
  '*Details:*',
  '  • *alertname:* `KubePodCrashLooping`',
  '  • *namespace:* `prod`',
  '  • *container:* `orders-worker`',
  '  • *pod:* `orders-worker-7f9c`',
  '  • *severity:* `warning`',
  '*Alert:* Pod prod/orders-worker-2b1d is crash looping - `warning`',
  '*Description:* Pod prod/orders-worker-2b1d (orders-worker) is in waiting state (reason: "CrashLoopBackOff").',
  '*Started:* 2024-03-05 09:14:02 UTC',
  '*Details:*',
  '  • *alertname:* `KubePodCrashLooping`',
  '  • *namespace:* `prod`',
  '  • *container:* `orders-worker`',
  '  • *pod:* `orders-worker-2b1d`',
  '  • *severity:* `warning`',
  '*Alert:* Pod prod/orders-worker-91aa is crash looping - `warning`',
  '*Description:* Pod prod/orders-worker-91aa (orders-worker) is in waiting state (reason: "CrashLoopBackOff").',
  '*Started:* 2024-03-05 09:16:55 UTC',
  '*Details:*',
  '  • *alertname:* `KubePodCrashLooping`',
  '  • *namespace:* `prod`',
  '  • *container:* `orders-worker`',
  '  • *pod:* `orders-worker-91aa`',
  '  • *severity:* `warning`',
].join('\n');

export const alertmanagerResolved = alertmanagerFiring
  .replace('[FIRING:1]', '[RESOLVED]')
  .replace('2.41 s', '0.38 s');

export const alertmanagerLabelList = [
  '[FIRING:2] KafkaConsumerLagHigh (payments)',
  'Labels:',
  ' - alertname = KafkaConsumerLagHigh',
  ' - namespace = payments',
  ' - consumergroup = ledger-writer',
  ' - topic = payments.v1',
  ' - partition = 3',
  'Annotations:',
  ' - summary = Consumer group ledger-writer lags behind on payments.v1',
  ' - description = Lag is 182340 messages (threshold 50000).',
  'Source: http://prometheus.payments.svc:9090/graph?g0.expr=kafka_consumergroup_lag',
  '',
  'Labels:',
  ' - alertname = KafkaConsumerLagHigh',
  ' - namespace = payments',
  ' - consumergroup = ledger-writer',
  ' - topic = payments.v1',
  ' - partition = 7',
  'Annotations:',
  ' - summary = Consumer group ledger-writer lags behind on payments.v1',
  ' - description = Lag is 120114 messages (threshold 50000).',
  'Source: http://prometheus.payments.svc:9090/graph?g0.expr=kafka_consumergroup_lag',
].join('\n');

export const grafanaFiring = [
  '[FIRING:1] Search error rate (search-api prod critical)',
  '**Firing**',
  '',
  'Value: A=0.087, B=0.087, C=1',
  'Labels:',
  ' - alertname = Search error rate',
  ' - grafana_folder = Search',
  ' - service = search-api',
  ' - env = prod',
  ' - severity = critical',
  'Annotations:',
  ' - description = search-api 5xx error ratio is 8.7% (threshold 2%).',
  ' - summary = search-api is failing requests',
  'Source: https://grafana.example.com/alerting/grafana/abc123/view?orgId=1',
  'Silence: https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DSearch+error+rate&orgId=1',
  'Dashboard: https://grafana.example.com/d/search?orgId=1',
  'Panel: https://grafana.example.com/d/search?orgId=1&viewPanel=4',
].join('\n');

export const grafanaResolved = [
  '[RESOLVED] Search error rate (search-api prod critical)',
  '**Resolved**',
  '',
  'Value: A=0.004, B=0.004, C=0',
  'Labels:',
  ' - alertname = Search error rate',
  ' - grafana_folder = Search',
  ' - service = search-api',
  ' - env = prod',
  ' - severity = critical',
  'Annotations:',
  ' - description = search-api 5xx error ratio is 0.4% (threshold 2%).',
  'Source: https://grafana.example.com/alerting/grafana/abc123/view?orgId=1',
].join('\n');

export const grafanaGrouped = [
  '[FIRING:2] Disk almost full (prod)',
  '**Firing**',
  '',
  'Value: A=91.2',
  'Labels:',
  ' - alertname = Disk almost full',
  ' - env = prod',
  ' - instance = db-1:9100',
  ' - mountpoint = /var/lib/postgresql',
  'Annotations:',
  ' - summary = Disk on db-1 is 91.2% full',
  'Source: https://grafana.example.com/alerting/grafana/disk/view',
  '',
  'Value: A=88.4',
  'Labels:',
  ' - alertname = Disk almost full',
  ' - env = prod',
  ' - instance = db-2:9100',
  ' - mountpoint = /var/lib/postgresql',
  'Annotations:',
  ' - summary = Disk on db-2 is 88.4% full',
  'Source: https://grafana.example.com/alerting/grafana/disk/view',
].join('\n');

export const datadogTriggered = [
  '%%%',
  '*Triggered: [P2] High latency on web-store*',
  'p99 latency of web-store is 1.82 s over the last 5 minutes.',
  '@slack-shop-alerts @pagerduty-webstore',
  '',
  'service:web-store, env:prod, team:storefront',
  'Metric value: 1.82 / threshold 1.0',
  'The monitor was last triggered at Tue Mar 05 2024 14:31:07 UTC.',
  '<https://app.datadoghq.com/monitors/1234567|Monitor Status> · <https://app.datadoghq.com/monitors/1234567/edit|Edit Monitor>',
  '%%%',
].join('\n');

export const datadogRecovered = datadogTriggered
  .replace('Triggered: [P2]', 'Recovered: [P2]')
  .replace('is 1.82 s', 'is 0.41 s')
  .replace('Metric value: 1.82', 'Metric value: 0.41');

export const datadogGroupHeadline = [
  '[Triggered on {service:cart,env:prod}] Cart error rate above 5%',
  'Errors on cart are at 7.3% of requests.',
  '`sum(last_5m):sum:trace.http.request.errors{service:cart} / sum:trace.http.request.hits{service:cart} * 100 > 5`',
  'Notify: @slack-cart-oncall',
].join('\n');

export const pagerdutyTriggered = [
  ':red_circle: Triggered #48213: High error rate on checkout-api',
  'Service: checkout-api',
  'Urgency: High',
  'Assigned: Dana Kim',
  'Escalation Policy: Checkout primary',
  'Created: 2024-03-05T14:05:00Z',
].join('\n');

export const pagerdutyResolved = [
  'Resolved #48213 High error rate on checkout-api',
  'Service: checkout-api',
  'Urgency: High',
  'Assigned: Lee Park',
].join('\n');

export const pagerdutyAcknowledged = 'Acknowledged by Dana Kim: #48213 High error rate on checkout-api\nService: checkout-api';
