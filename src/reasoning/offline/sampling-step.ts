import { median } from '../../core/analysis/robust-statistics';
import type { InvestigationContext } from '../../core/ports/reasoner';

/**
 * The metrics' sampling interval in milliseconds, read from one series (the alerting service's
 * first metric when it has one): the median gap between consecutive samples. Undefined when the
 * source has no metrics.
 */
export async function probeSamplingStep(context: InvestigationContext, symptomService: string | undefined): Promise<number | undefined> {
  const ownMetrics = symptomService ? context.catalog.metrics[symptomService] ?? [] : [];
  const service = ownMetrics.length > 0 ? symptomService : Object.keys(context.catalog.metrics).find((s) => (context.catalog.metrics[s] ?? []).length > 0);
  const metric = service ? context.catalog.metrics[service]?.[0] : undefined;
  if (!service || !metric) return undefined;
  const outcome = await context.query({ name: 'metric_range', params: { metric, service, groupBy: 'instance', aggregation: 'avg', stepSeconds: 0, range: context.window } }, null);
  if (outcome.data?.kind !== 'metric_range') return undefined;
  const gaps = outcome.data.series.flatMap((s) => s.timestamps.slice(1).map((t, i) => t - s.timestamps[i])).filter((g) => g > 0);
  return gaps.length > 0 ? median(gaps) * 1000 : undefined;
}
