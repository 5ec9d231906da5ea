import type { ModelCall } from '../../core/investigation/reasoning-records';

/**
 * Where a model call is accounted: the investigation's token budget and audit log (through its
 * context), or the thread assistant's own ledger.
 */
export interface CallLedger {
  /** Tokens still allowed; Infinity when unbounded. */
  remainingTokens(): number;
  addTokens(count: number): void;
  record(call: ModelCall): Promise<void>;
}

/** A ledger with its own budget that records calls by handing them to `onCall`. */
export class StandaloneLedger implements CallLedger {
  private spent = 0;

  constructor(
    private readonly limit: number,
    private readonly onCall: (call: ModelCall) => void | Promise<void> = () => undefined,
  ) {}

  remainingTokens(): number {
    return this.limit > 0 ? Math.max(0, this.limit - this.spent) : Number.POSITIVE_INFINITY;
  }

  addTokens(count: number): void {
    this.spent += Math.max(0, Math.round(count));
  }

  get tokens(): number {
    return this.spent;
  }

  async record(call: ModelCall): Promise<void> {
    await this.onCall(call);
  }
}
