import { metricWords } from '../surfaces/thread-view/plain-finding';
import { FINDING, type ChartRequest } from './report-chart-plan';

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
}

/**
 * The chart of one supported finding: the series its finding names (metric on service or
 * instance) over the investigation's window, against the normal level the finding quotes, with
 * the onset and the alert marked. None when the finding names no metric (a log or trace finding).
 */
export function planFindingChart(input: FindingChartInput): ChartRequest | undefined {
  const match = FINDING.exec(input.finding);
  if (!match) return undefined;
  const [, metric, service, instance, normal] = match;
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
