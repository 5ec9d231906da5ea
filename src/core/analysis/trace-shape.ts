/**
 * How the shape of one operation's work changed: the calls it makes per execution and how long it
 * runs. Code that throws part-way stops making the calls that come after the throw, and its spans
 * end early; both show in traces without a single log line. Counting calls per execution of the
 * operation (not per minute) keeps the comparison independent of load and of how much of the
 * period the traces cover.
 */
import type { OperationCall, OperationShape } from '../telemetry/query-results';
import { rateChangeScore, shareChangeScore } from './rate-comparison';

/** Fewest executions of the operation in each period for its shape to be compared. */
export const MIN_EXECUTIONS = 8;
/** A call made at least this often per execution in the reference is part of the operation's normal path. */
const MIN_CALLS_PER_EXECUTION = 0.2;
/** A call counts as dropped when at least this share of it is gone… */
const MIN_DROP = 0.35;
/** …and a drop that large is not chance (two-Poisson z). */
const MIN_DROP_Z = 3;
/**
 * A call that (nearly) every execution made in the reference is a fixed step of the path: when
 * the source counts the executions that made it, a smaller share of executions skipping it is
 * already work cut short (a fault that began part-way through the period, or fails part of the
 * requests), provided the share test says it is not chance.
 */
const STEADY_SHARE = 0.95;
const MIN_STEADY_DROP = 0.2;
/**
 * The share test counts each execution as an independent draw, while requests come in bursts of
 * alike ones (a client paging through an empty result takes the short path many times in a row):
 * a change found only by it counts for a little less than one the calls' count shows.
 */
const STEADY_WEIGHT = 0.9;
/**
 * A call made more than this many times per execution is made in a loop (once per item). When
 * (nearly) every execution still makes it, but fewer times, and the calls after it fell too, the
 * work stopped inside the loop: after one of its answers, not before the loop.
 */
const LOOP_CALLS = 1.2;

/**
 * Calls into error handling (an error controller, an exception mapper, a fallback) are not part of
 * the normal path: fewer of them is fewer failures, not work cut short.
 */
const ERROR_HANDLING = /error|exception|fault|fallback/i;
/** Kept: at most this share gone. */
const KEPT_DROP = 0.3;
/** An operation ends early when its median duration falls below this share of the reference's. */
const EARLY_RATIO = 0.5;
/** An operation also ends early when its quicker quarter (p25) falls below this share of the reference's… */
const QUICK_RATIO = 0.3;
/** …which says that a part of its executions (a quarter to a half) stopped, not all: it counts for this much. */
const PART_SHARE = 0.6;
/** A call whose own median fell below this share explains a parent that ended early or stopped after it. */
export const FAILED_CALL_RATIO = 0.7;
/** Score of a change that removed all of it, with evidence to spare (robust-z units). */
const FULL_CHANGE_SCORE = 8;

export interface CallChange {
  call: OperationCall;
  /** Share of the call's executions per parent execution that is gone (0..1). */
  drop: number;
  /** Median duration now / in the reference, when the call still happens. */
  durationRatio?: number;
  /** More of its calls fail now (two-Poisson z ≥ 3). */
  failsMore: boolean;
}

export interface ShapeChange {
  service: string;
  operation: string;
  /** 'calls-vanished' / 'calls-dropped': calls of its normal path stopped; 'ended-early': it returns much sooner. */
  change: 'calls-vanished' | 'calls-dropped' | 'ended-early';
  /** Robust-z-like size of the change, limited by how much of the work changed. */
  score: number;
  /** The calls that stopped (or fell), in call order. */
  dropped: CallChange[];
  /** The last call still made normally before the first dropped one; null when the change starts with the operation. */
  lastKept: CallChange | null;
  /**
   * Later stops: dropped calls, each made once per execution, after which the work stops in a
   * good share of the executions that still make them (the next call fell far more than they
   * did), while they return as before. The work stops after their answers too.
   */
  stopsAlsoAfter?: Array<{ after: CallChange; share: number; score: number }>;
  /** Median duration now / in the reference. */
  durationRatio: number;
  executions: { reference: number; now: number };
}

/**
 * Compares one operation's shape in the reference with now. Undefined when too few executions
 * were seen or nothing changed. A parent that merely ended early because one of its calls did is
 * not reported: the change sits in that call. Only a service's entry operations (called from
 * another service, or roots) are judged on their duration: an internal step such as a database
 * query varies with the data, while a handler that returns far sooner is one that stopped.
 */
export function compareOperationShape(reference: OperationShape, now: OperationShape, options: { entry: boolean } = { entry: true }): ShapeChange | undefined {
  if (reference.count < MIN_EXECUTIONS || now.count < MIN_EXECUTIONS) return undefined;
  const changes = reference.calls
    .filter((call) => call.count >= 3 && call.count / reference.count >= MIN_CALLS_PER_EXECUTION)
    .filter((call) => !ERROR_HANDLING.test(call.operation) && call.errorCount < call.count / 2)
    .map((call) => callChange(call, reference.count, now.calls.find((c) => c.service === call.service && c.operation === call.operation), now.count));
  const dropped = changes.filter((c) => c.score > 0);
  const durationRatio = reference.p50Ms > 0 ? now.p50Ms / reference.p50Ms : 1;
  const executions = { reference: reference.count, now: now.count };
  if (dropped.length > 0) {
    const first = dropped[0];
    // A loop every execution still starts was reached, however many of its rounds are gone.
    const kept = changes.filter((c) => !dropped.includes(c) && (c.drop <= KEPT_DROP || c.loopReached) && c.call.meanOffsetMs <= first.call.meanOffsetMs);
    const later = changes.filter((c) => c !== first && c.call.meanOffsetMs > first.call.meanOffsetMs);
    const cutInLoop = first.loopReached && later.every((c) => dropped.includes(c));
    const lastKept = cutInLoop ? first : kept.length > 0 ? kept[kept.length - 1] : null;
    const score = Math.max(...dropped.map((c) => c.score));
    const change = dropped.every((c) => c.drop >= 0.95) ? 'calls-vanished' : 'calls-dropped';
    const also = laterStops(changes, dropped, reference, now);
    return { service: now.service, operation: now.operation, change, score, dropped: dropped.map(strip), lastKept: lastKept ? strip(lastKept) : null, durationRatio, executions, ...(also.length > 0 ? { stopsAlsoAfter: also } : {}) };
  }
  // Most executions return far sooner (the median fell), or a good share of them do (the
  // quicker quarter fell while the median held: the handler fails for part of the requests).
  const quickRatio = reference.p25Ms !== undefined && now.p25Ms !== undefined && reference.p25Ms > 0 ? now.p25Ms / reference.p25Ms : 1;
  const early = durationRatio < EARLY_RATIO ? 1 - durationRatio : quickRatio < QUICK_RATIO ? (1 - quickRatio) * PART_SHARE : 0;
  if (!options.entry || reference.p50Ms < 0.5 || early === 0) return undefined;
  // Ended early because a call did: the change is in that call. A different mix of calls (a
  // generic client operation calling other endpoints) changes the duration without any failure.
  if (changes.some((c) => c.durationRatio !== undefined && c.durationRatio < FAILED_CALL_RATIO)) return undefined;
  if (!sameCalls(reference, now)) return undefined;
  const evidence = Math.min(1, Math.sqrt(Math.min(reference.count, now.count) / 10));
  const score = FULL_CHANGE_SCORE * early * evidence;
  const last = changes.filter((c) => c.drop <= KEPT_DROP);
  return { service: now.service, operation: now.operation, change: 'ended-early', score, dropped: [], lastKept: last.length > 0 ? strip(last[last.length - 1]) : null, durationRatio, executions };
}

/**
 * Dropped calls after which the work stops again: of the executions that still make the call, a
 * share beyond chance no longer makes the next one, against the reference's share (a steady step,
 * one every reference execution that made the call went on to, counts a smaller share, as in
 * `shareChange`). Only calls made about once per execution (a loop's rounds are not steps in
 * order), that did not fail.
 */
function laterStops(changes: ReadonlyArray<CallChange & { score: number }>, dropped: ReadonlyArray<CallChange & { score: number }>, reference: OperationShape, now: OperationShape): Array<{ after: CallChange; share: number; score: number }> {
  const ordered = [...changes].sort((a, b) => a.call.meanOffsetMs - b.call.meanOffsetMs);
  const nowOf = (call: OperationCall) => now.calls.find((c) => c.service === call.service && c.operation === call.operation);
  // Executions that made the call, where the source counts them; else its calls.
  const made = (call: OperationCall | undefined) => call?.callers ?? call?.count ?? 0;
  const once = (c: CallChange) => c.call.count / reference.count <= LOOP_CALLS;
  const out: Array<{ after: CallChange; share: number; score: number }> = [];
  for (let i = 0; i + 1 < ordered.length; i++) {
    const [at, next] = [ordered[i], ordered[i + 1]];
    if (!dropped.includes(at) || !dropped.includes(next) || !once(at) || !once(next) || callFailed(at)) continue;
    const [reached, reachedNow] = [made(at.call), made(nowOf(at.call))];
    const [went, wentNow] = [Math.min(made(next.call), reached), Math.min(made(nowOf(next.call)), reachedNow)];
    if (reachedNow < MIN_EXECUTIONS || went === 0) continue;
    const share = Math.max(0, 1 - wentNow / reachedNow / (went / reached));
    const z = Math.max(0, -shareChangeScore(went, reached, wentNow, reachedNow));
    const steady = went / reached >= STEADY_SHARE;
    if (share >= (steady ? MIN_STEADY_DROP : MIN_DROP) && z >= MIN_DROP_Z) out.push({ after: strip(at), share, score: (steady ? STEADY_WEIGHT : 1) * Math.min(z, FULL_CHANGE_SCORE * Math.sqrt(share)) });
  }
  return out;
}

/** Whether a call the operation still makes failed itself (returned much sooner, or with errors): the change began there. */
export function callFailed(change: CallChange): boolean {
  return change.failsMore || (change.durationRatio !== undefined && change.durationRatio < FAILED_CALL_RATIO);
}

/** The same calls per execution (each within ±30 %), none new: a stable mix. */
export function sameCalls(reference: OperationShape, now: OperationShape): boolean {
  const rate = (shape: OperationShape, call: { service: string; operation: string }) =>
    (shape.calls.find((c) => c.service === call.service && c.operation === call.operation)?.count ?? 0) / shape.count;
  return [...reference.calls, ...now.calls].every((call) => {
    const before = rate(reference, call);
    const after = rate(now, call);
    return Math.max(before, after) < MIN_CALLS_PER_EXECUTION || Math.abs(after - before) <= KEPT_DROP * Math.max(before, after);
  });
}

function callChange(call: OperationCall, executions: number, now: OperationCall | undefined, nowExecutions: number): CallChange & { score: number; loopReached: boolean } {
  const before = call.count / executions;
  const after = (now?.count ?? 0) / nowExecutions;
  const countDrop = Math.max(0, 1 - after / before);
  const countZ = Math.max(0, -rateChangeScore(call.count, executions, now?.count ?? 0, nowExecutions));
  const countScore = countDrop >= MIN_DROP && countZ >= MIN_DROP_Z ? Math.min(countZ, FULL_CHANGE_SCORE * Math.sqrt(countDrop)) : 0;
  const steady = shareChange(call.callers, executions, now === undefined ? 0 : now.callers, nowExecutions);
  const durationRatio = now && now.count >= 3 && call.p50Ms > 0 ? now.p50Ms / call.p50Ms : undefined;
  const failsMore = now !== undefined && now.errorCount > 0 && rateChangeScore(call.errorCount, call.count, now.errorCount, now.count) >= 3;
  const loopReached = before > LOOP_CALLS && steady.drop <= KEPT_DROP && steady.score === 0 && call.callers !== undefined && call.callers / executions >= STEADY_SHARE && now?.callers !== undefined;
  return { call, drop: Math.max(countDrop, steady.drop), score: Math.max(countScore, steady.score), durationRatio, failsMore, loopReached };
}

/**
 * The share of executions that made a call, where the source counts them (a call not seen now was
 * made by none): for a call (nearly) every reference execution made, how much of that share is
 * gone and the score of that loss (0 unless it is large enough and beyond chance).
 */
function shareChange(before: number | undefined, executions: number, now: number | undefined, nowExecutions: number): { drop: number; score: number } {
  if (before === undefined || now === undefined || before / executions < STEADY_SHARE) return { drop: 0, score: 0 };
  const drop = Math.max(0, 1 - now / nowExecutions / (before / executions));
  const z = Math.max(0, -shareChangeScore(before, executions, now, nowExecutions));
  return { drop, score: drop >= MIN_STEADY_DROP && z >= MIN_DROP_Z ? STEADY_WEIGHT * Math.min(z, FULL_CHANGE_SCORE * Math.sqrt(drop)) : 0 };
}

function strip(change: CallChange & { score?: number }): CallChange {
  return { call: change.call, drop: change.drop, ...(change.durationRatio === undefined ? {} : { durationRatio: change.durationRatio }), failsMore: change.failsMore };
}
