import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TelemetryEvent } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';

export interface EventFinding {
  event: TelemetryEvent;
  /** deploy, config, oom, crash, scale, other. */
  category: 'deploy' | 'config' | 'oom' | 'crash' | 'scale' | 'other';
  evidenceId: string;
}

const CATEGORIES: Array<[EventFinding['category'], RegExp]> = [
  ['oom', /oom/i],
  ['crash', /back-?off|crash|restart|killed|exit(ed)? code|liveness/i],
  ['deploy', /deploy|rollout|release|image|version|upgrade/i],
  ['config', /config|feature.?flag|setting|parameter|secret/i],
  ['scale', /scal(e|ed|ing)|replica|autoscal/i],
];

export function categorize(event: TelemetryEvent): EventFinding['category'] {
  const text = `${event.reason ?? ''} ${event.message}`;
  for (const [category, pattern] of CATEGORIES) if (pattern.test(text)) return category;
  return 'other';
}

/** Change and lifecycle events (deploys, config changes, OOM kills, restarts) in a range. */
export async function surveyEvents(context: InvestigationContext, range: TimeRange, options: { hypothesisId: string | null; service?: string }): Promise<EventFinding[]> {
  if (!context.catalog.hasEvents) return [];
  const outcome = await context.query({ name: 'event_search', params: { service: options.service, range, limit: 500 } }, options.hypothesisId);
  if (outcome.data?.kind !== 'event_search') return [];
  return outcome.data.events.map((event) => ({ event, category: categorize(event), evidenceId: outcome.evidence.id }));
}
