import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { alertFromCase } from '../../src/app/alert-from-case';
import { InvestigationService } from '../../src/app/investigation-service';
import { TimerFollowUpScheduler } from '../../src/app/timer-follow-up-scheduler';
import type { Alert } from '../../src/core/alerts/alert-schema';
import { FollowUpSettingsSchema } from '../../src/core/follow-up/follow-up-policy';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import type { InvestigationEvent } from '../../src/core/investigation/investigation-events';
import { createLogger } from '../../src/observability/logger';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { MemoryInvestigationStore } from '../../src/store/memory/memory-investigation-store';
import { BundleSource } from '../../src/telemetry/bundle';

const THREAD = { surface: 'test', channel: 'C1', threadId: '1' };
const who = { by: 'UOPS', at: '2024-09-03T14:34:00Z' };

/** The silenced-code-path scenario replayed from one minute after its alert, where the first look is not confident. */
describe('InvestigationService follow-ups', () => {
  let dir: string;
  let alert: Alert;
  let present: number;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-follow-ups-'));
    await writeScenario('silenced-code-path', dir);
    alert = alertFromCase(new BundleSource({ dir }).case);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function setup(delaysSeconds: number[]) {
    present = Date.parse(alert.firedAt) + 60_000;
    const store = new MemoryInvestigationStore();
    const scheduler = new TimerFollowUpScheduler();
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const service = new InvestigationService({
      store, source: new BundleSource({ dir, asOf: () => present }), reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}),
      logger, refireWindowMs: 0, followUps: { settings: FollowUpSettingsSchema.parse({ delaysSeconds }), scheduler },
    });
    const seen: InvestigationEvent[] = [];
    service.subscribe(async (event) => {
      seen.push(event);
      if (event.type === 'report-superseded') present += 2 * 60_000;
    });
    return { store, scheduler, service, seen };
  }

  it('stop after an unconfident answer cancels the scheduled follow-up and says so', async () => {
    const { scheduler, service, seen, store } = setup([30]);
    const started = await service.start({ alert, thread: THREAD, requestedBy: 'test' });
    if (!started.started) throw new Error('not started');
    await service.whenIdle();
    expect(scheduler.pending()).toBe(1);
    expect(await service.steer(started.investigationId, { type: 'stop', ...who })).toBe(true);
    expect(scheduler.pending()).toBe(0);
    expect(seen.map((e) => e.type)).toContain('follow-up-cancelled');
    expect(await service.steer(started.investigationId, { type: 'stop', ...who })).toBe(false); // nothing left to stop
    expect((await store.events(started.investigationId)).filter((e) => e.type === 'report-superseded')).toHaveLength(0);
  });

  it('carries a veto of the first look over to the follow-up, applied to the same cause', async () => {
    const { scheduler, service, seen, store } = setup([0.05]);
    service.subscribe(async (event) => {
      if (event.type === 'hypothesis-proposed' && !seen.some((e) => e.type === 'report-ready')) {
        if (event.hypothesis.id === 'H2') await store.pushSteering(event.investigationId, { type: 'veto', hypothesisId: 'H2', ...who });
      }
    });
    const started = await service.start({ alert, thread: THREAD, requestedBy: 'test' });
    if (!started.started) throw new Error('not started');
    const deadline = Date.now() + 60_000;
    while (!seen.some((e) => e.type === 'follow-up-finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await service.whenIdle();
    await scheduler.close();
    const events = await store.events(started.investigationId);
    const split = events.findIndex((e) => e.type === 'report-superseded');
    const subjectOf = (list: InvestigationEvent[], id: string) => {
      const proposed = list.find((e) => e.type === 'hypothesis-proposed' && e.hypothesis.id === id);
      return proposed?.type === 'hypothesis-proposed' ? JSON.stringify([proposed.hypothesis.kind, proposed.hypothesis.subject]) : undefined;
    };
    const firstVeto = events.slice(0, split).find((e) => e.type === 'steering-applied' && e.command.type === 'veto');
    const carried = events.slice(split).find((e) => e.type === 'steering-applied' && e.command.type === 'veto');
    expect(firstVeto).toBeDefined();
    expect(carried).toBeDefined();
    if (firstVeto?.type !== 'steering-applied' || carried?.type !== 'steering-applied' || carried.command.type !== 'veto') throw new Error('no veto');
    const carriedId = carried.command.hypothesisId;
    expect(subjectOf(events.slice(split), carriedId)).toBe(subjectOf(events.slice(0, split), 'H2'));
    const report = (await store.get(started.investigationId))?.report as { hypotheses: Array<{ id: string; status: string }> };
    expect(report.hypotheses.find((h) => h.id === carriedId)?.status).toBe('vetoed');
  });
});
