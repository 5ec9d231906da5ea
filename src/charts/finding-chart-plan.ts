import type { FaultType } from '../core/investigation/fault-type-schema';
import { metricWords } from '../surfaces/thread-view/plain-finding';
import { FAULT_METRICS, FINDING, patternMetric, type ChartRequest } from './report-chart-plan';

/** What a supported finding says, as a thread knows it while the investigation runs. */
export interface FindingChartInput {
  hypothesisId: string;
  /** The verdict's finding (`p90_latency_seconds on checkout/pod-2: 0.41 vs 0.18 normal …`). */
  finding: string;
  /** Onset of the change, unix seconds, when a change point was found. */
  onset?: number;
  /** When the alert fired (ISO 8601). */
  alertFiredAt?: string;
  /** The investigation's window (ISO 8601). */
  window: { start: string; end: string };
  /** The hypothesis' fault type and subject: what to chart when the finding names no metric. */
  faultType?: FaultType;
  service?: string;
  instance?: string;
}

/**
 * The chart of one supported finding: the series its finding names (metric on service or
 * instance) over the investigation's window, against the normal level the finding quotes, with
 * the onset and the alert marked. A finding that names no metric (from traces or logs) gets the
 * series that shows its fault type on its subject, when `metricsByService` lists one; else none.
 */
export function planFindingChart(input: FindingChartInput, metricsByService: Record<string, readonly string[]> = {}): ChartRequest | undefined {
  const named = FINDING.exec(input.finding);
  const fallback = named ? undefined : faultMetric(input, metricsByService);
  if (!named && !fallback) return undefined;
  const [metric, service, instance, normal] = named ? named.slice(1) : [fallback!, input.service!, input.instance, undefined];
  const start = Date.parse(input.window.start);
  const end = Date.parse(input.window.end);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return undefined;
  const { words, unit } = metricWords(metric);
  const alertAt = input.alertFiredAt ? Date.parse(input.alertFiredAt) / 1000 : NaN;
  const reference = normal === undefined ? NaN : Number(normal);
  return {
    kind: 'finding',
    hypothesisId: input.hypothesisId,
    metric,
    service,
    ...(instance ? { instance } : {}),
    unit,
    title: `${input.hypothesisId}: ${words} of ${instance ? `${service} (${instance})` : service}${Number.isFinite(reference) ? ' against normal' : ''}`,
    range: { start: input.window.start, end: input.window.end },
    ...(Number.isFinite(reference) ? { reference } : {}),
    markers: [
      ...(input.onset !== undefined && Number.isFinite(input.onset) ? [{ kind: 'onset' as const, at: input.onset }] : []),
      ...(Number.isFinite(alertAt) ? [{ kind: 'alert' as const, at: alertAt }] : []),
    ],
  };
}

/** The subject's metric that shows the hypothesis' fault type, when the source lists one. */
function faultMetric(input: FindingChartInput, metricsByService: Record<string, readonly string[]>): string | undefined {
  if (!input.faultType || !input.service) return undefined;
  return patternMetric(FAULT_METRICS[input.faultType] ?? [], metricsByService[input.service] ?? []);
}
