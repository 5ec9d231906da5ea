import { alertLinks, type AlertLink } from '../../core/alerts/alert-links';
import type { Evidence } from '../../core/investigation/evidence-schema';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { InvestigationEvent } from '../../core/investigation/investigation-events';
import type { Verdict } from '../../core/investigation/verdict-schema';
import type { DecisionView, EvidenceView, HypothesisDecisionView, HypothesisState, HypothesisView, ThreadView } from './thread-view-schema';

interface Node {
  hypothesis: Hypothesis;
  verdict?: Verdict;
  decision?: HypothesisDecisionView;
  testing: boolean;
}

/**
 * Folds an investigation's events into its thread view. `apply` returns the hypotheses whose
 * rendering changed; `view` and `hypothesis` give plain-data snapshots for renderers.
 */
export class ThreadViewBuilder {
  private title = '';
  private alertFiredAt?: string;
  private alertLinks: AlertLink[] = [];
  private alertLabels: Record<string, string> = {};
  private window?: { start: string; end: string };
  private phase = 'surveying the telemetry';
  private queries = 0;
  private alertResolvedAt?: string;
  private readonly model = { calls: 0, tokens: 0, fallbacks: 0, droppedClaims: 0 };
  private readonly nodes = new Map<string, Node>();
  private readonly evidence = new Map<string, Evidence>();
  private readonly decisions: DecisionView[] = [];

  constructor(readonly investigationId: string) {}

  /** Folds one event in; returns the ids of the hypotheses whose view changed. */
  apply(event: InvestigationEvent): string[] {
    switch (event.type) {
      case 'investigation-queued':
        // Said only while the investigation has not started (a worker may take it at once).
        if (!this.title) this.phase = event.ahead === 0 ? 'queued, next in line' : `queued, ${event.ahead} ahead`;
        return [];
      case 'investigation-started':
        this.title = event.alert.title;
        this.phase = 'surveying the telemetry';
        this.alertFiredAt = event.alert.firedAt;
        this.alertLinks = alertLinks(event.alert.text);
        this.alertLabels = { ...event.alert.labels };
        this.window = { ...event.window };
        return [];
      case 'hypothesis-proposed':
        this.nodes.set(event.hypothesis.id, { hypothesis: event.hypothesis, testing: false });
        this.phase = 'proposing hypotheses';
        return [event.hypothesis.id];
      case 'hypothesis-testing': {
        const node = this.nodes.get(event.hypothesisId);
        if (node) node.testing = true;
        this.phase = 'testing hypotheses';
        return [];
      }
      case 'query-finished':
        this.queries += 1;
        this.evidence.set(event.evidence.id, event.evidence);
        return [];
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive': {
        const node = this.nodes.get(event.verdict.hypothesisId);
        if (!node) return [];
        node.verdict = event.verdict;
        node.testing = false;
        return [node.hypothesis.id];
      }
      case 'steering-applied':
        return this.applySteering(event);
      case 'budget-exhausted':
        this.phase = `budget exhausted (${event.reason})`;
        return [];
      case 'report-ready':
        this.phase = 'finished';
        return [];
      case 'investigation-failed':
        this.phase = 'failed';
        return [];
      case 'alert-resolved':
        this.alertResolvedAt = event.resolvedAt;
        return [];
      case 'model-called':
        this.model.calls += 1;
        this.model.tokens += event.inputTokens + event.outputTokens;
        return [];
      case 'reasoner-fallback':
        this.model.fallbacks += 1;
        return [];
      case 'claim-dropped':
        this.model.droppedClaims += 1;
        return [];
      case 'report-superseded':
        // A follow-up looks again from scratch: the board shows its hypotheses from now on.
        this.phase = `looking again with the data that arrived since (RCA version ${event.version + 1})`;
        this.nodes.clear();
        return [];
      case 'follow-up-scheduled':
      case 'follow-up-finished':
      case 'follow-up-cancelled':
        return [];
    }
  }

  /** How many times the reasoner fell back to the offline one so far. */
  get fallbacks(): number {
    return this.model.fallbacks;
  }

  /** One hypothesis as the board shows it; undefined when it was never proposed. */
  hypothesis(id: string): HypothesisView | undefined {
    const node = this.nodes.get(id);
    return node ? this.nodeView(node) : undefined;
  }

  /** A snapshot of the whole thread. */
  view(): ThreadView {
    const hypotheses = [...this.nodes.values()].map((node) => this.nodeView(node));
    const done = this.phase === 'finished' || this.phase === 'failed';
    return {
      investigationId: this.investigationId,
      title: this.title,
      ...(this.alertFiredAt ? { alertFiredAt: this.alertFiredAt } : {}),
      alertLinks: this.alertLinks.map((link) => ({ ...link })),
      alertLabels: { ...this.alertLabels },
      ...(this.window ? { window: { ...this.window } } : {}),
      phase: { label: this.phase, done, failed: this.phase === 'failed' },
      queries: this.queries,
      ...(this.alertResolvedAt ? { alertResolvedAt: this.alertResolvedAt } : {}),
      model: { ...this.model },
      hypotheses,
      ...(leading(hypotheses) ? { leadingId: leading(hypotheses)!.id } : {}),
      depth: Math.max(0, ...hypotheses.map((h) => h.depth)),
      decisions: this.decisions.map((decision) => ({ ...decision })),
    };
  }

  private nodeView(node: Node): HypothesisView {
    const h = node.hypothesis;
    return {
      id: h.id,
      parentId: h.parentId,
      depth: h.depth,
      statement: h.statement,
      kind: h.kind,
      faultType: h.faultType,
      subject: { ...h.subject },
      rationale: h.rationale,
      priority: h.priority,
      state: stateOf(node),
      testing: node.testing,
      ...(node.verdict
        ? {
            verdict: {
              outcome: node.verdict.outcome,
              confidence: node.verdict.confidence,
              finding: node.verdict.finding,
              ...(node.verdict.onset !== undefined ? { onset: node.verdict.onset } : {}),
              ...(node.verdict.location ? { location: node.verdict.location } : {}),
              evidence: node.verdict.evidenceIds.map((id) => this.evidenceView(id)),
            },
          }
        : {}),
      ...(node.decision ? { decision: { ...node.decision } } : {}),
    };
  }

  private evidenceView(id: string): EvidenceView {
    const item = this.evidence.get(id);
    if (!item) return { id, links: [] };
    return { id, queryName: item.queryName, sourceId: item.sourceId, status: item.status, summary: item.summary, links: item.links ?? [] };
  }

  private applySteering(event: Extract<InvestigationEvent, { type: 'steering-applied' }>): string[] {
    const { command } = event;
    // The effect says whether the loop ignored it (unknown id, vetoed branch).
    const ignored = /ignored/.test(event.effect);
    this.decisions.push({
      type: command.type,
      by: command.by,
      at: command.at,
      ...('hypothesisId' in command ? { hypothesisId: command.hypothesisId } : {}),
      effect: event.effect,
      ignored,
    });
    if (command.type !== 'veto' && command.type !== 'confirm') return [];
    const node = this.nodes.get(command.hypothesisId);
    if (!node || ignored) return [];
    if (command.type === 'confirm') {
      node.decision = { type: 'confirmed', by: command.by };
      return [node.hypothesis.id];
    }
    node.decision = { type: 'vetoed', by: command.by };
    const changed = [node.hypothesis.id];
    for (const other of this.nodes.values()) {
      const open = !other.verdict && !other.decision;
      if (open && other.hypothesis.id.startsWith(`${node.hypothesis.id}.`)) {
        other.decision = { type: 'pruned', by: command.by, ancestor: node.hypothesis.id };
        changed.push(other.hypothesis.id);
      }
    }
    return changed;
  }
}

function stateOf(node: Node): HypothesisState {
  if (node.decision) return node.decision.type;
  if (node.verdict) return node.verdict.outcome;
  return node.testing ? 'testing' : 'proposed';
}

/** The supported or confirmed hypothesis with the highest confidence (confirmed first, deeper on ties). */
function leading(hypotheses: readonly HypothesisView[]): HypothesisView | undefined {
  const candidates = hypotheses.filter((h) => h.state === 'confirmed' || h.state === 'supported');
  const score = (h: HypothesisView): number => (h.state === 'confirmed' ? 2 : 0) + (h.verdict?.confidence ?? 0);
  return [...candidates].sort((a, b) => score(b) - score(a) || b.depth - a.depth)[0];
}
