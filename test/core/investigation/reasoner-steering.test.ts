import { investigateBundle } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { QueuedSteeringInbox } from '../../../src/core/investigation/steering-inbox';
import type { SteeringCommand } from '../../../src/core/investigation/steering-schema';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { scenarioBundle } from '../../reasoning/llm/scenario-runs';

const who = { by: 'UOPS', at: '2024-07-02T08:40:00Z' };

/** Runs db-pool-exhaustion (config cut orders-api's pool at 08:34:45; symptom from 08:35) with commands queued before the first step. */
async function runWith(commands: SteeringCommand[]) {
  const bundle = await scenarioBundle('db-pool-exhaustion');
  try {
    const inbox = new QueuedSteeringInbox();
    commands.forEach((c) => inbox.push(c));
    const { report, events } = await investigateBundle({ dir: bundle.dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}), steering: inbox });
    return { report, events };
  } finally {
    await bundle.remove();
  }
}

const proposedFor = (events: InvestigationEvent[], predicate: (h: Extract<InvestigationEvent, { type: 'hypothesis-proposed' }>['hypothesis']) => boolean) =>
  events.flatMap((e) => (e.type === 'hypothesis-proposed' && predicate(e.hypothesis) ? [e.hypothesis] : []));

describe('steering from chat beyond confirm / veto', () => {
  it('tests a reported change against the telemetry: a change before the symptom that the service followed holds; others do not', async () => {
    const { report, events } = await runWith([
      { type: 'change', service: 'orders-api', changedAt: '2024-07-02T08:34:30Z', category: 'config', description: 'we pushed the new pool settings', ...who },
      { type: 'change', service: 'customer-service', changedAt: '2024-07-02T08:34:00Z', category: 'deploy', description: 'customer-service v42 rollout', ...who },
      { type: 'change', service: 'orders-api', changedAt: '2024-07-02T08:44:00Z', category: 'deploy', description: 'hotfix deploy', ...who },
    ]);
    const chat = events.flatMap((e) => (e.type === 'query-finished' && e.evidence.sourceId === 'chat' ? [e.evidence] : []));
    expect(chat.map((e) => e.summary)).toEqual([
      expect.stringContaining('config change on orders-api at 2024-07-02T08:34:30Z'),
      expect.stringContaining('deploy change on customer-service'),
      expect.stringContaining('deploy change on orders-api at 2024-07-02T08:44:00Z'),
    ]);
    const reported = proposedFor(events, (h) => h.subject.component?.includes('reported for') === true);
    expect(reported).toHaveLength(3);
    const judged = reported.map((h) => report.hypotheses.find((x) => x.id === h.id)!);
    expect(judged[0]).toMatchObject({ kind: 'config-change', status: 'supported' });
    const verdict = events.find((e) => e.type === 'hypothesis-supported' && e.verdict.hypothesisId === judged[0].id);
    expect(verdict?.type === 'hypothesis-supported' && verdict.verdict.evidenceIds).toContain(chat[0].id);
    expect(report.evidence.find((e) => e.id === chat[0].id)?.hypothesisIds).toContain(judged[0].id);
    expect(judged[1].status).toBe('refuted');
    expect(judged[2].status).not.toBe('supported');
    expect(judged[2].finding).toMatch(/comes after the effect|no signal/);
    expect(report.decisions.map((d) => d.type)).toEqual(['change', 'change', 'change']);
    expect(report.timeline.some((t) => t.what.startsWith('Reported config change: we pushed the new pool settings'))).toBe(true);
  });

  it('adds a hypothesis someone asked for, and focuses on a service by testing its hypotheses first', async () => {
    const { events } = await runWith([
      { type: 'add-hypothesis', kind: 'memory-exhaustion', service: 'orders-db', text: 'could the db be out of memory?', ...who },
      { type: 'focus', service: 'notification-service', text: 'look at notifications', ...who },
    ]);
    const requested = proposedFor(events, (h) => h.kind === 'memory-exhaustion' && h.subject.service === 'orders-db');
    expect(requested[0].rationale).toMatch(/requested by UOPS: "could the db be out of memory\?"/);
    const focused = proposedFor(events, (h) => h.subject.service === 'notification-service');
    expect(focused.length).toBeGreaterThan(0);
    const firstTested = events.find((e) => e.type === 'hypothesis-testing');
    const ids = new Set([...requested, ...focused].map((h) => h.id));
    expect(firstTested?.type === 'hypothesis-testing' && ids.has(firstTested.hypothesisId)).toBe(true);
  });
});
