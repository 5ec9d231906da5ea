import { QueuedSteeringInbox } from '../../../src/core/investigation/steering-inbox';
import { ReportSchema, verifyContentHash } from '../../../src/core/report/report-schema';
import { investigate, makeSource } from './investigator-fixture';

describe('Investigator with the offline reasoner over a fake source', () => {
  it('finds the deepest cause, follows the chain and rejects the loud upstream service', async () => {
    const { report, events } = await investigate({});
    expect(ReportSchema.parse(report)).toBeTruthy();
    expect(verifyContentHash(report)).toBe(true);
    expect(report.abstained).toBe(false);
    expect(report.ranking[0]).toMatchObject({ service: 'db', faultType: 'cpu' });
    expect(report.causalChain[0]).toMatchObject({ hypothesisId: null, service: 'web' });
    expect(report.causalChain.at(-1)).toMatchObject({ service: 'db', kind: 'cpu-saturation' });
    const reporting = report.hypotheses.filter((h) => h.subject.service === 'reporting');
    expect(reporting.length).toBeGreaterThan(0);
    expect(reporting.every((h) => h.status === 'refuted')).toBe(true);
    expect(report.rejected.map((r) => r.hypothesisId)).toEqual(expect.arrayContaining(reporting.map((h) => h.id)));
    expect(report.ranking.map((r) => r.service)).not.toContain('reporting');
    // Every event is numbered in order and the log ends with the report.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0].type).toBe('investigation-started');
    expect(events.at(-1)?.type).toBe('report-ready');
    // Siblings are tested together: several hypotheses are testing before the first verdict.
    const firstVerdict = events.findIndex((e) => e.type.startsWith('hypothesis-') && 'verdict' in e);
    expect(events.slice(0, firstVerdict).filter((e) => e.type === 'hypothesis-testing').length).toBeGreaterThan(1);
  });

  it('prunes a vetoed branch: nothing below it is explored and the veto is recorded', async () => {
    const inbox = new QueuedSteeringInbox();
    const vetoed: string[] = [];
    const { report, events } = await investigate({
      steering: inbox,
      onEvent: (event) => {
        if (event.type === 'hypothesis-proposed' && event.hypothesis.subject.service === 'db' && event.hypothesis.depth === 1) {
          vetoed.push(event.hypothesis.id);
          inbox.push({ type: 'veto', hypothesisId: event.hypothesis.id, by: 'U123', at: event.at });
        }
      },
    });
    expect(vetoed.length).toBeGreaterThan(0);
    for (const id of vetoed) {
      const node = report.hypotheses.find((h) => h.id === id);
      expect(node?.status).toBe('vetoed');
      expect(report.hypotheses.filter((h) => h.parentId === id)).toHaveLength(0);
      expect(events.some((e) => e.type === 'hypothesis-testing' && e.hypothesisId === id)).toBe(false);
    }
    expect(report.decisions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'veto', by: 'U123', hypothesisId: vetoed[0] })]));
    expect(report.rejected).toEqual(expect.arrayContaining([expect.objectContaining({ hypothesisId: vetoed[0], status: 'vetoed' })]));
    expect(events.some((e) => e.type === 'steering-applied')).toBe(true);
    expect(report.ranking[0]?.service).not.toBe('db');
  });

  it('explores a confirmed hypothesis even when its statistics refute it', async () => {
    const inbox = new QueuedSteeringInbox();
    let confirmed: string | undefined;
    const { report } = await investigate({
      steering: inbox,
      onEvent: (event) => {
        if (!confirmed && event.type === 'hypothesis-proposed' && event.hypothesis.subject.service === 'reporting') {
          confirmed = event.hypothesis.id;
          inbox.push({ type: 'confirm', hypothesisId: confirmed, by: 'U42', at: event.at });
        }
      },
    });
    expect(confirmed).toBeDefined();
    const node = report.hypotheses.find((h) => h.id === confirmed);
    expect(node?.status).toBe('confirmed');
    expect(report.hypotheses.some((h) => h.parentId === confirmed)).toBe(true);
    expect(report.decisions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'confirm', by: 'U42' })]));
  });

  it('abstains when the query budget runs out before anything is established', async () => {
    const { report, events } = await investigate({ budget: { maxQueries: 3 } });
    expect(report.abstained).toBe(true);
    expect(report.budget.used.queries).toBeLessThanOrEqual(3);
    expect(report.budget.stopReason).toMatch(/budget/);
    expect(events.some((e) => e.type === 'budget-exhausted')).toBe(true);
    expect(report.evidence.some((e) => /not run: query budget/.test(e.finding))).toBe(true);
  });

  it('stops on a human "stop" and says who stopped it', async () => {
    const inbox = new QueuedSteeringInbox();
    inbox.push({ type: 'stop', by: 'U7', at: '2024-01-01T00:33:00.000Z' });
    const { report } = await investigate({ steering: inbox });
    expect(report.budget.stopReason).toMatch(/stopped by U7/);
    expect(report.hypotheses.every((h) => h.status === 'proposed')).toBe(true);
  });

  it.each(['error', 'throw'] as const)('turns a source that answers with %s into inconclusive evidence, not a crash', async (mode) => {
    const source = makeSource();
    source.mode = mode;
    const { report } = await investigate({ source });
    expect(report.abstained).toBe(true);
    expect(report.evidence.length).toBeGreaterThan(0);
    expect(report.evidence.every((e) => e.status === 'error')).toBe(true);
    expect(report.dataGaps.length).toBeGreaterThan(0);
    expect(report.hypotheses.filter((h) => h.status === 'supported')).toHaveLength(0);
  });

  it('times out a hanging source and still reports', async () => {
    const source = makeSource();
    source.mode = 'hang';
    const { report } = await investigate({ source, queryTimeoutMs: 50, budget: { deadlineMs: 2000 } });
    expect(report.abstained).toBe(true);
    expect(report.evidence.some((e) => /timed out after 50 ms/.test(e.finding))).toBe(true);
  });

  it('respects the maximum depth', async () => {
    const { report } = await investigate({ budget: { maxDepth: 1 } });
    expect(Math.max(...report.hypotheses.map((h) => h.depth))).toBe(1);
  });
});
