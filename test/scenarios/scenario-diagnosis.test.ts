import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { ReportSchema } from '../../src/core/report/report-schema';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { matchesCodeRegion } from '../../src/evaluation/code-region';
import { listScenarios, writeScenario } from '../../src/scenarios/scenario-catalog';

/**
 * Every built-in scenario must be diagnosed correctly by the default (offline) investigator: the
 * right root-cause service and fault type first, the causal chain from the symptom ending at the
 * scenario's root cause and passing through its intermediate causes, and the services that only
 * look guilty never blamed.
 */
describe('built-in scenarios are diagnosed correctly', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-scenarios-'));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each(listScenarios().map((s) => s.id))('%s', async (id) => {
    const dir = path.join(root, id);
    const answer = await writeScenario(id, dir);
    const { report } = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
    ReportSchema.parse(report);

    expect(report.abstained).toBe(false);
    expect(report.ranking[0]).toMatchObject({ service: answer.rootCause.service, faultType: answer.rootCause.faultType });
    if (answer.location) {
      // Code-level faults are located: the operation, and a statement bounding the faulty code.
      expect(report.ranking[0].location?.operation).toBe(answer.location.operation);
      if (answer.location.statements.length > 0) expect(matchesCodeRegion(answer.location.statements, report.ranking[0].location?.statements ?? [])).toBe(true);
    }

    const chain = report.causalChain.map((link) => `${link.service}:${link.kind}`);
    const last = answer.chain[answer.chain.length - 1];
    expect(chain[chain.length - 1]).toBe(`${last.service}:${last.kind}`);
    // The intermediate causes appear in order. The first link restates the alert's symptom and
    // propagation links ("latency propagates from X") may be reached directly, so neither is required.
    const required = answer.chain.slice(1).filter((link) => !link.kind.startsWith('downstream-')).map((link) => `${link.service}:${link.kind}`);
    let position = 0;
    for (const link of required) {
      const found = chain.indexOf(link, position);
      expect({ link, chain, found: found >= 0 }).toMatchObject({ found: true });
      position = found + 1;
    }

    for (const innocent of answer.notTheCause) {
      expect(report.ranking[0].service).not.toBe(innocent);
      expect(report.causalChain.slice(1).map((l) => l.service)).not.toContain(innocent);
      const supported = report.hypotheses.filter((h) => h.subject.service === innocent && h.depth === 1 && (h.status === 'supported' || h.status === 'confirmed'));
      const rankedAbove = report.ranking.findIndex((r) => r.service === innocent);
      expect({ innocent, supported: supported.length === 0 || rankedAbove !== 0 }).toMatchObject({ supported: true });
    }
  });

  it('the Kafka case explicitly rejects the loud upstream producer', async () => {
    const dir = path.join(root, 'kafka-explicit');
    const answer = await writeScenario('kafka-consumer-lag', dir);
    const { report } = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
    const loud = answer.notTheCause[0];
    const about = report.hypotheses.filter((h) => h.subject.service === loud);
    expect(about.length).toBeGreaterThan(0);
    expect(about.every((h) => h.status === 'refuted')).toBe(true);
    expect(report.rejected.filter((r) => about.some((h) => h.id === r.hypothesisId)).every((r) => /not downstream|after/.test(r.reason))).toBe(true);
    expect(report.ranking.map((r) => r.service)).not.toContain(loud);
  });
});
