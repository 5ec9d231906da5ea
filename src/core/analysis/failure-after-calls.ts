/**
 * An operation that fails more often while its work looks the same: it still makes every call of
 * its path, as often as before, and those calls answer as before (no more failures, not sooner).
 * Its own code may fail after its calls, or it may reject what one of them answered (a wrong
 * result is a successful call): traces alone cannot say which, but when several such failures,
 * in different services, have one callee in common, that callee is the plainer account.
 */
import { FAILED_CALL_RATIO, MIN_EXECUTIONS, sameCalls } from './trace-shape';
import { rateChangeScore, shareChangeScore } from './rate-comparison';
import type { OperationShape } from '../telemetry/query-results';

/** The failing share must rise beyond chance (likelihood-ratio z)… */
const MIN_FAILURE_Z = 3;
/** …and by at least this much of the executions. */
const MIN_FAILURE_RISE = 0.05;

export interface FailureAfterCalls {
  service: string;
  operation: string;
  /** Failed share of the operation's executions, now and in the reference. */
  failed: { now: number; reference: number };
  executions: { now: number; reference: number };
}

export function failsAfterItsCalls(reference: OperationShape, now: OperationShape): FailureAfterCalls | undefined {
  if (reference.count < MIN_EXECUTIONS || now.count < MIN_EXECUTIONS || now.calls.length === 0) return undefined;
  const failed = { now: now.errorCount / now.count, reference: reference.errorCount / reference.count };
  if (failed.now - failed.reference < MIN_FAILURE_RISE) return undefined;
  if (shareChangeScore(reference.errorCount, reference.count, now.errorCount, now.count) < MIN_FAILURE_Z) return undefined;
  if (!sameCalls(reference, now)) return undefined;
  const answeredAsBefore = now.calls.every((call) => {
    const before = reference.calls.find((c) => c.service === call.service && c.operation === call.operation);
    if (!before) return false;
    if (call.errorCount > 0 && rateChangeScore(before.errorCount, before.count, call.errorCount, call.count) >= MIN_FAILURE_Z) return false;
    return !(call.count >= 3 && before.p50Ms > 0 && call.p50Ms / before.p50Ms < FAILED_CALL_RATIO);
  });
  if (!answeredAsBefore) return undefined;
  return { service: now.service, operation: now.operation, failed, executions: { now: now.count, reference: reference.count } };
}
