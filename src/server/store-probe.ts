import { errorMessage } from '../core/errors';

/**
 * How long a chat request waits for the store to answer before it is refused. A Redis PING takes
 * well under a millisecond on a healthy connection, so 750 ms is only reached when the store is
 * gone; it leaves most of Slack's 3 s window for the surface's own answer.
 */
export const STORE_PROBE_TIMEOUT_MS = 750;

/**
 * How long a store answer is trusted without asking again. Under a burst of events one PING
 * covers all of them (at most four a second); a request that arrives within this time of the
 * store going away passes, and waits on the store like one that arrives just before.
 */
export const STORE_PROBE_REUSE_MS = 250;

/** Whether the store answered, and if not, why (for the log; no secrets). */
export type StoreProbeResult = { ok: true } | { ok: false; reason: string };

/** Options of `StoreProbe`. */
export interface StoreProbeOptions {
  /**
   * One round trip to the store (a Redis PING): resolves once it answered, rejects when it
   * failed. It needs no timeout of its own; the probe bounds the wait.
   */
  ping: () => Promise<unknown>;
  /** How long a check waits for the answer. Default STORE_PROBE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** How long an answer is reused. Default STORE_PROBE_REUSE_MS. */
  reuseMs?: number;
  /** Milliseconds, for the reuse window; `Date.now` by default. */
  now?: () => number;
}

const ANSWERED: StoreProbeResult = { ok: true };

/**
 * Asks the store whether it answers now, within a bound: the client's own view of its connection
 * (ioredis' `ready`) stays true for a while after Redis stopped answering, and a command sent then
 * waits for as long as the client keeps retrying. Concurrent checks share one wait, a recent
 * answer is reused, and at most one PING is outstanding: while Redis does not answer, a check
 * waits again on the PING already sent instead of queueing another behind it.
 */
export class StoreProbe {
  private readonly timeoutMs: number;
  private readonly reuseMs: number;
  private readonly now: () => number;
  private answeredAt: number | undefined;
  private outstanding: Promise<StoreProbeResult> | undefined;
  private waiting: Promise<StoreProbeResult> | undefined;

  constructor(private readonly options: StoreProbeOptions) {
    this.timeoutMs = options.timeoutMs ?? STORE_PROBE_TIMEOUT_MS;
    this.reuseMs = options.reuseMs ?? STORE_PROBE_REUSE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Whether the store answered within the bound (or recently enough); never rejects. */
  check(): Promise<StoreProbeResult> {
    if (this.answeredAt !== undefined && this.now() - this.answeredAt < this.reuseMs) return Promise.resolve(ANSWERED);
    this.waiting ??= this.bounded().finally(() => (this.waiting = undefined));
    return this.waiting;
  }

  private async bounded(): Promise<StoreProbeResult> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<StoreProbeResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${this.timeoutMs} ms` }), this.timeoutMs);
      // A pending check must not keep a process alive that is otherwise done.
      timer.unref();
    });
    try {
      return await Promise.race([this.ping(), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private ping(): Promise<StoreProbeResult> {
    this.outstanding ??= new Promise((resolve) => resolve(this.options.ping()))
      .then(
        (): StoreProbeResult => {
          this.answeredAt = this.now();
          return ANSWERED;
        },
        (error: unknown): StoreProbeResult => ({ ok: false, reason: errorMessage(error) }),
      )
      .finally(() => (this.outstanding = undefined));
    return this.outstanding;
  }
}
