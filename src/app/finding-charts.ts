import { planFindingChart, type FindingChartInput } from '../charts/finding-chart-plan';
import type { ReportChart } from '../charts/report-chart';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import { drawChart, readChartSeries } from './report-charts';

/** One supported finding of a running investigation, and the alert labels that scope its source. */
export interface FindingChartRequest extends FindingChartInput {
  investigationId: string;
  alertLabels: Record<string, string>;
}

/** Draws the chart of one supported finding; resolves to undefined when nothing can be drawn (never rejects). */
export type FindingChartMaker = (request: FindingChartRequest) => Promise<ReportChart | undefined>;

/** `causa-<investigation>-<hypothesis>.png`, with only file-name-safe characters. */
function fileName(investigationId: string, hypothesisId: string): string {
  return `causa-${investigationId}-${hypothesisId}.png`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The chart of a supported finding, drawn while the investigation runs, from the telemetry source
 * the investigation reads: the series the finding names over the investigation's window against
 * the normal level it quotes. A finding that names no metric, or whose series cannot be read,
 * gets no chart; a failing source yields none rather than an error.
 */
export function findingChartMaker(source: TelemetrySource, options: { signal?: AbortSignal } = {}): FindingChartMaker {
  return async (request) => {
    try {
      const scoped = source.scopedTo?.(request.alertLabels) ?? source;
      // The catalog is read only for a finding that names no metric (its fault type picks one).
      const plan =
        planFindingChart(request) ??
        (request.faultType && request.service ? planFindingChart(request, (await scoped.catalog({ around: request.window, signal: options.signal })).metrics) : undefined);
      if (!plan) return undefined;
      const series = await readChartSeries(scoped, plan, options.signal);
      if (series.length === 0) return undefined;
      return drawChart(fileName(request.investigationId, request.hypothesisId), plan, series);
    } catch {
      return undefined;
    }
  };
}
