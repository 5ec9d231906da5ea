import type { Evidence } from '../../core/investigation/evidence-schema';
import type { QueryOutcome } from '../../core/ports/telemetry-source';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { PrometheusRequestError } from './prometheus-client';

/** What one query against Prometheus found, before it becomes an evidence record. */
export interface Answer {
  status: Evidence['status'];
  summary: string;
  digest: Record<string, number>;
  queryText: string;
  parameters: Record<string, unknown>;
  timeRange: TimeRange;
  data?: QueryOutcome['data'];
}

export type MatrixResult = { resultType: 'matrix'; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };

/** Prometheus' own message for a failed request, else the error's. */
export function messageOf(error: unknown): string {
  if (error instanceof PrometheusRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
