import { AlertSchema, type SymptomSignal } from '../../../src/core/alerts/alert-schema';
import type { InvestigationContext } from '../../../src/core/ports/reasoner';
import type { SourceCatalog } from '../../../src/core/ports/telemetry-source';
import type { QueryResultData } from '../../../src/core/telemetry/query-results';
import type { TelemetryQueryInput } from '../../../src/core/telemetry/query-schemas';
import type { TimeRange } from '../../../src/core/telemetry/time-range-schema';
import type { TriageWindows } from '../../../src/reasoning/offline/triage-windows';

/** Triage windows for the metric surveys' tests: ten incident minutes (alert at 10:24) after a fifteen-minute reference. */
export const METRIC_SURVEY_WINDOWS: TriageWindows = {
  incident: { start: '2025-01-01T10:20:00Z', end: '2025-01-01T10:30:00Z' },
  preIncident: { start: '2025-01-01T10:05:00Z', end: '2025-01-01T10:19:59Z' },
  baseline: null,
  firedAtSec: Date.parse('2025-01-01T10:24:00Z') / 1000,
};

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
