import type { LogTemplateCountsResult } from '../../core/telemetry/query-results';

/** Spans per (service, operation) of a log-count result, keyed `service\u0000operation`: each operation's traffic. */
export function spanCounts(result: LogTemplateCountsResult): Map<string, number> {
  return new Map((result.spansPerOperation ?? []).map((s) => [operationKey(s), s.count]));
}

export function operationKey(s: { service: string; operation: string | null }): string {
  return `${s.service}\u0000${s.operation}`;
}
