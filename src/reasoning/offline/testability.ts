import type { HypothesisKind } from '../../core/investigation/hypothesis-schema';
import type { InvestigationContext } from '../../core/ports/reasoner';
import { HYPOTHESIS_CATALOG } from './hypothesis-catalog';
import { familyOf } from './signal-families';

const LOG_FAMILIES = new Set(['log-errors', 'log-business-errors', 'log-vanished']);
const TRACE_FAMILIES = new Set(['trace-self-time', 'trace-errors', 'trace-shape', 'trace-answer', 'call-gap']);

/**
 * Whether the telemetry can test a kind of hypothesis about a service at all: it has a metric of
 * the service in one of the kind's families, or logs / spans / events the kind reads. Proposing
 * what cannot be tested only produces "no data" verdicts.
 */
export function isTestable(kind: HypothesisKind, service: string, context: InvestigationContext): boolean {
  const spec = HYPOTHESIS_CATALOG[kind];
  const families = new Set<string>(spec.families);
  if ((context.catalog.metrics[service] ?? []).some((metric) => families.has(familyOf(metric)))) return true;
  if (context.catalog.hasLogs && spec.families.some((f) => LOG_FAMILIES.has(f))) return true;
  if (context.catalog.hasSpans && spec.families.some((f) => TRACE_FAMILIES.has(f))) return true;
  return context.catalog.hasEvents && spec.events.length > 0;
}
