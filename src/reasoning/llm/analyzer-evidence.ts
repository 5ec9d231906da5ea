import type { Hypothesis, HypothesisKind } from '../../core/investigation/hypothesis-schema';
import { HYPOTHESIS_CATALOG } from '../offline/hypothesis-catalog';
import type { OfflineAnalysis } from '../offline/offline-reasoner';

/** Kinds that claim only that a service misbehaves or passes trouble on: any anomaly of it backs them. */
const ANY_SIGNAL_KINDS = new Set<HypothesisKind>(['service-anomaly', 'downstream-latency', 'downstream-errors']);

/**
 * The evidence that passed the analyzers, by what it can back: a finding (an anomalous signal)
 * backs hypotheses about its service in its signal family, a recorded change event backs change
 * hypotheses about its service, and the evidence of a hypothesis the statistics supported (or a
 * person confirmed) backs claims about that hypothesis's service. A model's claim is used only
 * when it cites at least one such id.
 */
export class AnalyzerEvidence {
  constructor(
    private readonly analysis: OfflineAnalysis,
    private readonly hypotheses: readonly Hypothesis[],
  ) {}

  /** The cited ids that back a hypothesis of `kind` about `service`. */
  backing(kind: HypothesisKind, service: string, cited: readonly string[]): string[] {
    const spec = HYPOTHESIS_CATALOG[kind];
    const ids = new Set<string>();
    for (const finding of this.analysis.findings) {
      if (finding.service !== service) continue;
      if (ANY_SIGNAL_KINDS.has(kind) || spec.families.includes(finding.family)) finding.evidenceIds.forEach((id) => ids.add(id));
    }
    for (const event of this.analysis.events) {
      if (event.event.service === service && spec.events.includes(event.category)) ids.add(event.evidenceId);
    }
    for (const h of this.hypotheses) {
      if (h.subject.service === service && (h.status === 'supported' || h.status === 'confirmed')) h.evidenceIds.forEach((id) => ids.add(id));
    }
    return [...new Set(cited)].filter((id) => ids.has(id));
  }

  /** Every id that passed the analyzers, whatever it is about. */
  all(): Set<string> {
    const ids = new Set<string>();
    for (const finding of this.analysis.findings) finding.evidenceIds.forEach((id) => ids.add(id));
    for (const event of this.analysis.events) ids.add(event.evidenceId);
    for (const h of this.hypotheses) if (h.status === 'supported' || h.status === 'confirmed') h.evidenceIds.forEach((id) => ids.add(id));
    return ids;
  }
}
