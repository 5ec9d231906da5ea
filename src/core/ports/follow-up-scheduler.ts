/** One follow-up look at an investigation: plain data, so a delayed-job queue can carry it. */
export interface FollowUpJob {
  investigationId: string;
  /** The report version the follow-up will produce (2 for the first follow-up). */
  version: number;
  /** When it is due, unix ms. */
  dueAt: number;
}

/**
 * Runs follow-ups when they are due. Implementations: an in-process timer; a delayed job on a
 * shared queue (so any worker replica can run it, and it survives a restart). A job runs at most
 * once; cancelling an investigation drops its pending jobs.
 */
export interface FollowUpScheduler {
  /** Sets what runs a due job; called once, before the first `schedule`. */
  onDue(handler: (job: FollowUpJob) => Promise<void>): void;
  schedule(job: FollowUpJob): Promise<void>;
  /** Drops the pending jobs of an investigation; resolves with how many were dropped. */
  cancel(investigationId: string): Promise<number>;
  /** Jobs this process scheduled that have not run here or been cancelled. */
  pending(): number;
  /** Shuts down: an in-process scheduler drops its pending jobs; a shared one leaves them to the next process. */
  close(): Promise<void>;
}
