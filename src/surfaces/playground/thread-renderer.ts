import { describeLocation } from '../../core/investigation/code-location-schema';
import type { InvestigationEvent } from '../../core/investigation/investigation-events';

const STATUS_ICON: Record<string, string> = {
  supported: '✅',
  refuted: '❌',
  inconclusive: '❔',
};

/**
 * Renders audit events as the messages a chat thread would show: one message per hypothesis as it
 * is proposed and judged, human decisions, budget stops. Queries are summarized in the verdict
 * message (they stay in the report), so the thread stays readable. Returns null for events that
 * have no message of their own.
 */
export function renderThreadMessage(event: InvestigationEvent): string | null {
  switch (event.type) {
    case 'investigation-started':
      return `🔎 Investigating "${event.alert.title}" (${event.alert.symptom.signal} on ${event.alert.symptom.service ?? 'unknown service'}), telemetry ${event.window.start} → ${event.window.end}`;
    case 'hypothesis-proposed': {
      const h = event.hypothesis;
      const indent = '  '.repeat(h.depth - 1);
      return `${indent}💡 ${h.id} ${h.statement} — priority ${h.priority.toFixed(2)}${h.rationale ? `\n${indent}   because: ${h.rationale}` : ''}\n${indent}   [👍 Confirm] [👎 Veto]`;
    }
    case 'hypothesis-supported':
    case 'hypothesis-refuted':
    case 'hypothesis-inconclusive': {
      const v = event.verdict;
      const indent = '  '.repeat(v.hypothesisId.split('.').length - 1);
      const where = v.location ? `\n${indent}   where in the code: ${describeLocation(v.location)}` : '';
      return `${indent}${STATUS_ICON[v.outcome]} ${v.hypothesisId} ${v.outcome} (confidence ${v.confidence.toFixed(2)}): ${v.finding}${where}\n${indent}   evidence: ${v.evidenceIds.join(', ') || 'none'}`;
    }
    case 'steering-applied':
      return `🧭 ${event.effect}`;
    case 'budget-exhausted':
      return `⏱️ Budget exhausted (${event.reason}) after ${event.usage.queries} queries and ${event.usage.hypotheses} hypotheses`;
    case 'report-ready':
      return event.abstained
        ? `📝 RCA ready — not confident enough to name a root cause (confidence ${event.confidence.toFixed(2)}); see the best lead below.`
        : `📝 RCA ready — confidence ${event.confidence.toFixed(2)} (hash ${event.reportHash.slice(0, 19)}…)`;
    case 'investigation-failed':
      return `⚠️ The investigation failed (${event.code}): ${event.error}`;
    case 'alert-resolved':
      return `✅ The alert resolved at ${event.resolvedAt}${event.running ? '; the investigation goes on' : ''}`;
    case 'reasoner-fallback':
      return `⚠️ The language model could not be used for ${event.stage} (${event.reason}); the offline reasoner did it instead`;
    case 'claim-dropped':
      return `🚫 A claim of the language model was dropped (${event.reason}): "${event.claim}"`;
    default:
      return null;
  }
}
