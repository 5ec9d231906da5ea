import { TimerFollowUpScheduler } from '../../src/app/timer-follow-up-scheduler';
import type { FollowUpJob } from '../../src/core/ports/follow-up-scheduler';

describe('TimerFollowUpScheduler', () => {
  it('runs a job once when it is due', async () => {
    const scheduler = new TimerFollowUpScheduler();
    const ran: FollowUpJob[] = [];
    scheduler.onDue(async (job) => void ran.push(job));
    await scheduler.schedule({ investigationId: 'inv-1', version: 2, dueAt: Date.now() + 20 });
    await scheduler.schedule({ investigationId: 'inv-1', version: 2, dueAt: Date.now() + 20 });
    expect(scheduler.pending()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toEqual([expect.objectContaining({ investigationId: 'inv-1', version: 2 })]);
    expect(scheduler.pending()).toBe(0);
  });

  it('drops the pending jobs of a cancelled investigation, and only those', async () => {
    const scheduler = new TimerFollowUpScheduler();
    const ran: string[] = [];
    scheduler.onDue(async (job) => void ran.push(job.investigationId));
    await scheduler.schedule({ investigationId: 'inv-1', version: 2, dueAt: Date.now() + 30 });
    await scheduler.schedule({ investigationId: 'inv-2', version: 2, dueAt: Date.now() + 30 });
    expect(await scheduler.cancel('inv-1')).toBe(1);
    expect(await scheduler.cancel('inv-1')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toEqual(['inv-2']);
  });

  it('is bounded and needs a handler', async () => {
    const scheduler = new TimerFollowUpScheduler({ maxPending: 1 });
    await expect(scheduler.schedule({ investigationId: 'a', version: 2, dueAt: Date.now() })).rejects.toThrow(/no handler/);
    scheduler.onDue(async () => undefined);
    await scheduler.schedule({ investigationId: 'a', version: 2, dueAt: Date.now() + 10_000 });
    await expect(scheduler.schedule({ investigationId: 'b', version: 2, dueAt: Date.now() + 10_000 })).rejects.toThrow(/1 follow-ups are already pending/);
    await scheduler.close();
    expect(scheduler.pending()).toBe(0);
  });
});
