import type { HypothesisKind, HypothesisSubject } from '../../core/investigation/hypothesis-schema';
import type { HypothesisDraft } from '../../core/ports/reasoner';
import { HYPOTHESIS_CATALOG, kindsForEvent, ownKindsFor } from './hypothesis-catalog';
import type { ServiceFinding } from './service-finding';
import type { Triage } from './triage';

/** Signals weaker than this do not suggest a hypothesis on their own. */
export const SUGGESTION_STRENGTH = 0.25;

export function draft(kind: HypothesisKind, subject: HypothesisSubject, priority: number, rationale: string): HypothesisDraft {
  const spec = HYPOTHESIS_CATALOG[kind];
  return { kind, subject, statement: spec.statement(subject), faultType: spec.faultType, priority: Math.max(0.05, Math.min(1, priority)), rationale };
}

/** Every kind reachable from `kind` through the catalog's children. */
function descendantsOf(kind: HypothesisKind, seen = new Set<HypothesisKind>()): Set<HypothesisKind> {
  for (const child of HYPOTHESIS_CATALOG[kind].children) {
    if (!seen.has(child)) {
      seen.add(child);
      descendantsOf(child, seen);
    }
  }
  return seen;
}

/**
 * Hypotheses about what is wrong inside one service, from its triage findings and events. A kind
 * that is a deeper cause of another suggested kind is left for the recursion (OOM is proposed under
 * the crash loop, not beside it), so the tree reads as a causal chain.
 */
export function ownDrafts(service: string, triage: Triage, basePriority: number): HypothesisDraft[] {
  const suggestions = new Map<HypothesisKind, { priority: number; finding?: ServiceFinding; rationale: string }>();
  for (const finding of triage.byService.get(service) ?? []) {
    if (finding.strength < SUGGESTION_STRENGTH) continue;
    for (const kind of ownKindsFor(finding.family, finding.direction)) {
      const current = suggestions.get(kind);
      if (!current || current.priority < finding.strength) suggestions.set(kind, { priority: finding.strength, finding, rationale: finding.detail });
    }
  }
  for (const event of triage.events.filter((e) => e.event.service === service)) {
    for (const kind of kindsForEvent(event.category)) {
      if (!suggestions.has(kind)) suggestions.set(kind, { priority: 0.8, rationale: `${event.event.reason ?? event.category} event at ${event.event.ts}: ${event.event.message}` });
    }
  }
  const kinds = [...suggestions.keys()];
  // Left for the recursion only when the kind that would lead to it is about as strongly suggested:
  // a weak latency wobble must not hide a saturated CPU behind an untested parent.
  const leftForRecursion = (kind: HypothesisKind): boolean =>
    kinds.some((parent) => parent !== kind && descendantsOf(parent).has(kind) && suggestions.get(parent)!.priority >= 0.8 * suggestions.get(kind)!.priority);
  return kinds
    .filter((kind) => !leftForRecursion(kind))
    .map((kind) => {
      const s = suggestions.get(kind)!;
      return draft(kind, subjectFor(service, s.finding, triage), basePriority * s.priority, s.rationale);
    });
}

/**
 * The subject of a hypothesis suggested by a finding: pinned to one instance when the signal is
 * clearly concentrated on it (another instance of the service shows it at most half as strongly).
 */
export function subjectFor(service: string, finding: ServiceFinding | undefined, triage: Triage): HypothesisSubject {
  if (!finding?.instance) return { service };
  const others = triage.findings.filter((f) => f.service === service && f.family === finding.family && f.instance && f.instance !== finding.instance);
  const concentrated = others.every((f) => f.strength <= finding.strength / 2);
  const hasSiblings = others.length > 0 || multipleInstances(service, triage);
  return concentrated && hasSiblings ? { service, instance: finding.instance } : { service };
}

function multipleInstances(service: string, triage: Triage): boolean {
  const instances = new Set(triage.findings.filter((f) => f.service === service && f.instance).map((f) => f.instance));
  return instances.size > 1;
}

/** Strongest finding of a service in the families a kind cares about. */
export function findingFor(kind: HypothesisKind, service: string, triage: Triage): ServiceFinding | undefined {
  const families = HYPOTHESIS_CATALOG[kind].families;
  return (triage.byService.get(service) ?? []).filter((f) => families.includes(f.family)).sort((a, b) => b.strength - a.strength)[0];
}
