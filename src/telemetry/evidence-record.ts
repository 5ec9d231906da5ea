import type { Evidence, EvidenceLink, EvidenceStatus } from '../core/investigation/evidence-schema';
import type { TimeRange } from '../core/telemetry/time-range-schema';

/** Everything an evidence record needs besides the answer itself. */
export interface EvidenceContext {
  id: string;
  sourceId: string;
  queryName: string;
  queryText: string;
  parameters: Record<string, unknown>;
  timeRange: TimeRange;
  startedAt: Date;
  finishedAt: Date;
  /** Deep links into the backend's UI for this query. */
  links?: EvidenceLink[];
}

/** What any source's query handler found: the outcome, its one-line summary and digest numbers. */
export interface AnswerSummary {
  status: EvidenceStatus;
  summary: string;
  digest: Record<string, number>;
}

/** Wraps a query answer into the evidence record the investigation keeps (shared by every source). */
export function toEvidence(context: EvidenceContext, answer: AnswerSummary): Evidence {
  const digest = Object.fromEntries(Object.entries(answer.digest).filter(([, value]) => Number.isFinite(value)));
  return {
    id: context.id,
    sourceId: context.sourceId,
    queryName: context.queryName,
    queryText: context.queryText,
    parameters: context.parameters,
    timeRange: context.timeRange,
    status: answer.status,
    digest,
    summary: answer.summary.replace(/\s*\n\s*/g, ' '),
    elapsedMs: Math.max(0, context.finishedAt.getTime() - context.startedAt.getTime()),
    ...(context.links && context.links.length > 0 ? { links: context.links } : {}),
    collectedAt: context.finishedAt.toISOString(),
  };
}
