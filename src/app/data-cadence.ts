import { median } from '../core/analysis/robust-statistics';
import { spanWords } from '../core/follow-up/follow-up-policy';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import { clockTime } from '../core/report/report-timeline';
import { timeRange } from '../core/telemetry/time-range-schema';

/** Data coarser than this gets a note on when its next sample comes. */
const COARSE_MS = 2 * 60_000;
const LOOKBACK_MS = 60 * 60_000;

/** How often the alerting service's metrics are sampled, and when the next sample is due (exists). */
export interface DataCadence {
  stepMs: number;
  nextSampleAt: number;
}

/**
 * Reads the sampling interval of one metric of `service` (the median gap between its samples in
 * the last hour up to `nowMs`); undefined when it cannot be told (no metrics, one sample).
 */
export async function dataCadence(source: TelemetrySource, service: string | undefined, nowMs: number): Promise<DataCadence | undefined> {
  if (!service) return undefined;
  const catalog = await source.run({ name: 'metric_catalog', params: { service } });
  const metric = catalog.data?.kind === 'metric_catalog' ? catalog.data.metrics[service]?.[0] : undefined;
  if (!metric) return undefined;
  const range = timeRange(nowMs - LOOKBACK_MS, nowMs);
  const outcome = await source.run({ name: 'metric_range', params: { metric, service, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } });
  if (outcome.data?.kind !== 'metric_range') return undefined;
  const series = outcome.data.series[0];
  if (!series || series.timestamps.length < 2) return undefined;
  const gaps = series.timestamps.slice(1).map((t, i) => t - series.timestamps[i]).filter((g) => g > 0);
  if (gaps.length === 0) return undefined;
  const stepMs = median(gaps) * 1000;
  // A coarse sample stands for a period and is stamped at its start: the next one, stamped a
  // step after the last, exists once its own period is over, a step later still.
  const arrival = stepMs >= COARSE_MS ? 2 * stepMs : stepMs;
  return { stepMs, nextSampleAt: series.timestamps[series.timestamps.length - 1] * 1000 + arrival };
}

/**
 * For coarse data: when the next sample comes and when the follow-up will look (after it, when the
 * scheduled time is earlier). Undefined for fine-grained data.
 */
export function coarseDataPlan(cadence: DataCadence | undefined, dueAt: number, nowMs: number): { dueAt: number; note: string } | undefined {
  if (!cadence || cadence.stepMs < COARSE_MS) return undefined;
  const next = cadence.nextSampleAt > nowMs ? cadence.nextSampleAt : nowMs + cadence.stepMs - ((nowMs - cadence.nextSampleAt) % cadence.stepMs);
  const iso = (ms: number) => new Date(ms).toISOString();
  const waits = next > dueAt;
  const lookAt = waits ? next + 30_000 : dueAt;
  return {
    dueAt: lookAt,
    note:
      `These metrics arrive every ${spanWords(cadence.stepMs)}: the next sample is due around ${clockTime(iso(next))} (in ${spanWords(Math.max(0, next - nowMs))})` +
      (waits ? `, so the follow-up waits for it and looks at ${clockTime(iso(lookAt))}.` : `; the follow-up at ${clockTime(iso(lookAt))} will include it.`),
  };
}
