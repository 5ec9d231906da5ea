import type { Evidence } from '../../core/investigation/evidence-schema';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { InvestigationEvent } from '../../core/investigation/investigation-events';
import type { Verdict } from '../../core/investigation/verdict-schema';

/** A hypothesis as its Slack message shows it. */
export interface HypothesisView {
  hypothesis: Hypothesis;
  verdict?: Verdict;
  /** `vetoed` / `confirmed` by a person, or `pruned` with its vetoed ancestor. */
  decision?: { type: 'vetoed' | 'confirmed' | 'pruned'; by: string; ancestor?: string };
  testing: boolean;
}

/**
 * What the renderer knows about one investigation's thread, folded from its events: the thread,
 * the status and hypothesis messages, the hypotheses and the evidence seen so far.
 */
export class ThreadState {
  statusTs?: string;
  lastStatusUpdate = 0;
  phase = 'surveying the telemetry';
  queries = 0;
  title = '';
  /** When the alert resolved, once its tool said so. */
  alertResolvedAt?: string;
  /** Language-model use so far (from `model-called`, `reasoner-fallback`, `claim-dropped`). */
  readonly model = { calls: 0, tokens: 0, fallbacks: 0, droppedClaims: 0 };
  readonly hypotheses = new Map<string, HypothesisView>();
  readonly messages = new Map<string, string>();
  readonly evidence = new Map<string, Evidence>();

  constructor(
    readonly investigationId: string,
    readonly channel: string,
    readonly threadTs: string,
  ) {}

  /** Folds one event in; returns the hypothesis ids whose message must change. */
  apply(event: InvestigationEvent): string[] {
    switch (event.type) {
      case 'investigation-started':
        this.title = event.alert.title;
        return [];
      case 'hypothesis-proposed':
        this.hypotheses.set(event.hypothesis.id, { hypothesis: event.hypothesis, testing: false });
        this.phase = 'proposing hypotheses';
        return [event.hypothesis.id];
      case 'hypothesis-testing': {
        const view = this.hypotheses.get(event.hypothesisId);
        if (view) view.testing = true;
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
        const view = this.hypotheses.get(event.verdict.hypothesisId);
        if (!view) return [];
        view.verdict = event.verdict;
        view.testing = false;
        return [view.hypothesis.id];
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
    }
  }

  /** The supported or confirmed hypothesis with the highest confidence, if any. */
  leading(): HypothesisView | undefined {
    const candidates = [...this.hypotheses.values()].filter(
      (view) => !view.decision?.type.match(/vetoed|pruned/) && (view.decision?.type === 'confirmed' || view.verdict?.outcome === 'supported'),
    );
    const score = (view: HypothesisView): number => (view.decision?.type === 'confirmed' ? 2 : 0) + (view.verdict?.confidence ?? 0);
    return candidates.sort((a, b) => score(b) - score(a) || b.hypothesis.depth - a.hypothesis.depth)[0];
  }

  /** Deepest depth reached. */
  depth(): number {
    return Math.max(0, ...[...this.hypotheses.values()].map((view) => view.hypothesis.depth));
  }

  private applySteering(event: Extract<InvestigationEvent, { type: 'steering-applied' }>): string[] {
    const { command } = event;
    if (command.type !== 'veto' && command.type !== 'confirm') return [];
    const view = this.hypotheses.get(command.hypothesisId);
    // The effect says whether the loop ignored it (unknown id, vetoed branch).
    if (!view || /ignored/.test(event.effect)) return [];
    if (command.type === 'confirm') {
      view.decision = { type: 'confirmed', by: command.by };
      return [view.hypothesis.id];
    }
    view.decision = { type: 'vetoed', by: command.by };
    const changed = [view.hypothesis.id];
    for (const other of this.hypotheses.values()) {
      const open = !other.verdict && !other.decision;
      if (open && other.hypothesis.id.startsWith(`${view.hypothesis.id}.`)) {
        other.decision = { type: 'pruned', by: command.by, ancestor: view.hypothesis.id };
        changed.push(other.hypothesis.id);
      }
    }
    return changed;
  }
}
