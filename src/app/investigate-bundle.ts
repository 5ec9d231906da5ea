import type { Budget, Thresholds } from '../core/investigation/budget-schema';
import type { InvestigationEvent, NewInvestigationEvent } from '../core/investigation/investigation-events';
import { Investigator } from '../core/investigation/investigator';
import type { SteeringInbox } from '../core/investigation/steering-inbox';
import type { Reasoner } from '../core/ports/reasoner';
import type { Report } from '../core/report/report-schema';
import { BundleError } from '../core/errors';
import { BundleSource, type BundleLimits } from '../telemetry/bundle';
import { alertFromCase } from './alert-from-case';
import { clipRange } from '../telemetry/bundle/replay-cutoff';
import { timeRange, type TimeRange } from '../core/telemetry/time-range-schema';

export interface BundleInvestigationOptions {
  dir: string;
  reasoner: Reasoner;
  budget: Budget;
  thresholds: Thresholds;
  investigationId?: string;
  steering?: SteeringInbox;
  /** Sees every audit event as it happens (numbered). */
  onEvent?: (event: InvestigationEvent) => void | Promise<void>;
  clock?: () => number;
  /** Bounds on what is read from the bundle (the bundle source's `limits`); defaults otherwise. */
  limits?: BundleLimits;
  /** Replays the recording as if live: see {@link ReplayMoment}. Absent: the whole recording is visible. */
  replay?: ReplayMoment;
  /**
   * An already open source over `dir` (its indexes are kept between looks of a replay); with
   * `replay`, its `asOf` must read the same moment. Default: the bundle is opened for this call.
   */
  source?: BundleSource;
}

/**
 * A moment of a live replay: the investigation sees only telemetry dated up to `nowMs`, and the
 * alert is taken to have fired `alertDelayMs` after the recorded time (alerts fire after the fault
 * began: `for:` clauses, evaluation intervals, burn-rate windows).
 */
export interface ReplayMoment {
  nowMs: number;
  alertDelayMs: number;
}

export interface BundleInvestigationResult {
  report: Report;
  events: InvestigationEvent[];
  caseId: string;
  durationMs: number;
}

/**
 * Investigates a recorded incident bundle end to end: reads and validates the bundle, recognizes
 * its alert, runs the investigator and collects the audit log. Reading the bundle is part of the
 * investigation: it counts against the deadline and in the time the report says was used. A
 * bundle that cannot be read fails with its BundleError; one that cannot be read before the
 * deadline gets a report saying so.
 */
export async function investigateBundle(options: BundleInvestigationOptions): Promise<BundleInvestigationResult> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const replay = options.replay;
  const source = options.source ?? (await BundleSource.open(options.dir, { limits: options.limits, ...(replay ? { asOf: () => replay.nowMs } : {}) }));
  await validateBeforeDeadline(source, options.budget.deadlineMs);
  const recorded = alertFromCase(source.case);
  const alert = replay ? { ...recorded, firedAt: new Date(Date.parse(recorded.firedAt) + replay.alertDelayMs).toISOString() } : recorded;
  const window = replay ? clipRange(source.case.window, replay.nowMs) ?? timeRange(Date.parse(source.case.window.start), Date.parse(source.case.window.start)) : source.case.window;
  const baseline = replay && source.case.baseline ? visibleBaseline(source.case.baseline, replay.nowMs) : source.case.baseline;
  const investigationId = options.investigationId ?? `inv-${source.case.id}`;
  const events: InvestigationEvent[] = [];
  const record = async (event: NewInvestigationEvent): Promise<void> => {
    const numbered = { ...event, investigationId, seq: events.length + 1, at: new Date(clock()).toISOString() } as InvestigationEvent;
    events.push(numbered);
    await options.onEvent?.(numbered);
  };
  const investigator = new Investigator({ reasoner: options.reasoner, source, budget: options.budget, thresholds: options.thresholds, clock });
  const report = await investigator.run({
    investigationId,
    alert,
    window,
    baseline,
    steering: options.steering,
    startedAt: started,
    record,
  });
  if (!options.source) await source.close?.();
  return { report, events, caseId: source.case.id, durationMs: clock() - started };
}

/** The part of a fault-free period recorded by now (none when it had not begun, or lasts under a minute). */
function visibleBaseline(baseline: TimeRange, nowMs: number): TimeRange | null {
  const clipped = clipRange(baseline, nowMs);
  return clipped && Date.parse(clipped.end) - Date.parse(clipped.start) >= 60_000 ? clipped : null;
}

/** Indexes every file, failing on a corrupt one; past the deadline the investigation reports it. */
async function validateBeforeDeadline(source: BundleSource, deadlineMs: number): Promise<void> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  try {
    await source.validate({ signal: deadline.signal });
  } catch (error) {
    if (!(error instanceof BundleError) || !deadline.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
}
