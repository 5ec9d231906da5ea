import { AlertSchema, type SymptomSignal } from '../../../src/core/alerts/alert-schema';
import type { InvestigationContext } from '../../../src/core/ports/reasoner';
import type { SourceCatalog } from '../../../src/core/ports/telemetry-source';
import type { QueryResultData } from '../../../src/core/telemetry/query-results';
import type { TelemetryQueryInput } from '../../../src/core/telemetry/query-schemas';
import type { TimeRange } from '../../../src/core/telemetry/time-range-schema';

/**
 * An InvestigationContext whose queries are answered by a function, for testing the reasoner's
 * surveys on hand-made telemetry with a known answer.
 */
export function fakeContext(options: {
  window: TimeRange;
  baseline?: TimeRange;
  firedAt: string;
  symptom: { service?: string; signal: SymptomSignal };
  catalog: Partial<SourceCatalog>;
  answer: (query: TelemetryQueryInput) => QueryResultData | undefined;
}): { context: InvestigationContext; queries: TelemetryQueryInput[] } {
  const queries: TelemetryQueryInput[] = [];
  let counter = 0;
  const context: InvestigationContext = {
    investigationId: 'test',
    alert: AlertSchema.parse({ source: 'generic', title: 'test alert', text: 'test alert', firedAt: options.firedAt, symptom: options.symptom, fingerprint: 'test' }),
    window: options.window,
    baseline: options.baseline,
    catalog: { services: [], metrics: {}, hasLogs: false, hasSpans: false, hasEvents: false, hasTopology: false, ...options.catalog },
    notes: [],
    reportedChanges: [],
    hypotheses: () => [],
    addTokens: () => undefined,
    remainingTokens: () => Number.POSITIVE_INFINITY,
    record: async () => undefined,
    query: async (query) => {
      queries.push(query);
      const data = options.answer(query);
      const range = (query.params as { range?: TimeRange }).range ?? options.window;
      return {
        evidence: {
          id: `E${++counter}`,
          sourceId: 'fake',
          queryName: query.name,
          queryText: query.name,
          parameters: {},
          timeRange: range,
          status: data ? 'ok' : 'no_data',
          digest: {},
          summary: '',
          elapsedMs: 0,
          collectedAt: options.firedAt,
        },
        data,
      };
    },
  };
  return { context, queries };
}
