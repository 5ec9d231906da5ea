import type { InvestigationEvent } from '../../core/investigation/investigation-events';
import { CompactLayout } from '../thread-view/compact-layout';
import { ThreadViewBuilder } from '../thread-view/thread-view-builder';
import type { HypothesisView, ThreadView } from '../thread-view/thread-view-schema';
import type { ChartRef } from './finding-blocks';

/**
 * What the Slack renderer keeps about one investigation's thread: the Slack messages it posted
 * (status, one per hypothesis) and the surface-neutral thread view folded from the events.
 */
export class ThreadState {
  statusTs?: string;
  /** The first message posted in the thread (the status, or the queued notice before it). */
  firstMessageTs?: string;
  lastStatusUpdate = 0;
  /** Hypothesis id (verbose) or compact message key → ts of its message. */
  readonly messages = new Map<string, string>();
  /** Hypothesis id → the chart its finding's message shows (null: none). */
  readonly charts = new Map<string, ChartRef | null>();
  /** Which compact message shows which hypothesis. */
  readonly layout = new CompactLayout();
  /**
   * A follow-up look is running: its hypotheses are not posted one by one again (the thread gets
   * its update line and the revised RCA instead).
   */
  following = false;
  /** The last follow-up left the earlier answer standing: its report is not published as a revision. */
  keptPrevious = false;
  private readonly builder: ThreadViewBuilder;

  constructor(
    readonly investigationId: string,
    readonly channel: string,
    readonly threadTs: string,
  ) {
    this.builder = new ThreadViewBuilder(investigationId);
  }

  /** Folds one event in; returns the hypothesis ids whose message must change. */
  apply(event: InvestigationEvent): string[] {
    if (event.type === 'report-superseded') this.following = true;
    if (event.type === 'follow-up-finished') {
      this.following = false;
      this.keptPrevious = event.kept;
    }
    return this.builder.apply(event);
  }

  /** The thread view now. */
  view(): ThreadView {
    return this.builder.view();
  }

  /** One hypothesis as its message shows it. */
  hypothesis(id: string): HypothesisView | undefined {
    return this.builder.hypothesis(id);
  }

  /** Reasoner fallbacks so far. */
  get fallbacks(): number {
    return this.builder.fallbacks;
  }
}
