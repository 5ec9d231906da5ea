import type { StructuredToolInterface } from '@langchain/core/tools';
import { tool } from 'langchain';
import { z } from 'zod';
import type { Evidence } from '../../core/investigation/evidence-schema';
import { HypothesisStatusSchema } from '../../core/investigation/hypothesis-schema';
import type { TelemetrySource } from '../../core/ports/telemetry-source';
import { TelemetryQuerySchema } from '../../core/telemetry/query-schemas';
import type { InvestigationRecordView } from './investigation-record';
import type { Redactor } from './redactor';
import { digestResult } from './result-digest';
import { clip, dataBlock } from './untrusted-data';

/** What the tools read and how a telemetry query they run is recorded. */
export interface AssistantToolDeps {
  view: InvestigationRecordView;
  source?: TelemetrySource;
  redactor: Redactor;
  /** Numbers a question's query (`Q1`…) and appends it to the audit log. */
  recordQuery: (evidence: Omit<Evidence, 'id'>) => Promise<Evidence>;
  /** At most this many telemetry queries per answer. */
  maxQueries: number;
  queryTimeoutMs: number;
}

const QUERYABLE = ['metric_range', 'log_template_counts', 'log_search', 'event_search', 'span_stats'] as const;

/**
 * The read-only tools of the thread assistant: the investigation's hypotheses and evidence, and a
 * few telemetry queries over the investigation's window (recorded as evidence `Q…` so answers can
 * cite them). Every result is redacted and delivered as data.
 */
export function assistantTools(deps: AssistantToolDeps): { tools: StructuredToolInterface[]; cited: Set<string> } {
  const { view, redactor } = deps;
  const cited = new Set<string>();
  const out = (value: unknown): string => dataBlock('tool-result', redactor.redactValue(value));
  const brief = (id: string) => {
    const h = view.hypotheses.get(id);
    return h ? { id: h.id, kind: h.kind, service: h.subject.service, statement: h.statement, status: h.status, confidence: h.confidence ?? null } : null;
  };
  let queries = 0;

  const getHypothesis = tool(
    async ({ id }) => {
      const h = view.hypotheses.get(id.trim().toUpperCase());
      if (!h) return out({ error: `no hypothesis ${id}`, known: [...view.hypotheses.keys()].slice(0, 40) });
      h.evidenceIds.forEach((e) => cited.add(e));
      return out({
        ...brief(h.id),
        finding: clip(h.finding ?? '', 400),
        rationale: clip(h.rationale, 300),
        factors: h.verdict?.factors ?? null,
        parent: h.parentId,
        children: h.children.map(brief),
        evidence: h.evidenceIds.slice(0, 20).map((e) => ({ id: e, status: view.evidence.get(e)?.status ?? 'unknown', summary: clip(view.evidence.get(e)?.summary ?? '', 160) })),
      });
    },
    { name: 'get_hypothesis', description: 'One hypothesis of the investigation: statement, status, computed confidence and its factors, finding, evidence ids.', schema: z.object({ id: z.string().describe('H… id') }) },
  );

  const findHypotheses = tool(
    async ({ service, status }) => {
      const list = [...view.hypotheses.values()].filter((h) => (!service || h.subject.service.toLowerCase() === service.toLowerCase()) && (!status || h.status === status));
      return out(list.slice(0, 30).map((h) => ({ ...brief(h.id), evidence: h.evidenceIds.slice(0, 6) })));
    },
    {
      name: 'find_hypotheses',
      description: 'Hypotheses of the investigation, optionally only those about one service or with one status.',
      schema: z.object({ service: z.string().nullable(), status: HypothesisStatusSchema.nullable() }),
    },
  );

  const getEvidence = tool(
    async ({ id }) => {
      const e = view.evidence.get(id.trim().toUpperCase());
      if (!e) return out({ error: `no evidence ${id}` });
      cited.add(e.id);
      return out({ id: e.id, source: e.sourceId, query: clip(e.queryText, 400), window: e.timeRange, status: e.status, summary: clip(e.summary, 400), digest: e.digest });
    },
    { name: 'get_evidence', description: 'One evidence item: the exact query, its window, status and what came back.', schema: z.object({ id: z.string().describe('E… or Q… id') }) },
  );

  const queryTelemetry = tool(
    async ({ query, service, metric, text }) => {
      if (!deps.source || !view.window) return out({ error: 'no telemetry source is available to this thread' });
      if (queries >= deps.maxQueries) return out({ error: `at most ${deps.maxQueries} telemetry queries per answer` });
      if (service && !view.services.some((s) => s === service)) return out({ error: `unknown service ${service}`, services: view.services });
      const params: Record<string, unknown> = { range: view.window, ...(service ? { service } : {}) };
      if (query === 'metric_range') Object.assign(params, { metric });
      if ((query === 'log_search' || query === 'event_search') && text) Object.assign(params, { text });
      const parsed = TelemetryQuerySchema.safeParse({ name: query, params });
      if (!parsed.success) return out({ error: `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      queries += 1;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), deps.queryTimeoutMs);
      try {
        const outcome = await deps.source.run(parsed.data, { signal: controller.signal });
        const recorded = await deps.recordQuery(outcome.evidence);
        cited.add(recorded.id);
        return out({ evidenceId: recorded.id, status: recorded.status, summary: clip(recorded.summary, 300), result: digestResult(outcome.data) });
      } finally {
        clearTimeout(timer);
      }
    },
    {
      name: 'query_telemetry',
      description: "Runs one read-only telemetry query over the investigation's window and records it as evidence (a Q… id you can cite).",
      schema: z.object({
        query: z.enum(QUERYABLE),
        service: z.string().nullable(),
        metric: z.string().nullable().describe('for metric_range'),
        text: z.string().nullable().describe('substring, for log_search / event_search'),
      }),
    },
  );

  return { tools: [getHypothesis, findHypotheses, getEvidence, queryTelemetry] as StructuredToolInterface[], cited };
}
