import type { FollowUpJob, FollowUpScheduler } from '../core/ports/follow-up-scheduler';

/**
 * Follow-ups on in-process timers: enough for a single replica; a restart drops pending ones.
 * Bounded: at most `maxPending` jobs wait at once (a further one is refused with an error).
 */
export class TimerFollowUpScheduler implements FollowUpScheduler {
  private handler?: (job: FollowUpJob) => Promise<void>;
  private readonly timers = new Map<string, Map<number, NodeJS.Timeout>>();
  private readonly clock: () => number;
  private readonly maxPending: number;

  constructor(options: { clock?: () => number; maxPending?: number; onError?: (error: unknown, job: FollowUpJob) => void } = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxPending = options.maxPending ?? 1000;
    this.onError = options.onError ?? (() => undefined);
  }

  private readonly onError: (error: unknown, job: FollowUpJob) => void;

  onDue(handler: (job: FollowUpJob) => Promise<void>): void {
    this.handler = handler;
  }

  async schedule(job: FollowUpJob): Promise<void> {
    if (!this.handler) throw new Error('the follow-up scheduler has no handler: call onDue first');
    if (this.pending() >= this.maxPending) throw new Error(`${this.maxPending} follow-ups are already pending; this one was not scheduled`);
    const jobs = this.timers.get(job.investigationId) ?? new Map<number, NodeJS.Timeout>();
    if (jobs.has(job.version)) return; // already scheduled: a job runs at most once
    const timer = setTimeout(() => {
      jobs.delete(job.version);
      if (jobs.size === 0) this.timers.delete(job.investigationId);
      this.handler!(job).catch((error) => this.onError(error, job));
    }, Math.max(0, job.dueAt - this.clock()));
    timer.unref?.();
    jobs.set(job.version, timer);
    this.timers.set(job.investigationId, jobs);
  }

  async cancel(investigationId: string): Promise<number> {
    const jobs = this.timers.get(investigationId);
    if (!jobs) return 0;
    for (const timer of jobs.values()) clearTimeout(timer);
    this.timers.delete(investigationId);
    return jobs.size;
  }

  pending(): number {
    let count = 0;
    for (const jobs of this.timers.values()) count += jobs.size;
    return count;
  }

  async close(): Promise<void> {
    for (const id of [...this.timers.keys()]) await this.cancel(id);
  }
}
