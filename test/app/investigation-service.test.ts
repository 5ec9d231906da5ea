import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { InvestigationService } from '../../src/app/investigation-service';
import { alertFromCase } from '../../src/app/alert-from-case';
import type { Alert } from '../../src/core/alerts/alert-schema';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import type { InvestigationEvent, NewInvestigationEvent } from '../../src/core/investigation/investigation-events';
import { createLogger } from '../../src/observability/logger';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { MemoryInvestigationStore } from '../../src/store/memory/memory-investigation-store';
import { RedactingInvestigationStore } from '../../src/store/redacting-investigation-store';
import { BundleSource } from '../../src/telemetry/bundle';

const THREAD = { surface: 'test', channel: 'C1', threadId: '1' };

/** A store whose appends of one event type fail, as a store that went down mid-investigation does. */
class FailingStore extends MemoryInvestigationStore {
  constructor(private readonly failOn: string) {
    super();
  }
  override async append(id: string, event: NewInvestigationEvent): Promise<InvestigationEvent> {
    if (event.type === this.failOn) throw new Error('the store is unreachable');
    return super.append(id, event);
  }
}

describe('InvestigationService', () => {
  let dir: string;
  let source: BundleSource;
  let alert: Alert;
  let now: number;
  let logs: string[];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-service-kafka-consumer-lag-'));
    await writeScenario('kafka-consumer-lag', dir);
    source = new BundleSource({ dir });
    alert = alertFromCase(source.case);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function service(store = new MemoryInvestigationStore({ now: () => now }), workerConcurrency?: number) {
    now = Date.parse('2024-05-14T09:30:00Z');
    logs = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) }) });
    let n = 0;
    const svc = new InvestigationService({
      store, source, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}),
      logger, refireWindowMs: 30 * 60_000, newId: () => `inv-${++n}`, workerConcurrency,
    });
    return { svc, store };
  }

  it('finishes when the store redacts its run id (a random id that looks like a secret is rewritten)', async () => {
    // Every hex run of 8+ characters is "redacted", as a secret pattern may do to a UUID.
    const redacting = new RedactingInvestigationStore(new MemoryInvestigationStore({ now: () => now }), (text) => text.replace(/[0-9a-f]{8,}/g, '[redacted]'));
    const { svc } = service(redacting as unknown as MemoryInvestigationStore);
    const result = await svc.start({ alert, thread: { surface: 'test', channel: 'C1', threadId: 't1' }, requestedBy: 'bot' });
    await svc.whenIdle();
    expect((await redacting.get(result.investigationId!))?.status).toBe('done');
  });

  it('runs in the background, journals every event and hands it to subscribers in log order', async () => {
    const { svc, store } = service();
    const seen: InvestigationEvent[] = [];
    svc.subscribe(async (event, id) => {
      expect(id).toBe('inv-1');
      seen.push(event);
      if (event.type === 'report-ready') expect(await svc.report(id)).toBeDefined();
    });
    const result = await svc.start({ alert, thread: THREAD, requestedBy: 'U1' });
    expect(result).toEqual({ started: true, investigationId: 'inv-1' });
    expect(await store.findByThread(THREAD)).toBe('inv-1');
    expect(svc.runningInvestigations().map((r) => r.id)).toEqual(['inv-1']);
    await svc.whenIdle();

    const journal = await store.events('inv-1');
    expect(seen).toEqual(journal);
    expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
    expect((await store.get('inv-1'))?.status).toBe('done');
    expect((await svc.report('inv-1'))?.causalChain.at(-1)?.service).toBe('kafka-broker');
    expect(await svc.steer('inv-1', { type: 'stop', by: 'U1', at: '2024-05-14T09:31:00Z' })).toBe(false);
  });

  it('starts one investigation for a duplicate request or alert, and none for a re-fire within the window', async () => {
    const { svc, store } = service();
    expect(await svc.start({ alert, thread: THREAD, requestedBy: 'U1', dedupeKey: 'slack:C1:1' })).toMatchObject({ started: true });
    expect(await svc.start({ alert, thread: THREAD, requestedBy: 'U1', dedupeKey: 'slack:C1:1' })).toEqual({ started: false, reason: 'duplicate', investigationId: 'inv-1' });
    expect(await svc.start({ alert, thread: { ...THREAD, threadId: '2' }, requestedBy: 'U1', dedupeKey: 'slack:C1:2' })).toEqual({ started: false, reason: 'duplicate', investigationId: 'inv-1' });
    const refire = { ...alert, firedAt: '2024-05-14T09:40:00Z' };
    expect(await svc.start({ alert: refire, thread: { ...THREAD, threadId: '3' }, requestedBy: 'U1' })).toEqual({ started: false, reason: 'refire-window', investigationId: 'inv-1' });
    now += 31 * 60_000;
    expect(await svc.start({ alert: refire, thread: { ...THREAD, threadId: '4' }, requestedBy: 'U1' })).toEqual({ started: true, investigationId: 'inv-2' });
    await svc.whenIdle();
    expect((await store.get('inv-2'))?.status).toBe('done');
  });

  it('applies steering queued through the store between steps', async () => {
    const { svc } = service();
    svc.subscribe(async (event, id) => {
      if (event.type === 'hypothesis-proposed' && event.hypothesis.id === 'H1') await svc.steer(id, { type: 'veto', hypothesisId: 'H1', by: 'U9', at: '2024-05-14T09:31:00Z' });
    });
    await svc.start({ alert, thread: THREAD, requestedBy: 'U1' });
    await svc.whenIdle();
    const report = await svc.report('inv-1');
    expect(report?.decisions).toEqual([expect.objectContaining({ type: 'veto', hypothesisId: 'H1', by: 'U9' })]);
    expect(report?.rejected).toContainEqual(expect.objectContaining({ hypothesisId: 'H1', status: 'vetoed' }));
  });

  it('records and logs a failed investigation without throwing, and survives a failing subscriber', async () => {
    const { svc, store } = service(new FailingStore('investigation-started'));
    const seen: string[] = [];
    svc.subscribe(async () => {
      throw new Error('the chat surface is down');
    });
    svc.subscribe(async (event) => {
      seen.push(event.type);
    });
    await svc.start({ alert, thread: THREAD, requestedBy: 'U1' });
    await svc.whenIdle();

    expect(seen.at(-1)).toBe('investigation-failed');
    const journal = await store.events('inv-1');
    expect(journal.at(-1)).toMatchObject({ type: 'investigation-failed', code: 'internal_error', error: 'the store is unreachable' });
    expect(await store.get('inv-1')).toMatchObject({ status: 'failed', error: 'the store is unreachable' });
    const failure = logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'investigation failed');
    expect(failure).toMatchObject({ investigationId: 'inv-1', level: 50 });
    expect(logs.some((line) => line.includes('an investigation listener failed'))).toBe(true);
  });

  it('queues beyond its concurrency, says how many are ahead, and runs a human request before queued alerts', async () => {
    const { svc, store } = service(undefined, 1);
    const started: string[] = [];
    svc.subscribe(async (event, id) => {
      if (event.type === 'investigation-started') started.push(id);
    });
    const alerts = [1, 2, 3].map((i) => ({ ...alert, fingerprint: `${alert.fingerprint}-${i}` }));
    await svc.start({ alert: alerts[0], thread: { ...THREAD, threadId: 'a' }, requestedBy: 'bot' });
    await svc.start({ alert: alerts[1], thread: { ...THREAD, threadId: 'b' }, requestedBy: 'bot' });
    await svc.start({ alert: alerts[2], thread: { ...THREAD, threadId: 'c' }, requestedBy: 'U1', priority: 'human' });
    expect((await store.events('inv-2'))[0]).toMatchObject({ type: 'investigation-queued', ahead: 0 });
    expect((await store.events('inv-3'))[0]).toMatchObject({ type: 'investigation-queued', ahead: 0 });
    expect((await svc.queueStatus()).depth).toMatchObject({ waiting: 2, running: 1 });
    await svc.whenIdle();
    expect(started).toEqual(['inv-1', 'inv-3', 'inv-2']);
    for (const id of ['inv-1', 'inv-2', 'inv-3']) expect((await store.get(id))?.status).toBe('done');
  });
});
