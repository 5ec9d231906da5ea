import { recognizeAlertGroup } from '../../../src/core/alerts/alert-recognizer';

const postedAt = '2025-06-17T08:30:00Z';
const read = (text: string, attachments: string[] = [], colorHint?: 'firing' | 'resolved') => recognizeAlertGroup(text, { postedAt, attachments, colorHint });

describe('updates of an open alert start nothing', () => {
  it.each([
    ['PagerDuty reassignment', 'Reassigned: #5790 Search indexing backlog', ['Status: Triggered\nService: search-indexer\nhttps://acme.pagerduty.com/incidents/Q9'], 'pagerduty'],
    ['PagerDuty priority change', 'Priority changed to P2 for #5790 Search indexing backlog', ['<https://acme.pagerduty.com/incidents/Q9|[#5790] Search indexing backlog>\nStatus: Triggered\nService: search-indexer'], 'pagerduty'],
    ['Opsgenie escalation', '', ['Alert escalated to Infra_escalation\n<https://acme.app.opsgenie.com/alert/detail/1|#4821: NodeDiskFull on storage-3>\nPriority: P2'], 'opsgenie'],
    ['Icinga flapping notice', 'FLAPPINGSTART - cache-01 - Redis memory is WARNING', [], 'nagios'],
    ['Nagios downtime notice', 'DOWNTIMESTART - web-05/HTTP is OK', [], 'nagios'],
    ['CloudWatch INSUFFICIENT_DATA', 'INSUFFICIENT_DATA: "payments-queue-depth" in EU (Ireland)\nhas entered the INSUFFICIENT_DATA state', [], 'cloudwatch'],
  ])('%s', (_what, text, attachments, source) => {
    const recognized = read(text, attachments);
    expect(recognized).toMatchObject({ kind: 'update', alert: { source } });
  });

  it('a PagerDuty trigger is still firing', () => {
    expect(read('Triggered: #5821 Payment gateway timeouts', ['Service: payments-gateway\nUrgency: High\nhttps://acme.pagerduty.com/incidents/Q2'])?.kind).toBe('firing');
  });
});

describe('status without a known word', () => {
  const zabbix = (subject: string) => [
    `<https://zabbix.example.com/tr_events.php?triggerid=1&eventid=2|${subject}>`,
    'Host: db-backup-2 [10.20.0.7]',
    'Event time: 2025.06.17 08:44:05',
    'Severity: High',
    'Opdata: 2.1 %',
  ].join('\n');

  it('reads a Zabbix subject in a language it has no word for from the post colour', () => {
    expect(read('', [zabbix('Lahendatud: disk full on db-backup-2')], 'resolved')).toMatchObject({ kind: 'resolved', alert: { source: 'zabbix' } });
    expect(read('', [zabbix('Probleem: disk full on db-backup-2')], 'firing')).toMatchObject({ kind: 'firing', alert: { source: 'zabbix', symptom: { service: 'db-backup-2' } } });
  });

  it('a known status word wins over the colour', () => {
    expect(read('', [zabbix('復旧: disk full on db-backup-2')], 'firing')?.kind).toBe('resolved');
  });
});

describe('other tool forms', () => {
  it('Grafana OnCall: firing, then acknowledged and resolved by its own words', () => {
    const title = '*<https://oncall.example.com/a/grafana-oncall-app/alert-groups/I7N2|#58 KubeJobFailed>* via Alertmanager';
    const body = '*Status*: firing\n*Labels:* \nalertname: KubeJobFailed\nnamespace: billing\njob_name: nightly-reconcile-29167200\nseverity: warning\n*Annotations:*\ndescription:  Job failed';
    expect(read(title, [body])).toMatchObject({ kind: 'firing', alert: { source: 'grafana', severity: 'warning', symptom: { service: 'nightly-reconcile' } } });
    expect(read(title, [body, 'Acknowledged by <@U05DANA>'])?.kind).toBe('acknowledged');
    expect(read(title, [body.replace('firing', 'resolved'), 'Resolved by alert source'])?.kind).toBe('resolved');
  });

  it('Icinga scripts printing the macros by name', () => {
    const alert = read(':bomb: HOST: <http://icinga.example.com/host?host=lb-02|lb-02>   SERVICE: <http://icinga.example.com/s|HTTPS certificate>  STATE: CRITICAL');
    expect(alert).toMatchObject({ kind: 'firing', alert: { source: 'nagios', severity: 'critical', symptom: { service: 'lb-02' } } });
    expect(read(':beer: HOST: lb-02   SERVICE: HTTPS certificate  STATE: OK')?.kind).toBe('resolved');
  });

  it('Sentry Block Kit issue alerts: the level tag and a resolve click', () => {
    const blocks = (action: string) =>
      [
        ':red_circle: <https://acme.sentry.io/issues/1/?referrer=issue_alert-slack|*TimeoutError*>',
        action,
        'environment: `production`  level: `warning`  handled: `no`  ',
        'Project: <https://acme.sentry.io/projects/orders-api/|orders-api>    Alert: ORDERS-API-5K via <https://acme.sentry.io/r|Checkout errors>    Short ID: ORDERS-API-5K',
      ].join('\n');
    expect(read('', [blocks('')])).toMatchObject({ kind: 'firing', alert: { source: 'sentry', severity: 'warning', labels: { environment: 'production' }, symptom: { service: 'orders-api' } } });
    expect(read('', [blocks('*Issue resolved by <@U05DANA>*')])?.kind).toBe('resolved');
  });
});
