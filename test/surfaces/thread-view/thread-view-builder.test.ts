import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle, type BundleInvestigationResult } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { rcaView, RcaViewSchema } from '../../../src/surfaces/thread-view/rca-view';
import { ThreadViewBuilder } from '../../../src/surfaces/thread-view/thread-view-builder';
import { ThreadViewSchema } from '../../../src/surfaces/thread-view/thread-view-schema';

describe('thread view built from investigation events', () => {
  let result: BundleInvestigationResult;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-thread-view-'));
    await writeScenario('kafka-consumer-lag', dir);
    result = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('is plain data that its schema accepts, with every hypothesis judged and the phase finished', () => {
    const builder = new ThreadViewBuilder(result.report.investigationId);
    for (const event of result.events) builder.apply(event);
    const view = builder.view();
    expect(ThreadViewSchema.parse(JSON.parse(JSON.stringify(view)))).toEqual(view);
    expect(view.phase).toEqual({ label: 'finished', done: true, failed: false });
    expect(view.title).toBe(result.report.alert.title);
    expect(view.hypotheses.map((h) => h.id).sort()).toEqual(result.report.hypotheses.map((h) => h.id).sort());
    for (const h of view.hypotheses) {
      const reported = result.report.hypotheses.find((r) => r.id === h.id)!;
      expect(h.state).toBe(reported.status);
      if (h.verdict) expect(h.verdict.confidence).toBe(reported.confidence);
    }
    const supported = view.hypotheses.filter((h) => h.state === 'supported');
    expect(supported.length).toBeGreaterThan(0);
    expect(view.leadingId).toBeDefined();
    // Evidence cited by verdicts is resolved to its query and summary.
    const cited = supported.flatMap((h) => h.verdict!.evidence);
    expect(cited.length).toBeGreaterThan(0);
    for (const item of cited) expect(item.queryName).toEqual(expect.any(String));
    expect(view.queries).toBe(result.report.evidence.length);
  });

  it('records who vetoed and prunes the open sub-hypotheses of a vetoed branch', () => {
    const builder = new ThreadViewBuilder('inv-x');
    const base = { investigationId: 'inv-x', at: '2024-05-14T09:30:00Z' };
    const hypothesis = (id: string, parentId: string | null) => ({
      id, parentId, statement: `${id} statement`, kind: 'cpu-saturation' as const, subject: { service: 'api' }, faultType: 'cpu' as const,
      status: 'proposed' as const, priority: 0.5, depth: id.split('.').length, evidenceIds: [], children: [], rationale: '',
    });
    builder.apply({ ...base, seq: 1, type: 'hypothesis-proposed', hypothesis: hypothesis('H1', null) });
    builder.apply({ ...base, seq: 2, type: 'hypothesis-proposed', hypothesis: hypothesis('H1.1', 'H1') });
    const changed = builder.apply({ ...base, seq: 3, type: 'steering-applied', command: { type: 'veto', hypothesisId: 'H1', by: 'UOPS', at: base.at }, effect: 'H1 vetoed by UOPS' });
    expect(changed).toEqual(['H1', 'H1.1']);
    const view = builder.view();
    expect(view.hypotheses.map((h) => h.state)).toEqual(['vetoed', 'pruned']);
    expect(view.hypotheses[1].decision).toEqual({ type: 'pruned', by: 'UOPS', ancestor: 'H1' });
    expect(view.decisions).toEqual([{ type: 'veto', by: 'UOPS', at: base.at, hypothesisId: 'H1', effect: 'H1 vetoed by UOPS', ignored: false }]);
    expect(view.leadingId).toBeUndefined();
  });

  it('gives the RCA view of the report', () => {
    const rca = rcaView(result.report);
    expect(RcaViewSchema.parse(rca)).toEqual(rca);
    expect(rca.queries).toBe(result.report.evidence.length);
    expect(rca.causalChain.map((l) => l.hypothesisId)).toEqual(result.report.causalChain.map((l) => l.hypothesisId));
    expect(JSON.stringify(rca)).not.toMatch(/robust z/);
  });
});
