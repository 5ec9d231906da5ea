import type { InvestigationEvent } from '../core/investigation/investigation-events';
import type { BotMetrics } from './bot-metrics';

/**
 * A service listener that counts investigations on `/metrics` from their audit events: started
 * (by alert source), finished by outcome (`concluded`, `abstained`, `failed`) with their duration,
 * and telemetry queries by source and status. Label values come from Causa's own closed sets and
 * the configured source ids, never from alert text.
 */
export function investigationMetrics(metrics: BotMetrics): (event: InvestigationEvent) => Promise<void> {
  const startedAt = new Map<string, number>();
  const finish = (event: InvestigationEvent, outcome: 'concluded' | 'abstained' | 'failed') => {
    metrics.investigationsFinished.inc({ outcome });
    const started = startedAt.get(event.investigationId);
    startedAt.delete(event.investigationId);
    if (started !== undefined) metrics.investigationDuration.observe({ outcome }, Math.max(0, Date.parse(event.at) - started) / 1000);
  };
  return async (event) => {
    switch (event.type) {
      case 'investigation-started':
        metrics.investigationsStarted.inc({ alert_source: event.alert.source });
        startedAt.set(event.investigationId, Date.parse(event.at));
        return;
      case 'query-finished':
        metrics.telemetryQueries.inc({ source: event.evidence.sourceId, status: event.evidence.status });
        return;
      case 'report-ready':
        finish(event, event.abstained ? 'abstained' : 'concluded');
        return;
      case 'investigation-failed':
        finish(event, 'failed');
        return;
      default:
        return;
    }
  };
}
