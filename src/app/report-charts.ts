import { renderLineChart, CHART_HEIGHT, CHART_WIDTH } from '../charts/line-chart';
import type { ReportChart, ReportChartMaker } from '../charts/report-chart';
import { planReportCharts, type ChartRequest } from '../charts/report-chart-plan';
import type { ChartSeries } from '../charts/chart-spec';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { Report } from '../core/report/report-schema';
import type { Series } from '../core/telemetry/query-results';

/** At most this many lines per chart (the instance the finding names first). */
const MAX_SERIES = 4;

/**
 * The charts of a finished report, drawn from the telemetry source the investigation read: the
 * root cause's key series against its normal level and the alert's own signal, onset and alert
 * marked. The series are read again (the investigation keeps digests, not payloads); a chart whose
 * series cannot be read is left out, and a failing source yields no charts rather than an error.
 */
export function reportChartMaker(source: TelemetrySource, options: { signal?: AbortSignal } = {}): ReportChartMaker {
  return async (report) => {
    try {
      const scoped = source.scopedTo?.(report.alert.labels) ?? source;
      const catalog = await scoped.catalog({ around: report.window, signal: options.signal });
      const charts: ReportChart[] = [];
      for (const request of planReportCharts(report, catalog.metrics)) {
        const series = await readChartSeries(scoped, request, options.signal);
        if (series.length === 0) continue;
        charts.push(drawChart(`causa-rca-${report.investigationId}-${request.kind}.png`, request, series));
      }
      return charts;
    } catch {
      return [];
    }
  };
}

/** The series a chart shows (the instance the request names first), read from the source; none when it cannot be read. */
export async function readChartSeries(source: TelemetrySource, request: ChartRequest, signal?: AbortSignal): Promise<ChartSeries[]> {
  const outcome = await source.run(
    { name: 'metric_range', params: { metric: request.metric, service: request.service, groupBy: 'instance', aggregation: 'avg', stepSeconds: 0, range: request.range } },
    { signal },
  );
  if (outcome.evidence.status !== 'ok' || outcome.data?.kind !== 'metric_range') return [];
  const named = (s: Series): boolean => request.instance !== undefined && s.instance === request.instance;
  return [...outcome.data.series]
    .filter((s) => s.timestamps.length > 0)
    .sort((a, b) => Number(named(b)) - Number(named(a)))
    .slice(0, MAX_SERIES)
    .map((s) => ({ label: s.instance ?? s.service, timestamps: s.timestamps, values: s.values }));
}

/** Draws one chart to PNG under `fileName`. */
export function drawChart(fileName: string, request: ChartRequest, series: ChartSeries[]): ReportChart {
  const png = renderLineChart({
    title: request.title,
    unit: request.unit,
    series,
    ...(request.baseline ? { baseline: request.baseline } : {}),
    ...(request.reference !== undefined ? { reference: request.reference } : baselineMedian(series[0], request.baseline)),
    markers: request.markers,
  });
  return {
    kind: request.kind,
    hypothesisId: request.hypothesisId,
    fileName,
    title: request.title,
    png,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  };
}

/** The median of a series over the fault-free period, as the chart's normal level (when the finding quoted none). */
function baselineMedian(series: ChartSeries, baseline?: { start: number; end: number }): { reference?: number } {
  if (!baseline) return {};
  const values = series.values.filter((v, i) => Number.isFinite(v) && series.timestamps[i] >= baseline.start && series.timestamps[i] <= baseline.end).sort((a, b) => a - b);
  if (values.length === 0) return {};
  const middle = Math.floor(values.length / 2);
  return { reference: values.length % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2 };
}
