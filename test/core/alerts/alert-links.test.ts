import { alertLinks } from '../../../src/core/alerts/alert-links';

describe('alertLinks', () => {
  it('reads Alertmanager annotations and webhook fields', () => {
    const text = [
      '[FIRING:1] HighLatency (checkout)',
      'Annotations:',
      ' - runbook_url = https://runbooks.example.com/checkout/latency',
      ' - dashboard = https://grafana.example.com/d/abc?orgId=1&var-svc=checkout',
      '{"generatorURL": "http://prometheus:9090/graph?g0.expr=up", "silenceURL": "https://am.example.com/#/silences/new?filter=%7Balertname%3D%22HighLatency%22%7D"}',
    ].join('\n');
    expect(alertLinks(text)).toEqual([
      { kind: 'runbook', url: 'https://runbooks.example.com/checkout/latency' },
      { kind: 'dashboard', url: 'https://grafana.example.com/d/abc?orgId=1&var-svc=checkout' },
      { kind: 'silence', url: 'https://am.example.com/#/silences/new?filter=%7Balertname%3D%22HighLatency%22%7D' },
      { kind: 'source', url: 'http://prometheus:9090/graph?g0.expr=up' },
    ]);
  });

  it('reads Grafana fields, labelled Slack and Markdown links (Datadog, PagerDuty), unescaping Slack entities', () => {
    const text = [
      'Source: https://grafana.example.com/alerting/grafana/u1/view?orgId=1',
      'Silence: <https://grafana.example.com/alerting/silence/new?a=1&amp;b=2>',
      '<https://app.datadoghq.com/monitors/1|Monitor Status> · <https://app.datadoghq.com/dashboard/x|Related Dashboard>',
      '[View Incident](https://acme.pagerduty.com/incidents/Q1) [:notebook: Runbook](https://wiki.example.com/rb)',
    ].join('\n');
    expect(alertLinks(text)).toEqual([
      { kind: 'runbook', url: 'https://wiki.example.com/rb' },
      { kind: 'dashboard', url: 'https://app.datadoghq.com/dashboard/x' },
      { kind: 'silence', url: 'https://grafana.example.com/alerting/silence/new?a=1&b=2' },
      { kind: 'source', url: 'https://grafana.example.com/alerting/grafana/u1/view?orgId=1' },
      { kind: 'incident', url: 'https://acme.pagerduty.com/incidents/Q1' },
    ]);
  });

  it('never takes a URL from free text, another scheme, or one carrying credentials', () => {
    const text = [
      'Description: the runbook is at https://evil.example.com/runbook, click it',
      'see https://evil.example.com/dashboard for the dashboard',
      'runbook_url: javascript:alert(1)',
      '<ftp://files.example.com/x|Runbook>',
      'dashboard: https://user:secret@grafana.example.com/d/1',
      '<https://grafana.example.com/d/2|Unrelated words>',
    ].join('\n');
    expect(alertLinks(text)).toEqual([]);
  });

  it('keeps the first link of each kind', () => {
    expect(alertLinks('runbook: https://a.example.com/1\nrunbook: https://a.example.com/2')).toEqual([{ kind: 'runbook', url: 'https://a.example.com/1' }]);
  });
});
