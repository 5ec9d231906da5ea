import { BundleError } from '../../core/errors';

interface Pending<T> {
  result: Promise<T>;
  controller: AbortController;
  /** Callers still waiting; a caller without a signal waits for good. */
  waiting: number;
  steadfast: boolean;
}

/**
 * One index build shared by every caller that needs it. Each caller may pass the signal of its
 * own deadline: it stops waiting when that signal fires, and the build itself is stopped once
 * every caller has stopped waiting (a build somebody still needs runs on). A stopped build is
 * forgotten, so the next caller starts over; a finished or failed one is kept.
 */
export class SharedBuild<T> {
  private pending: Pending<T> | undefined;

  constructor(
    private readonly file: string,
    private readonly build: (signal: AbortSignal) => Promise<T>,
  ) {}

  get(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(this.stopped());
    if (this.pending?.controller.signal.aborted) this.pending = undefined; // stopping: start afresh
    const pending = (this.pending ??= this.start());
    pending.waiting++;
    if (!signal) pending.steadfast = true;
    if (!signal) return pending.result;
    return new Promise<T>((resolve, reject) => {
      const giveUp = (): void => {
        pending.waiting--;
        if (pending.waiting === 0 && !pending.steadfast) pending.controller.abort();
        reject(this.stopped());
      };
      signal.addEventListener('abort', giveUp, { once: true });
      pending.result.then(
        (value) => {
          signal.removeEventListener('abort', giveUp);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', giveUp);
          reject(error);
        },
      );
    });
  }

  private start(): Pending<T> {
    const controller = new AbortController();
    const pending: Pending<T> = { result: this.build(controller.signal), controller, waiting: 0, steadfast: false };
    pending.result.catch(() => {
      if (controller.signal.aborted && this.pending === pending) this.pending = undefined;
    });
    return pending;
  }

  private stopped(): BundleError {
    return new BundleError(
      this.file,
      'not read in time: the investigation reached its deadline while this file was being indexed; ' +
        'raise budget.deadlineMs (CAUSA_DEADLINE_MS) for a bundle this large',
    );
  }
}
