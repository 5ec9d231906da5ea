import type { FollowUpJob } from '../../src/core/ports/follow-up-scheduler';
import { BullmqFollowUpScheduler } from '../../src/queue/bullmq-follow-up-scheduler';
import { describeWithRedis, REDIS_URL, uniquePrefix } from '../store/redis-test-support';
import { waitUntil } from './queue-harness';

jest.setTimeout(30_000);

describeWithRedis('follow-ups as delayed jobs on Redis', () => {
  const open: BullmqFollowUpScheduler[] = [];
  let prefix: string;

  const scheduler = (ran: FollowUpJob[] = []) => {
    const created = new BullmqFollowUpScheduler({ url: REDIS_URL, prefix, maxFollowUps: 3, concurrency: 2, lockDurationMs: 5_000 });
    created.onDue(async (job) => void ran.push(job));
    open.push(created);
    return created;
  };

  beforeEach(() => {
    prefix = uniquePrefix();
  });

  afterEach(async () => {
    for (const created of open.splice(0)) await created.close();
  });

  it('runs a follow-up in another worker when the one that scheduled it is gone', async () => {
    const scheduling = scheduler();
    await scheduling.schedule({ investigationId: 'inv-1', version: 2, dueAt: Date.now() + 400 });
    expect(scheduling.pending()).toBe(1);
    // The worker that finished the investigation dies before the follow-up is due.
    await scheduling.close();
    open.splice(open.indexOf(scheduling), 1);

    const ran: FollowUpJob[] = [];
    const other = scheduler(ran);
    other.consume();
    await waitUntil(() => ran.length === 1, 10_000, () => 'the follow-up never ran');
    expect(ran[0]).toMatchObject({ investigationId: 'inv-1', version: 2 });
  });

  it('waits until the follow-up is due, and runs each (investigation, version) once', async () => {
    const ran: FollowUpJob[] = [];
    const worker = scheduler(ran);
    worker.consume();
    const dueAt = Date.now() + 800;
    await worker.schedule({ investigationId: 'inv-2', version: 2, dueAt });
    await worker.schedule({ investigationId: 'inv-2', version: 2, dueAt });
    await scheduler().schedule({ investigationId: 'inv-2', version: 2, dueAt });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).toHaveLength(0);
    await waitUntil(() => ran.length === 1, 10_000, () => 'the follow-up never ran');
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt - 50);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ran).toHaveLength(1);
    expect(worker.pending()).toBe(0);
  });

  it('drops the pending follow-ups of an investigation on cancel (stop), from any process', async () => {
    const ran: FollowUpJob[] = [];
    const worker = scheduler(ran);
    worker.consume();
    await worker.schedule({ investigationId: 'inv-3', version: 2, dueAt: Date.now() + 1_000 });
    await worker.schedule({ investigationId: 'inv-4', version: 2, dueAt: Date.now() + 1_000 });
    // A surface process (no consumer) handles the `stop`.
    expect(await scheduler().cancel('inv-3')).toBe(1);
    await waitUntil(() => ran.length === 1, 10_000, () => 'the other follow-up never ran');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ran.map((job) => job.investigationId)).toEqual(['inv-4']);
  });
});
