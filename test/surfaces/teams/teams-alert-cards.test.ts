import { promises as fs } from 'node:fs';
import path from 'node:path';
import { extractTeamsMessageText, htmlToText } from '../../../src/surfaces/teams/card-text';
import { recognizedFromActivity } from '../../../src/surfaces/teams/teams-alerts';

const DIR = path.join(__dirname, '../../fixtures/teams-alert-posts');
const POSTED_AT = Date.parse('2025-03-11T10:20:07Z');

describe('alert posts in Teams cards, as the tools post them', () => {
  it.each(['alertmanager-msteamsv2', 'alertmanager-msteams', 'prometheus-msteams', 'grafana-teams', 'datadog-connector', 'datadog-workflows', 'pagerduty-teams', 'azure-monitor-workflows'])('%s: read into an alert', async (name) => {
    const fixture = JSON.parse(await fs.readFile(path.join(DIR, `${name}.json`), 'utf8'));
    const recognized = recognizedFromActivity({ text: fixture.text, attachments: fixture.attachments, timestamp: new Date(POSTED_AT) }, () => POSTED_AT);
    expect(recognized).not.toBeNull();
    const { alert } = recognized!;
    expect({ source: alert.source, status: alert.status, severity: alert.severity }).toEqual({ source: fixture.expect.source, status: fixture.expect.status, severity: fixture.expect.severity });
    expect(alert.symptom.service).toBe(fixture.expect.workload);
  });

  it.each(['pagerduty-teams-acknowledged', 'azure-monitor-workflows-resolved'])('%s: read as what it is, starting nothing', async (name) => {
    const fixture = JSON.parse(await fs.readFile(path.join(DIR, `${name}.json`), 'utf8'));
    const recognized = recognizedFromActivity({ text: fixture.text, attachments: fixture.attachments, timestamp: new Date(POSTED_AT) }, () => POSTED_AT);
    expect(recognized?.kind).toBe(fixture.expect.kind);
    if (fixture.expect.resolvedAt) expect(recognized?.alert.resolvedAt).toBe(fixture.expect.resolvedAt);
  });

  it('reads facts as "name: value" and titles of MessageCard sections', async () => {
    const fixture = JSON.parse(await fs.readFile(path.join(DIR, 'prometheus-msteams.json'), 'utf8'));
    const { fragments } = extractTeamsMessageText(fixture);
    expect(fragments[0]).toContain('Prometheus Alert (firing)');
    expect(fragments[0]).toContain('alertname: KubePodCrashLooping');
    expect(fragments[0]).toContain('(reason: CrashLoopBackOff)');
  });

  it('reads Teams HTML but keeps a bare "<" of the alert as text', () => {
    expect(htmlToText('<p>p99 &gt; 2s<br>a < b and c > d</p>')).toBe('p99 > 2s\na < b and c > d');
  });

  it('stops walking a hostile, deeply nested card', () => {
    let element: Record<string, unknown> = { type: 'TextBlock', text: 'deep' };
    for (let depth = 0; depth < 10_000; depth += 1) element = { type: 'Container', items: [element] };
    const { fragments } = extractTeamsMessageText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [element] } }] });
    expect(fragments).toEqual([]);
  });
});
