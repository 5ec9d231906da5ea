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
import type { SlackPostingClient, UploadedFile, UploadFile } from './scheduled-slack-client';
import { ThreadPoster, threadLookup } from './thread-poster';
import { ChatOutbox } from '../posting/chat-outbox';
import type { EventDelivery } from '../../app/investigation-service-types';
import { ThreadState } from './thread-state';
import { rememberFirstMessage } from './thread-first-message';
import { boardBlocks } from './board-blocks';
import { findingBlocks, findingText } from './finding-blocks';
import { withMentions } from './slack-mention';
import type { ThreadView } from '../thread-view/thread-view-schema';
import { clockTime } from '../../core/report/report-timeline';
import { rcaView, reportFileName } from '../thread-view/rca-view';
import type { ReportChartMaker } from '../../charts/report-chart';
import type { FindingChartMaker } from '../../app/finding-charts';
import { findingChart } from './finding-chart-upload';
import { spanWords } from '../../core/follow-up/follow-up-policy';

/** "Not confident yet (…); Causa looks again at 10:42 UTC (in 2 minutes) with the data that arrives by then." */
function followUpText(event: Extract<InvestigationEvent, { type: 'follow-up-scheduled' }>, now: number): string {
  const inMs = Date.parse(event.dueAt) - now;
  const when = inMs > 0 ? ` (in ${spanWords(inMs)})` : '';
  const note = event.dataNote ? ` ${event.dataNote}` : '';
  return `Not final yet: ${event.reason}. Causa looks again at ${clockTime(event.dueAt)}${when} with the telemetry that has arrived by then.${note}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How many finished threads keep their status message at hand for a late resolution. */
const MAX_FINISHED_THREADS = 500;

/** Dependencies of the Slack thread renderer. */
export interface SlackThreadRendererOptions {
  /** The scheduled Web API calls (see ScheduledSlackClient): paced, retried on 429, coalesced. */
  client: SlackPostingClient;
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
  /**
   * `compact` (the default): the status message holds the hypothesis board, and only judged
   * top-level hypotheses and supported findings get messages. `verbose`: a message per hypothesis.
   */
  layout?: 'compact' | 'verbose';
  /** Draws the charts uploaded with the RCA (the root cause against normal, the alert's signal); none without it. */
  charts?: ReportChartMaker;
  /** Draws the chart of each supported finding (compact layout), shown in the finding's message; none without it. */
  findingCharts?: FindingChartMaker;
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
  readonly handle = async (event: InvestigationEvent, investigationId: string, delivery?: EventDelivery): Promise<void> => {
    const thread = await this.threadOf(investigationId);
    if (!thread) return;
    const { state, poster } = thread;
    const changed = state.apply(event);
    if (delivery?.replay) return this.replay(thread, event);
    const purpose = `event:${event.seq}`;
    switch (event.type) {
      case 'investigation-queued':
        if (!state.view().title) {
          const place = event.ahead === 0 ? 'next in line' : `${event.ahead} ahead`;
          await this.first(state, await poster.say(`⏳ Queued, ${place}: Causa is busy with other investigations and starts on this one as soon as a worker is free.`, 'essential', 'queued'));
        }
        return;
      case 'investigation-started':
        state.statusTs = await poster.post(statusText(state.view()), this.statusBlocksOf(state.view(), 0), { kind: 'essential', purpose: 'status' });
        state.lastStatusUpdate = this.clock();
        await this.first(state, state.statusTs);
        return;
      case 'hypothesis-proposed':
        if (this.compact) await this.updateStatus(thread, false);
        else if (!state.following) await this.postHypothesis(state, poster, event.hypothesis.id);
        return;
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive':
        if (!state.following) await this.updateHypotheses(state, poster, changed);
        await this.updateStatus(thread, false);
        return;
      case 'steering-applied': {
        if (!state.following) await this.updateHypotheses(state, poster, changed);
        const { command } = event;
        // Compact threads show a decision on the hypothesis and on the board; other steering gets a note.
        const decided = (command.type === 'veto' || command.type === 'confirm') && changed.length > 0;
        if (!this.compact || !decided) await poster.say(`🧭 ${this.compact ? withMentions(event.effect, [command.by]) : slackSafeText(event.effect)}`, 'essential', purpose);
        await this.updateStatus(thread, true);
        return;
      }
      case 'budget-exhausted':
        await this.updateStatus(thread, true);
        return;
      case 'report-ready':
        if (!state.keptPrevious) await this.publishReport(state, poster, investigationId, event.version ?? 1);
        await this.updateStatus(thread, true);
        this.retire(investigationId, thread);
        return;
      case 'follow-up-scheduled':
        await poster.say(`⏳ ${followUpText(event, this.clock())}`, 'essential', purpose);
        await this.updateStatus(thread, true);
        return;
      case 'follow-up-finished':
        await poster.say(`🔁 ${slackSafeText(capitalized(event.update))}${event.final ? '' : '.'}`, 'essential', purpose);
        return;
      case 'follow-up-cancelled':
        await poster.say(`🛑 No more follow-ups: ${slackSafeText(event.reason)}.`, 'essential', purpose);
        await this.updateStatus(thread, true);
        return;
      case 'alert-resolved':
        await poster.say(
          `✅ The alert resolved at ${clockTime(event.resolvedAt)}.${event.running ? ' Causa goes on investigating: the cause of an alert that stopped firing still matters.' : ''}`,
          'essential',
          purpose,
        );
        await this.updateStatus(thread, true);
        return;
      case 'reasoner-fallback':
        // Said once per investigation; later fallbacks are counted in the status message.
        if (state.fallbacks === 1) {
          await poster.say(`⚠️ The language model could not be used (${slackSafeText(`${event.stage}: ${event.reason}`)}). Causa continues with its offline reasoner; the statistics decide either way.`, 'progress', purpose);
        }
        return;
      case 'investigation-failed':
        await poster.say(`⚠️ The investigation stopped on an error (${slackSafeText(event.code)}). Investigation \`${investigationId}\`; the details are in Causa's logs.`, 'essential', purpose);
        await this.updateStatus(thread, true);
        this.retire(investigationId, thread);
        return;
      default:
        return;
    }
  };

  /**
   * An event drawn already (before a restart, or by another process): folded into the view, and
   * the messages it posted are found again (the next events update them); nothing is posted.
   */
  private async replay(thread: { state: ThreadState; poster: ThreadPoster; startedAt: number }, event: InvestigationEvent): Promise<void> {
    const { state, poster } = thread;
    if (event.type === 'investigation-started') {
      thread.startedAt = Date.parse(event.at);
      state.statusTs = await poster.posted('status');
    }
    if (event.type === 'investigation-started' || event.type === 'investigation-queued') state.firstMessageTs ??= (await poster.posted('queued')) ?? state.statusTs;
    if (event.type === 'report-ready' || event.type === 'investigation-failed') this.retire(state.investigationId, thread);
  }

  /** Records the thread's first message, so a "posted again" reply can link to it once it exists. */
  private async first(state: ThreadState, ts: string | undefined): Promise<void> {
    if (ts === undefined || state.firstMessageTs !== undefined) return;
    state.firstMessageTs = ts;
    await rememberFirstMessage(this.options.store, state.investigationId, state.channel, ts);
  }

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
        ? {
            state: new ThreadState(investigationId, thread.channel, thread.threadId),
            poster: new ThreadPoster(this.options.client, thread.channel, thread.threadId, new ChatOutbox(this.options.store, SLACK_SURFACE, investigationId, threadLookup(this.options.client, thread.channel, thread.threadId, investigationId))),
            startedAt: this.clock(),
          }
        : null;
    this.threads.set(investigationId, entry);
    return entry;
  }

  private async postHypothesis(state: ThreadState, poster: ThreadPoster, hypothesisId: string): Promise<void> {
    const view = state.hypothesis(hypothesisId);
    if (!view) return;
    // In a storm the scheduler may skip it: the hypothesis then lives in the status and the RCA only.
    const ts = await poster.post(hypothesisText(view), hypothesisBlocks(view, state.investigationId), { kind: 'progress', purpose: `hypothesis:${hypothesisId}` });
    if (ts === undefined) return;
    state.messages.set(hypothesisId, ts);
    await this.options.index.remember(state.channel, ts, { investigationId: state.investigationId, hypothesisId });
  }

  private get compact(): boolean {
    return (this.options.layout ?? 'compact') === 'compact';
  }

  private statusBlocksOf(view: ThreadView, elapsedMs: number) {
    return this.compact ? boardBlocks(view, this.options.budget, elapsedMs) : statusBlocks(view, this.options.budget, elapsedMs);
  }

  /** Compact layout: posts and updates the messages the layout plans for the changed hypotheses. */
  private async renderCompact(state: ThreadState, poster: ThreadPoster, ids: readonly string[]): Promise<void> {
    const view = state.view();
    for (const step of state.layout.plan(view, ids)) {
      const message = state.layout.message(view, step.key);
      if (!message) continue;
      const purpose = `finding:${step.key}`;
      // Posted by this process, or (a thread taken over) by the one that drew it before.
      const known = state.messages.get(step.key) ?? (await poster.posted(purpose));
      const chart = await findingChart(poster, view, message.head, state.charts, this.options.findingCharts);
      const blocks = findingBlocks(message, view, chart);
      // In a storm a finding's message may be skipped: the board and the RCA still show it, and a
      // reply such as `veto H2` still steers it. Should Slack refuse its chart, it goes without.
      const withoutChart = async <T>(send: (b: typeof blocks) => Promise<T>): Promise<T> => {
        if (!chart) return send(blocks);
        try {
          return await send(blocks);
        } catch (error) {
          this.options.logger.warn({ investigationId: state.investigationId, surface: 'slack', err: (error as Error).message }, 'a finding with its chart was refused; posting it without the chart');
          state.charts.set(message.head.id, null);
          return send(findingBlocks(message, view));
        }
      };
      const ts = known ?? (await withoutChart((b) => poster.post(findingText(message), b, { kind: 'progress', purpose })));
      if (known) await withoutChart((b) => poster.update(known, findingText(message), b));
      if (ts === undefined) continue;
      state.messages.set(step.key, ts);
      // The message's reactions act on its head, which a deeper finding may have taken over.
      await this.options.index.remember(state.channel, ts, { investigationId: state.investigationId, hypothesisId: message.head.id });
    }
  }

  private async updateHypotheses(state: ThreadState, poster: ThreadPoster, ids: readonly string[]): Promise<void> {
    if (this.compact) return this.renderCompact(state, poster, ids);
    for (const id of ids) {
      const view = state.hypothesis(id);
      const ts = state.messages.get(id) ?? (await poster.posted(`hypothesis:${id}`));
      if (ts) state.messages.set(id, ts);
      if (view && ts) await poster.update(ts, hypothesisText(view), hypothesisBlocks(view, state.investigationId), 'progress');
    }
  }

  private async updateStatus(thread: { state: ThreadState; poster: ThreadPoster; startedAt: number }, force: boolean): Promise<void> {
    const { state, poster } = thread;
    if (!state.statusTs) return;
    const now = this.clock();
    if (!force && now - state.lastStatusUpdate < (this.options.statusUpdateIntervalMs ?? 2000)) return;
    state.lastStatusUpdate = now;
    const view = state.view();
    await poster.update(state.statusTs, statusText(view), this.statusBlocksOf(view, now - thread.startedAt), force ? 'essential' : 'progress');
  }

  /**
   * Uploads the full report and the charts into the thread (one message, Slack's external upload
   * flow), then broadcasts the RCA to the channel: it says where the report is and shows the root
   * cause's chart. Should Slack refuse the chart in the message, the RCA goes out without it.
   */
  private async publishReport(state: ThreadState, poster: ThreadPoster, investigationId: string, version: number): Promise<void> {
    if (!(await this.options.service.report(investigationId))) {
      this.options.logger.warn({ investigationId, surface: 'slack' }, 'report-ready without a stored report; nothing to publish');
      return;
    }
    const revised = version > 1 ? `Revised RCA (version ${version}; the earlier one stays in the audit log) — ` : '';
    const name = reportFileName(investigationId, version);
    const title = version > 1 ? `Causa RCA ${investigationId} (version ${version})` : `Causa RCA ${investigationId}`;
    // The report's file and charts are made when the upload's turn comes (a storm makes threads
    // wait long for their slots): until then the thread holds neither.
    let charts: Array<{ fileName: string; title: string }> = [];
    const files = async (): Promise<UploadFile[]> => {
      const report = await this.options.service.report(investigationId);
      if (!report) return [];
      const drawn = (await this.options.charts?.(report)) ?? [];
      charts = drawn.map((c) => ({ fileName: c.fileName, title: c.title }));
      return [{ content: renderMarkdown(report), filename: name, title }, ...drawn.map((c) => ({ content: c.png, filename: c.fileName, title: c.title, altText: c.title }))];
    };
    const comment = (uploaded: readonly UploadFile[]) => `📎 ${revised ? 'Revised r' : 'R'}eport of investigation \`${investigationId}\`${uploaded.length > 1 ? ' and its charts' : ''}`;
    // An upload Slack refuses does not hold the RCA back: it then says the report was not attached.
    const ids = await poster
      .upload(files, comment, `report-files:v${version}`)
      .catch((error: unknown) => {
        this.options.logger.warn({ investigationId, surface: 'slack', err: (error as Error).message }, 'the report could not be uploaded to Slack');
        return undefined;
      });
    // Uploaded by an earlier draw of this thread: its charts are the files after the report.
    if (ids && charts.length === 0) charts = ids.slice(1).map((file) => ({ fileName: '', title: file.title ?? 'chart' }));
    const messages = await this.rcaMessages(investigationId, version, revised, ids, charts);
    if (!messages) return;
    const post = async (withChart: boolean): Promise<void> => {
      const { text, blocks } = withChart ? messages.withChart : messages.plain;
      await poster.post(text, blocks, { broadcast: true, kind: 'essential', purpose: `report:v${version}` });
    };
    const hasImage = messages.hasImage;
    try {
      await post(hasImage);
    } catch (error) {
      if (!hasImage) throw error;
      this.options.logger.warn({ investigationId, surface: 'slack', err: (error as Error).message }, 'the RCA with its chart was refused; posting it without the chart');
      await post(false);
    }
  }

  /**
   * The RCA message, with the root cause's chart and without it (should Slack refuse the image),
   * read from the stored report; the report itself is not kept while the message waits its turn.
   */
  private async rcaMessages(investigationId: string, version: number, revised: string, ids: UploadedFile[] | undefined, charts: Array<{ fileName: string; title: string }>) {
    const report = await this.options.service.report(investigationId);
    if (!report) return undefined;
    // A chart's file is found by its title; by its place (after the report) when Slack gave no titles back.
    const fileIdOf = (title: string, index: number): string | undefined => (ids?.some((f) => f.title) ? ids.find((f) => f.title === title)?.id : ids?.[index + 1]?.id);
    const attached = ids ? charts.map((c, i) => ({ fileName: c.fileName, title: c.title, ...(fileIdOf(c.title, i) ? { fileId: fileIdOf(c.title, i) } : {}) })) : [];
    const ordered = [...attached].sort((a, b) => Number(b.fileName.endsWith('-cause.png')) - Number(a.fileName.endsWith('-cause.png')));
    const message = (withChart: boolean) => {
      const rca = rcaView(report, { version, attached: ids !== undefined, ...(ids?.[0]?.permalink ? { reportLink: ids[0].permalink } : {}), charts: withChart ? ordered : ordered.map(({ fileId: _, ...rest }) => rest) });
      const blocks = reportBlocks(rca);
      const heading = revised ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `🔁 ${revised.replace(/ — $/, '')}` }] }, ...blocks] : blocks;
      return { text: `${revised}${reportText(rca)}`, blocks: heading };
    };
    const hasImage = ordered.some((c) => c.fileId);
    const plain = message(false);
    return { hasImage, withChart: hasImage ? message(true) : plain, plain };
  }
}
