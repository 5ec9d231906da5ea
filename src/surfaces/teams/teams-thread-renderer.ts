import type { Activity, ConversationReference } from 'botbuilder';
import type { InvestigationService } from '../../app/investigation-service';
import type { Budget } from '../../core/investigation/budget-schema';
import type { InvestigationEvent } from '../../core/investigation/investigation-events';
import type { InvestigationStore, ThreadRef } from '../../core/ports/investigation-store';
import type { EventDelivery } from '../../app/investigation-service-types';
import { renderMarkdown } from '../../core/report/markdown-report';
import { clockTime } from '../../core/report/report-timeline';
import type { Logger } from '../../observability/logger';
import { rcaView, ThreadViewBuilder, type HypothesisDecisionView, type HypothesisView } from '../thread-view';
import { cardAttachment, type AdaptiveCard } from './adaptive-card';
import { inertText } from './adaptive-text';
import type { TeamsConversationStore } from './conversation-store';
import { hypothesisCard } from './hypothesis-card';
import { reportCard, reportSummary, type CardChart } from './report-card';
import type { FindingChartMaker } from '../../app/finding-charts';
import { findingChartRequest } from '../thread-view/finding-chart-request';
import type { ReportChartMaker } from '../../charts/report-chart';
import type { Report } from '../../core/report/report-schema';
import { reportConsentAttachment } from './report-file';
import { statusCard, statusSummary } from './status-card';
import type { TeamsPoster } from './teams-poster';
import { TEAMS_SURFACE } from './teams-thread';
import { ChatOutbox } from '../posting/chat-outbox';

const MAX_FINISHED_THREADS = 500;

/** Dependencies of the Teams thread renderer. */
export interface TeamsThreadRendererOptions {
  poster: TeamsPoster;
  store: InvestigationStore;
  conversations: TeamsConversationStore;
  service: Pick<InvestigationService, 'report'>;
  budget: Budget;
  logger: Logger;
  clock?: () => number;
  /** Verdicts update the status card at most this often; decisions and the end always do. */
  statusUpdateIntervalMs?: number;
  /** Draws the report's charts; the RCA card shows the root cause's (none without it). */
  charts?: ReportChartMaker;
  /** Draws a supported finding's chart, shown in its hypothesis card (none without it). */
  findingCharts?: FindingChartMaker;
}

/**
 * The largest card posted with its chart inline (Teams refuses bot messages over about 28 KB,
 * summary and envelope included); a larger card goes without the chart.
 */
const MAX_ACTIVITY_BYTES = 26_000;

/** What the renderer keeps about one thread: the surface-neutral view and the Teams messages it posted. */
interface ThreadState {
  readonly investigationId: string;
  readonly builder: ThreadViewBuilder;
  statusTs?: string;
  lastStatusUpdate: number;
  /** Hypothesis id → activity id of its card. */
  readonly messages: Map<string, string>;
  /** Hypothesis id → the chart its card shows (null: none). */
  readonly charts: Map<string, CardChart | null>;
}

interface Thread {
  state: ThreadState;
  reference: ConversationReference;
  thread: ThreadRef;
  startedAt: number;
  /** Events up to this seq are already in Teams (drawn by this process, or by one before a restart). */
  renderedSeq: number;
  /** Each message of the thread posted once, by purpose (see ChatOutbox). */
  outbox: ChatOutbox;
}

/**
 * Renders an investigation into its Teams reply chain, as a subscriber of the
 * InvestigationService: one status card updated in place, one card per hypothesis (updated with
 * its verdict or the decision and who made it), a line per human decision, and the RCA card with
 * the full Markdown report attached. It posts through the stored ConversationReference, so a
 * restarted process goes on posting into the same thread.
 */
export class TeamsThreadRenderer {
  private readonly threads = new Map<string, Thread | null>();
  private readonly finished = new Map<string, Thread>();
  /** Display names of the people who steered (untrusted; shown inert). */
  private readonly names = new Map<string, string>();
  private readonly clock: () => number;

  constructor(private readonly options: TeamsThreadRendererOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Remembers how a person is called, for "Vetoed by …". */
  rememberName(id: string, name: string | undefined): void {
    if (name && name.trim() !== '') this.names.set(id, name.slice(0, 100));
  }

  readonly nameOf = (id: string): string => this.names.get(id) ?? id;

  /** The card of a hypothesis with a decision shown before the loop applies it (the refreshed card of a Universal Action). */
  async previewDecision(investigationId: string, hypothesisId: string, decision: HypothesisDecisionView): Promise<AdaptiveCard | undefined> {
    const thread = await this.threadOf(investigationId);
    const view = thread?.state.builder.hypothesis(hypothesisId);
    if (!thread || !view) return undefined;
    return this.fitting((chart) => hypothesisCard({ ...view, decision, state: decision.type }, investigationId, this.nameOf, chart), thread.state.charts.get(hypothesisId) ?? undefined);
  }

  /** The service listener: `service.subscribe(renderer.handle)`. */
  readonly handle = async (event: InvestigationEvent, investigationId: string, delivery?: EventDelivery): Promise<void> => {
    const thread = await this.threadOf(investigationId);
    if (!thread) return;
    const changed = thread.state.builder.apply(event);
    if (event.seq <= thread.renderedSeq || delivery?.replay) {
      // A restarted process reads the log from the start: the view catches up, Teams is not posted to again.
      if (event.type === 'investigation-started') thread.startedAt = Date.parse(event.at);
      if (event.type === 'report-ready' || event.type === 'investigation-failed') this.retire(investigationId, thread);
      return;
    }
    await this.render(thread, event, changed, investigationId, `event:${event.seq}`);
    thread.renderedSeq = event.seq;
    await this.options.conversations.saveRenderedSeq(investigationId, event.seq);
  };

  private async render(thread: Thread, event: InvestigationEvent, changed: string[], investigationId: string, purpose: string): Promise<void> {
    const { state } = thread;
    switch (event.type) {
      case 'investigation-queued':
        // Said only while the investigation has not started (a worker may take it at once).
        if (!state.builder.view().title) {
          const place = event.ahead === 0 ? 'next in line' : `${event.ahead} ahead`;
          await this.say(thread, `⏳ Queued, ${place}: Causa is busy with other investigations and starts on this one as soon as a worker is free.`, 'queued');
        }
        return;
      case 'investigation-started': {
        const view = state.builder.view();
        const id = await this.send(thread, statusSummary(view), statusCard(view, this.options.budget, 0), 'status');
        if (id) {
          state.statusTs = id;
          await this.options.conversations.saveStatusMessage(thread.thread, id);
        }
        state.lastStatusUpdate = this.clock();
        return;
      }
      case 'hypothesis-proposed':
        return this.postHypothesis(thread, event.hypothesis.id);
      case 'hypothesis-supported':
      case 'hypothesis-refuted':
      case 'hypothesis-inconclusive':
        await this.updateHypotheses(thread, changed);
        return this.updateStatus(thread, false);
      case 'steering-applied':
        await this.updateHypotheses(thread, changed);
        await this.say(thread, `🧭 ${inertText(event.effect)}`, purpose);
        return this.updateStatus(thread, true);
      case 'budget-exhausted':
        return this.updateStatus(thread, true);
      case 'report-ready':
        await this.publishReport(thread, investigationId);
        await this.updateStatus(thread, true);
        return this.retire(investigationId, thread);
      case 'alert-resolved':
        await this.say(thread, `✅ The alert resolved at ${clockTime(event.resolvedAt)}.${event.running ? ' Causa goes on investigating: the cause of an alert that stopped firing still matters.' : ''}`, purpose);
        return this.updateStatus(thread, true);
      case 'reasoner-fallback':
        if (state.builder.fallbacks === 1) await this.say(thread, `⚠️ The language model could not be used (${inertText(event.stage)}). Causa continues with its offline reasoner.`, purpose);
        return;
      case 'investigation-failed':
        await this.say(thread, `⚠️ The investigation stopped on an error (${inertText(event.code)}). Investigation ${inertText(investigationId)}; the details are in Causa's logs.`, purpose);
        await this.updateStatus(thread, true);
        return this.retire(investigationId, thread);
      default:
        return;
    }
  }

  private retire(investigationId: string, thread: Thread): void {
    this.threads.delete(investigationId);
    this.finished.set(investigationId, thread);
    if (this.finished.size > MAX_FINISHED_THREADS) this.finished.delete(this.finished.keys().next().value as string);
  }

  /**
   * The thread of an investigation. Met for the first time in this process (another replica
   * posted so far, or this one restarted), it is rebuilt from the store: the reference, the
   * status card's id, how far the thread was drawn, and the cards' ids as they are needed.
   */
  private async threadOf(investigationId: string): Promise<Thread | null> {
    if (this.threads.has(investigationId)) return this.threads.get(investigationId) ?? null;
    const finished = this.finished.get(investigationId);
    if (finished) return finished;
    const record = await this.options.store.get(investigationId);
    const thread = record?.thread;
    // Another surface's investigation: not ours to render.
    if (!thread || thread.surface !== TEAMS_SURFACE) {
      this.threads.set(investigationId, null);
      return null;
    }
    const reference = await this.options.conversations.reference(thread);
    if (!reference) {
      this.options.logger.warn({ investigationId, surface: 'teams' }, 'no stored conversation reference for this Teams thread; nothing can be posted');
      this.threads.set(investigationId, null);
      return null;
    }
    const state: ThreadState = {
      investigationId,
      builder: new ThreadViewBuilder(investigationId),
      statusTs: await this.options.conversations.statusMessage(thread),
      lastStatusUpdate: 0,
      messages: new Map(),
      charts: new Map(),
    };
    const renderedSeq = await this.options.conversations.renderedSeq(investigationId);
    const entry: Thread = { state, reference, thread, startedAt: this.clock(), renderedSeq, outbox: new ChatOutbox(this.options.store, TEAMS_SURFACE, investigationId) };
    this.threads.set(investigationId, entry);
    return entry;
  }

  /** Posts a card once for `purpose` (whoever draws the thread); resolves with its activity id. */
  private async send(thread: Thread, summary: string, card: AdaptiveCard, purpose: string): Promise<string | undefined> {
    return this.post(thread, { type: 'message', summary, attachments: [cardAttachment(card)] }, purpose);
  }

  private async say(thread: Thread, text: string, purpose: string): Promise<void> {
    await this.post(thread, { type: 'message', text, textFormat: 'markdown' }, purpose);
  }

  private async post(thread: Thread, activity: Partial<Activity>, purpose: string): Promise<string | undefined> {
    return (await thread.outbox.send(purpose, () => this.options.poster.send(thread.reference, activity))).id;
  }

  private async postHypothesis(thread: Thread, hypothesisId: string): Promise<void> {
    const { state } = thread;
    const view = state.builder.hypothesis(hypothesisId);
    if (!view) return;
    const id = await this.send(thread, `${view.id} ${inertText(view.statement)}`, hypothesisCard(view, state.investigationId, this.nameOf), `hypothesis:${hypothesisId}`);
    if (!id) return;
    state.messages.set(hypothesisId, id);
    await this.options.conversations.rememberHypothesisMessage(thread.thread.channel, id, { investigationId: state.investigationId, hypothesisId });
    await this.options.conversations.rememberHypothesisCard(state.investigationId, hypothesisId, id);
  }

  private async updateHypotheses(thread: Thread, ids: readonly string[]): Promise<void> {
    const { state } = thread;
    for (const id of ids) {
      const view = state.builder.hypothesis(id);
      const activityId = state.messages.get(id) ?? (await this.options.conversations.hypothesisCardMessage(state.investigationId, id));
      if (!view || !activityId) continue;
      state.messages.set(id, activityId);
      const chart = await this.findingChart(state, view);
      const card = this.fitting((c) => hypothesisCard(view, state.investigationId, this.nameOf, c), chart);
      await this.options.poster.update(thread.reference, activityId, { type: 'message', attachments: [cardAttachment(card)] });
    }
  }

  private async updateStatus(thread: Thread, force: boolean): Promise<void> {
    const { state } = thread;
    if (!state.statusTs) return;
    const now = this.clock();
    if (!force && now - state.lastStatusUpdate < (this.options.statusUpdateIntervalMs ?? 2000)) return;
    state.lastStatusUpdate = now;
    const view = state.builder.view();
    const card = statusCard(view, this.options.budget, now - thread.startedAt);
    await this.options.poster.update(thread.reference, state.statusTs, { type: 'message', summary: statusSummary(view), attachments: [cardAttachment(card)] });
  }

  /** A supported finding's chart, drawn once per hypothesis by this process; none when it has none. */
  private async findingChart(state: ThreadState, view: HypothesisView): Promise<CardChart | undefined> {
    const cached = state.charts.get(view.id);
    if (cached !== undefined) return cached ?? undefined;
    const request = this.options.findingCharts ? findingChartRequest(state.builder.view(), view) : undefined;
    if (!request) return undefined;
    const drawn = await this.options.findingCharts!(request).catch(() => undefined);
    const chart = drawn ? { png: drawn.png, title: drawn.title } : null;
    state.charts.set(view.id, chart);
    return chart ?? undefined;
  }

  /** The card with its chart, or without it when the activity would pass what Teams accepts. */
  private fitting(card: (chart?: CardChart) => AdaptiveCard, chart: CardChart | undefined): AdaptiveCard {
    const withChart = chart ? card(chart) : undefined;
    return withChart && Buffer.byteLength(JSON.stringify(cardAttachment(withChart)), 'utf8') <= MAX_ACTIVITY_BYTES ? withChart : card();
  }

  /** The root cause's chart (else the first drawn), or none: charts never hold the RCA back. */
  private async causeChart(report: Report): Promise<CardChart | undefined> {
    const charts = await this.options.charts?.(report).catch(() => []);
    const chart = charts?.find((c) => c.kind === 'cause') ?? charts?.[0];
    return chart ? { png: chart.png, title: chart.title } : undefined;
  }

  private async publishReport(thread: Thread, investigationId: string): Promise<void> {
    const report = await this.options.service.report(investigationId);
    if (!report) {
      this.options.logger.warn({ investigationId, surface: 'teams' }, 'report-ready without a stored report; nothing to publish');
      return;
    }
    const view = rcaView(report);
    // Bots upload files only in 1:1 chats: there the consent card follows; elsewhere the card asks for the file.
    const personal = thread.reference.conversation?.conversationType === 'personal';
    const card = this.fitting((chart) => reportCard(view, this.nameOf, { fileAction: !personal, ...(chart ? { chart } : {}) }), await this.causeChart(report));
    const activity: Partial<Activity> = { type: 'message', summary: reportSummary(view), attachments: [cardAttachment(card)] };
    await this.post(thread, activity, 'report');
    if (!personal) return;
    const size = Buffer.byteLength(renderMarkdown(report), 'utf8');
    await this.options.conversations.rememberReportOffer(thread.thread.channel, investigationId);
    await this.post(thread, { type: 'message', attachments: [reportConsentAttachment(investigationId, size)] }, 'report-consent');
  }
}
