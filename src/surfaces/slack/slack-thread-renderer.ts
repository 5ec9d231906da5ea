import type { webApi } from '@slack/bolt';
import type { InvestigationService } from '../../app/investigation-service';
import type { Budget } from '../../core/investigation/budget-schema';
import type { InvestigationEvent } from '../../core/investigation/investigation-events';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import { renderMarkdown } from '../../core/report/markdown-report';
import type { Logger } from '../../observability/logger';
import { hypothesisBlocks, hypothesisText } from './hypothesis-blocks';
import type { HypothesisMessageIndex } from './hypothesis-message-index';
import { reportBlocks, reportText } from './report-blocks';
import { slackSafeText } from './slack-safe-text';
import { SLACK_SURFACE } from './slack-thread';
import { statusBlocks, statusText } from './status-blocks';
import { ThreadPoster } from './thread-poster';
import { ThreadState } from './thread-state';
import { clockTime } from '../../core/report/report-timeline';
import { rcaView } from '../thread-view/rca-view';

/** How many finished threads keep their status message at hand for a late resolution. */
const MAX_FINISHED_THREADS = 500;

/** Dependencies of the Slack thread renderer. */
export interface SlackThreadRendererOptions {
  client: webApi.WebClient;
  store: InvestigationStore;
  service: Pick<InvestigationService, 'report'>;
  index: HypothesisMessageIndex;
  budget: Budget;
  logger: Logger;
  clock?: () => number;
  /**
   * Verdicts update the status message at most this often (Slack rate-limits `chat.update`);
   * human decisions and the end always update it. 0 updates on every verdict.
   */
  statusUpdateIntervalMs?: number;
}

/**
 * Renders an investigation into its Slack thread, as a subscriber of the InvestigationService:
 * one status message (posted once, then updated in place), one message per hypothesis (updated
 * with its verdict and key evidence, or its veto), a note per human decision, and the final RCA
 * broadcast to the channel with the full Markdown report uploaded as a file.
 */
export class SlackThreadRenderer {
  private readonly threads = new Map<string, { state: ThreadState; poster: ThreadPoster; startedAt: number } | null>();
  /** Finished threads, kept (a bounded number) so a late resolution still updates their status. */
  private readonly finished = new Map<string, { state: ThreadState; poster: ThreadPoster; startedAt: number }>();
  private readonly clock: () => number;

  constructor(private readonly options: SlackThreadRendererOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** The service listener: `service.subscribe(renderer.handle)`. */
  readonly handle = async (event: InvestigationEvent, investigationId: string): Promise<void> => {
    const thread = await this.threadOf(investigationId);
    if (!thread) return;
    const { state, poster } = thread;
    const changed = state.apply(event);
    switch (event.type) {
      case 'investigation-queued':
        if (!state.view().title) {
          const place = event.ahead === 0 ? 'next in line' : `${event.ahead} ahead`;
          await poster.say(`⏳ Queued, ${place}: Causa is busy with other investigations and starts on this one as soon as a worker is free.`);
        }
        return;
      case 'investigation-started':
        state.statusTs = await poster.post(statusText(state.view()), statusBlocks(state.view(), this.options.budget, 0));
        state.lastStatusUpdate = this.clock();
        return;
      case 'hypothesis-proposed':
        await this.postHypothesis(state, poster, event.hypothesis.id);
        return;
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive':
        await this.updateHypotheses(state, poster, changed);
        await this.updateStatus(thread, false);
        return;
      case 'steering-applied':
        await this.updateHypotheses(state, poster, changed);
        await poster.say(`🧭 ${slackSafeText(event.effect)}`);
        await this.updateStatus(thread, true);
        return;
      case 'budget-exhausted':
        await this.updateStatus(thread, true);
        return;
      case 'report-ready':
        await this.publishReport(state, poster, investigationId);
        await this.updateStatus(thread, true);
        this.retire(investigationId, thread);
        return;
      case 'alert-resolved':
        await poster.say(
          `✅ The alert resolved at ${clockTime(event.resolvedAt)}.${event.running ? ' Causa goes on investigating: the cause of an alert that stopped firing still matters.' : ''}`,
        );
        await this.updateStatus(thread, true);
        return;
      case 'reasoner-fallback':
        // Said once per investigation; later fallbacks are counted in the status message.
        if (state.fallbacks === 1) {
          await poster.say(`⚠️ The language model could not be used (${slackSafeText(`${event.stage}: ${event.reason}`)}). Causa continues with its offline reasoner; the statistics decide either way.`);
        }
        return;
      case 'investigation-failed':
        await poster.say(`⚠️ The investigation stopped on an error (${slackSafeText(event.code)}). Investigation \`${investigationId}\`; the details are in Causa's logs.`);
        await this.updateStatus(thread, true);
        this.retire(investigationId, thread);
        return;
      default:
        return;
    }
  };

  private retire(investigationId: string, thread: { state: ThreadState; poster: ThreadPoster; startedAt: number }): void {
    this.threads.delete(investigationId);
    this.finished.set(investigationId, thread);
    if (this.finished.size > MAX_FINISHED_THREADS) this.finished.delete(this.finished.keys().next().value as string);
  }

  private async threadOf(investigationId: string) {
    if (this.threads.has(investigationId)) return this.threads.get(investigationId) ?? null;
    const finished = this.finished.get(investigationId);
    if (finished) return finished;
    const record = await this.options.store.get(investigationId);
    const thread = record?.thread;
    // Another surface's investigation (Teams, playground): not ours to render.
    const entry =
      thread && thread.surface === SLACK_SURFACE
        ? { state: new ThreadState(investigationId, thread.channel, thread.threadId), poster: new ThreadPoster(this.options.client, thread.channel, thread.threadId), startedAt: this.clock() }
        : null;
    this.threads.set(investigationId, entry);
    return entry;
  }

  private async postHypothesis(state: ThreadState, poster: ThreadPoster, hypothesisId: string): Promise<void> {
    const view = state.hypothesis(hypothesisId);
    if (!view) return;
    const ts = await poster.post(hypothesisText(view), hypothesisBlocks(view, state.investigationId));
    state.messages.set(hypothesisId, ts);
    await this.options.index.remember(state.channel, ts, { investigationId: state.investigationId, hypothesisId });
  }

  private async updateHypotheses(state: ThreadState, poster: ThreadPoster, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const view = state.hypothesis(id);
      const ts = state.messages.get(id);
      if (view && ts) await poster.update(ts, hypothesisText(view), hypothesisBlocks(view, state.investigationId));
    }
  }

  private async updateStatus(thread: { state: ThreadState; poster: ThreadPoster; startedAt: number }, force: boolean): Promise<void> {
    const { state, poster } = thread;
    if (!state.statusTs) return;
    const now = this.clock();
    if (!force && now - state.lastStatusUpdate < (this.options.statusUpdateIntervalMs ?? 2000)) return;
    state.lastStatusUpdate = now;
    const view = state.view();
    await poster.update(state.statusTs, statusText(view), statusBlocks(view, this.options.budget, now - thread.startedAt));
  }

  private async publishReport(state: ThreadState, poster: ThreadPoster, investigationId: string): Promise<void> {
    const report = await this.options.service.report(investigationId);
    if (!report) {
      this.options.logger.warn({ investigationId, surface: 'slack' }, 'report-ready without a stored report; nothing to publish');
      return;
    }
    const rca = rcaView(report);
    await poster.post(reportText(rca), reportBlocks(rca), { broadcast: true });
    await this.options.client.filesUploadV2({
      channel_id: state.channel,
      thread_ts: state.threadTs,
      content: renderMarkdown(report),
      filename: `causa-rca-${investigationId}.md`,
      title: `Causa RCA ${investigationId}`,
    });
  }
}
