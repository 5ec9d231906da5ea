import type { TimeRange } from '../telemetry/time-range-schema';
import type { HypothesisTree } from './hypothesis-tree';
import type { InvestigationEvent } from './investigation-events';
import type { RecordedEvidence } from './query-runner';
import type { ReasoningLedger } from './reasoning-records';
import { applySteering } from './steering-applier';
import type { SteeringCommand } from './steering-schema';
import type { Verdict } from './verdict-schema';

/** The state of an interrupted run, as the loop needs it to go on. */
export interface ReplayTarget {
  tree: HypothesisTree;
  verdicts: Map<string, Verdict>;
  evidence: RecordedEvidence[];
  decisions: Array<{ command: SteeringCommand; effect: string }>;
  notes: string[];
  pendingConfirm: Set<string>;
  decomposed: Set<string>;
  ledger: ReasoningLedger;
}

/** What a journal says beyond the target's collections. */
export interface ReplayedProgress {
  window: TimeRange;
  /** Queries run and tokens spent so far (the budget goes on from them). */
  queries: number;
  tokens: number;
  /** Working time already spent: from the first to the last journaled event. */
  elapsedMs: number;
  /** A human stopped the investigation: the loop must not go on. */
  stopped?: string;
}

/**
 * Folds the journal of an interrupted investigation (a worker crashed or was drained) back into
 * the loop's state: the tree with its verdicts and human decisions, the evidence, the reasoning
 * ledger and the budget spent. A hypothesis that was being tested when the run stopped has no
 * verdict and is tested again. Returns undefined when the investigation had not started.
 */
export function replayJournal(events: readonly InvestigationEvent[], target: ReplayTarget): ReplayedProgress | undefined {
  const started = events.find((event) => event.type === 'investigation-started');
  if (!started || started.type !== 'investigation-started') return undefined;
  const progress: ReplayedProgress = { window: started.window, queries: 0, tokens: 0, elapsedMs: 0 };
  for (const event of events) {
    switch (event.type) {
      case 'hypothesis-proposed':
        target.tree.restore(event.hypothesis);
        if (event.hypothesis.parentId) target.decomposed.add(event.hypothesis.parentId);
        break;
      case 'query-finished':
        progress.queries += 1;
        target.evidence.push({ evidence: event.evidence, hypothesisId: event.hypothesisId });
        if (event.hypothesisId && target.tree.has(event.hypothesisId)) {
          const node = target.tree.require(event.hypothesisId);
          target.tree.update(node.id, { evidenceIds: [...node.evidenceIds, event.evidence.id] });
        }
        break;
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive': {
        const { verdict } = event;
        target.verdicts.set(verdict.hypothesisId, verdict);
        if (!target.tree.has(verdict.hypothesisId) || target.tree.require(verdict.hypothesisId).status === 'vetoed') break;
        const status = target.pendingConfirm.has(verdict.hypothesisId) ? 'confirmed' : verdict.outcome;
        target.tree.update(verdict.hypothesisId, { status, confidence: verdict.confidence, finding: verdict.finding, magnitude: verdict.magnitude, ...(verdict.location ? { location: verdict.location } : {}) });
        break;
      }
      case 'steering-applied': {
        const result = applySteering(target.tree, event.command);
        const { command } = event;
        if (command.type === 'confirm' && target.tree.has(command.hypothesisId) && !target.tree.isPruned(command.hypothesisId)) target.pendingConfirm.add(command.hypothesisId);
        target.decisions.push({ command, effect: event.effect });
        if (result.note !== undefined) target.notes.push(result.note);
        if (result.stop) progress.stopped = event.effect;
        break;
      }
      case 'model-called':
        progress.tokens += event.inputTokens + event.outputTokens;
        target.ledger.callMade(event);
        break;
      case 'reasoner-fallback':
        target.ledger.fellBack(event);
        break;
      case 'claim-dropped':
        target.ledger.dropped(event);
        break;
      default:
        break;
    }
  }
  const first = Date.parse(started.at);
  const last = Date.parse(events[events.length - 1]?.at ?? '');
  progress.elapsedMs = Number.isFinite(first) && Number.isFinite(last) ? Math.max(0, last - first) : 0;
  return progress;
}
