import { reportCard } from '../../../src/surfaces/teams/report-card';
import { RcaViewSchema, type RcaView } from '../../../src/surfaces/thread-view/rca-view';

function view(alertLinks: RcaView['alertLinks']): RcaView {
  return RcaViewSchema.parse({
    investigationId: 'inv-1',
    alertTitle: 'KafkaConsumerGroupLagHigh',
    abstained: false,
    confidence: 0.9,
    bestLead: null,
    summary: 'kafka-broker disk I/O is saturated',
    narrative: [],
    causalChain: [],
    rejected: [],
    decisions: [],
    openQuestions: [],
    dataGaps: [],
    queries: 12,
    stopReason: 'no open hypotheses left',
    model: null,
    contentHash: 'sha256:0123456789abcdef0123',
    alertLinks,
    reportFile: 'causa-rca-inv-1.md',
  });
}

describe('the Teams RCA card and the alert’s own links', () => {
  it('carries the runbook, dashboard and silence links as buttons titled in Causa’s words', () => {
    const card = reportCard(
      view([
        { kind: 'runbook', url: 'https://runbooks.example.com/kafka-lag' },
        { kind: 'dashboard', url: 'https://grafana.example.com/d/kafka' },
        { kind: 'silence', url: 'https://alertmanager.example.com/#/silences/new?filter=%7Balertname%3D%22KafkaLag%22%7D' },
      ]),
      undefined,
      { fileAction: true },
    );
    const actions = card.actions as Array<Record<string, unknown>>;
    expect(actions.filter((a) => a.type === 'Action.OpenUrl')).toEqual([
      { type: 'Action.OpenUrl', title: 'Runbook', url: 'https://runbooks.example.com/kafka-lag' },
      { type: 'Action.OpenUrl', title: 'Dashboard', url: 'https://grafana.example.com/d/kafka' },
      { type: 'Action.OpenUrl', title: 'Silence', url: 'https://alertmanager.example.com/#/silences/new?filter=%7Balertname%3D%22KafkaLag%22%7D' },
    ]);
    // The report file button stays last.
    expect(actions.at(-1)).toMatchObject({ type: 'Action.Execute', verb: expect.any(String) });
  });

  it('opens no other scheme, and shows a handful of links at most', () => {
    const links = [
      { kind: 'runbook' as const, url: 'javascript:alert(1)' },
      ...Array.from({ length: 6 }, (_, i) => ({ kind: 'dashboard' as const, url: `https://grafana.example.com/d/${i}` })),
    ];
    const actions = (reportCard(view(links)).actions ?? []) as Array<Record<string, unknown>>;
    expect(actions.every((a) => String(a.url).startsWith('https://'))).toBe(true);
    expect(actions).toHaveLength(4);
  });

  it('has no actions when the alert carried no links and no file is asked for', () => {
    expect(reportCard(view([])).actions).toBeUndefined();
  });
});
