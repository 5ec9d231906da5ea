import { errorMessage } from '../errors';
import type { QueryOutcome, TelemetrySource } from '../ports/telemetry-source';
import { TelemetryQuerySchema, type TelemetryQueryInput } from '../telemetry/query-schemas';
import { timeRange, type TimeRange } from '../telemetry/time-range-schema';
import type { BudgetTracker } from './budget-tracker';
import type { Evidence } from './evidence-schema';

export interface RecordedEvidence {
  evidence: Evidence;
  hypothesisId: string | null;
}

/**
 * Runs queries for the loop: validates them, spends budget, applies a per-query timeout, numbers
 * the evidence (E1, E2…) and records it. Whatever the backend does — throw, hang, return garbage —
 * the caller gets evidence with a status, never an exception.
 */
export class QueryRunner {
  private counter = 0;
  readonly recorded: RecordedEvidence[] = [];

  constructor(
    private readonly source: TelemetrySource,
    private readonly budget: BudgetTracker,
    private readonly options: {
      clock: () => number;
      queryTimeoutMs: number;
      onEvidence: (record: RecordedEvidence) => Promise<void>;
    },
  ) {}

  /** Takes back the evidence of an interrupted run; new evidence is numbered after it. */
  restore(records: readonly RecordedEvidence[]): void {
    for (const record of records) {
      this.recorded.push(record);
      const number = Number.parseInt(record.evidence.id.slice(1), 10);
      if (Number.isFinite(number)) this.counter = Math.max(this.counter, number);
    }
  }

  async run(input: TelemetryQueryInput, hypothesisId: string | null): Promise<QueryOutcome> {
    const parsed = TelemetryQuerySchema.safeParse(input);
    const started = this.options.clock();
    let outcome: QueryOutcome;
    if (!parsed.success) {
      outcome = { evidence: this.failure(input, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, started) };
    } else if (!this.budget.tryQuery()) {
      outcome = { evidence: this.failure(input, `not run: ${this.budget.exhaustedReason() ?? 'budget spent'}`, started) };
    } else {
      outcome = await this.execute(parsed.data, started);
    }
    const evidence = { ...outcome.evidence, id: `E${++this.counter}` };
    const record = { evidence, hypothesisId };
    this.recorded.push(record);
    await this.options.onEvidence(record);
    return { evidence, data: evidence.status === 'ok' ? outcome.data : undefined };
  }

  /**
   * Records a fact that did not come from the telemetry source (a change a person reported in
   * chat), numbered like any evidence; spends no query budget.
   */
  async record(evidence: Omit<Evidence, 'id'>, hypothesisId: string | null): Promise<Evidence> {
    const numbered = { ...evidence, id: `E${++this.counter}` };
    const record = { evidence: numbered, hypothesisId };
    this.recorded.push(record);
    await this.options.onEvidence(record);
    return numbered;
  }

  private async execute(query: ReturnType<typeof TelemetryQuerySchema.parse>, started: number): Promise<QueryOutcome> {
    const controller = new AbortController();
    const timeoutMs = Math.max(1, Math.min(this.options.queryTimeoutMs, this.budget.remainingMs()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<QueryOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ evidence: this.failure(query, `timed out after ${timeoutMs} ms`, started) });
      }, timeoutMs);
    });
    try {
      const outcome = await Promise.race([this.source.run(query, { signal: controller.signal }), timeout]);
      if (!outcome || typeof outcome !== 'object' || !outcome.evidence) {
        return { evidence: this.failure(query, `source ${this.source.id} returned no evidence`, started) };
      }
      return outcome;
    } catch (error) {
      return { evidence: this.failure(query, `source ${this.source.id} failed: ${errorMessage(error)}`, started) };
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(input: TelemetryQueryInput | { name?: unknown; params?: unknown }, message: string, started: number): Evidence {
    const params = (input as { params?: Record<string, unknown> }).params ?? {};
    const range = (params as { range?: TimeRange }).range;
    const now = this.options.clock();
    return {
      id: 'pending',
      sourceId: this.source.id,
      queryName: String((input as { name?: unknown }).name ?? 'unknown'),
      queryText: `${String((input as { name?: unknown }).name ?? 'unknown')} ${safeJson(params)}`,
      parameters: params as Record<string, unknown>,
      timeRange: isRange(range) ? range : timeRange(now, now),
      status: 'error',
      digest: {},
      summary: message,
      elapsedMs: Math.max(0, now - started),
      collectedAt: new Date(now).toISOString(),
    };
  }
}

function isRange(value: unknown): value is TimeRange {
  const range = value as TimeRange | undefined;
  return typeof range?.start === 'string' && typeof range?.end === 'string' && !Number.isNaN(Date.parse(range.start)) && !Number.isNaN(Date.parse(range.end));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '{}';
  }
}
