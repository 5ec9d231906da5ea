import type { Evidence, EvidenceStatus } from '../../core/investigation/evidence-schema';
import type { QueryOutcome } from '../../core/ports/telemetry-source';
import type { QueryResultData } from '../../core/telemetry/query-results';
import { mergeResults } from './result-merge';

/**
 * One evidence record for a query several sources answered: it names every source, keeps each
 * source's exact query text and summary, prefixes each digest number with its source id, and is
 * `ok` when any source answered (`no_data` when none had data, `error` when all failed).
 */
export function combineOutcomes(id: string, outcomes: QueryOutcome[], renamed: Array<QueryResultData | undefined>, finishedAt: Date): QueryOutcome {
  const evidence = outcomes.map((o) => o.evidence);
  const status: EvidenceStatus = evidence.some((e) => e.status === 'ok') ? 'ok' : evidence.some((e) => e.status === 'no_data') ? 'no_data' : 'error';
  const digest: Record<string, number> = {};
  for (const e of evidence) for (const [key, value] of Object.entries(e.digest)) digest[`${e.sourceId}.${key}`] = (digest[`${e.sourceId}.${key}`] ?? 0) + value;
  const starts = evidence.map((e) => Date.parse(e.timeRange.start));
  const ends = evidence.map((e) => Date.parse(e.timeRange.end));
  const links = evidence.flatMap((e) => e.links ?? []);
  const combined: Evidence = {
    id,
    sourceId: [...new Set(evidence.map((e) => e.sourceId))].join('+'),
    queryName: evidence[0].queryName,
    queryText: evidence.map((e) => `[${e.sourceId}] ${e.queryText}`).join('\n'),
    parameters: evidence[0].parameters,
    timeRange: { start: new Date(Math.min(...starts)).toISOString(), end: new Date(Math.max(...ends)).toISOString() },
    status,
    digest,
    summary: evidence.map((e) => `${e.sourceId} (${e.status}): ${e.summary}`).join(' | '),
    elapsedMs: Math.max(...evidence.map((e) => e.elapsedMs)),
    ...(links.length > 0 ? { links } : {}),
    collectedAt: finishedAt.toISOString(),
  };
  const data = status === 'ok' ? mergeResults(renamed.filter((d, i): d is QueryResultData => d !== undefined && evidence[i].status === 'ok')) : undefined;
  return data ? { evidence: combined, data } : { evidence: combined };
}
