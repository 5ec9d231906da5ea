import type { FaultType } from '../investigation/fault-type-schema';
import type { CodeLocation } from '../investigation/code-location-schema';
import type { Report } from './report-schema';

/** One case's answer in the benchmark predictions format (`<predictions_dir>/<id>.json`). */
export interface Prediction {
  id: string;
  /** Distinct services, best first; the order is what is scored, confidence is informational. */
  ranking: Array<{ service: string; faultType: FaultType; confidence: number; location?: Pick<CodeLocation, 'operation' | 'statements'> }>;
  abstained: boolean;
  durationMs: number;
  tokens: number;
  toolCalls: number;
}

/**
 * Turns a report into a benchmark prediction. The ranking is kept even when the report abstains,
 * so what the investigation leaned towards stays visible; the evaluation decides how to count it.
 */
export function toPrediction(
  report: Report,
  extra: { id: string; durationMs: number; tokens: number; toolCalls: number },
): Prediction {
  return {
    id: extra.id,
    ranking: report.ranking.map(({ service, faultType, confidence, location }) => ({
      service,
      faultType,
      confidence,
      ...(location ? { location: { operation: location.operation, statements: location.statements } } : {}),
    })),
    abstained: report.abstained,
    durationMs: extra.durationMs,
    tokens: extra.tokens,
    toolCalls: extra.toolCalls,
  };
}
