import { z } from 'zod';
import type { ConversationReference } from 'botbuilder';
import type { InvestigationStore, ThreadRef } from '../../core/ports/investigation-store';

/** Binding names under which Teams keeps its addresses in the investigation store. */
const REFERENCE = 'teams-conversation-reference';
const MESSAGE = 'teams-hypothesis-message';
const STATUS = 'teams-status-message';
const LATEST = 'teams-latest-investigation';
const ALERT_POST = 'teams-alert-post';
const CARD = 'teams-hypothesis-card';
const REPORT_OFFER = 'teams-report-offer';
const RENDERED = 'teams-rendered-seq';

/** The parts of a ConversationReference Causa needs to post again after a restart. */
const StoredReferenceSchema = z.object({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional(), isGroup: z.boolean().optional() }).passthrough(),
  bot: z.object({ id: z.string(), name: z.string().optional() }).passthrough(),
  locale: z.string().optional(),
});

/** A hypothesis card's investigation and hypothesis. */
export interface HypothesisMessageRef {
  investigationId: string;
  hypothesisId: string;
}

/**
 * Teams addresses kept in the investigation store (Redis in production), so another replica or a
 * restarted process can still post: the ConversationReference of each investigation thread, the
 * status message to update, hypothesis message ids (for 👍 reactions), the latest investigation
 * of a chat (chats have no reply chains) and the alert posts seen in channel roots.
 */
export class TeamsConversationStore {
  constructor(private readonly store: InvestigationStore) {}

  async saveReference(thread: ThreadRef, reference: Partial<ConversationReference>): Promise<void> {
    const stored = StoredReferenceSchema.parse({
      serviceUrl: reference.serviceUrl,
      channelId: reference.channelId,
      conversation: reference.conversation,
      bot: reference.bot,
      locale: reference.locale,
    });
    await this.store.bindThread(bound(REFERENCE, thread), JSON.stringify(stored));
  }

  async reference(thread: ThreadRef): Promise<ConversationReference | undefined> {
    const raw = await this.store.findByThread(bound(REFERENCE, thread));
    if (raw === undefined) return undefined;
    const parsed = StoredReferenceSchema.safeParse(safeJson(raw));
    return parsed.success ? (parsed.data as unknown as ConversationReference) : undefined;
  }

  async rememberHypothesisMessage(conversationId: string, activityId: string, ref: HypothesisMessageRef): Promise<void> {
    await this.store.bindThread({ surface: MESSAGE, channel: conversationId, threadId: activityId }, `${ref.investigationId}/${ref.hypothesisId}`);
  }

  /** The activity id of a hypothesis's card, so a restarted process can still update it. */
  async hypothesisCardMessage(investigationId: string, hypothesisId: string): Promise<string | undefined> {
    return this.store.findByThread({ surface: CARD, channel: investigationId, threadId: hypothesisId });
  }

  async rememberHypothesisCard(investigationId: string, hypothesisId: string, activityId: string): Promise<void> {
    await this.store.bindThread({ surface: CARD, channel: investigationId, threadId: hypothesisId }, activityId);
  }

  /** The last event of an investigation drawn in Teams (by any process): a restarted process does not post it again. */
  async renderedSeq(investigationId: string): Promise<number> {
    const value = Number(await this.store.findByThread({ surface: RENDERED, channel: investigationId, threadId: 'seq' }));
    return Number.isInteger(value) && value > 0 ? value : 0;
  }

  async saveRenderedSeq(investigationId: string, seq: number): Promise<void> {
    await this.store.bindThread({ surface: RENDERED, channel: investigationId, threadId: 'seq' }, String(seq));
  }

  /** Notes that the report file of an investigation was offered in a 1:1 conversation (a consent card sent there). */
  async rememberReportOffer(conversationId: string, investigationId: string): Promise<void> {
    await this.store.bindThread({ surface: REPORT_OFFER, channel: conversationId, threadId: investigationId }, 'offered');
  }

  async reportOffered(conversationId: string, investigationId: string): Promise<boolean> {
    return (await this.store.findByThread({ surface: REPORT_OFFER, channel: conversationId, threadId: investigationId })) !== undefined;
  }

  async hypothesisOfMessage(conversationId: string, activityId: string): Promise<HypothesisMessageRef | undefined> {
    const value = await this.store.findByThread({ surface: MESSAGE, channel: conversationId, threadId: activityId });
    const slash = value?.lastIndexOf('/') ?? -1;
    if (!value || slash <= 0) return undefined;
    return { investigationId: value.slice(0, slash), hypothesisId: value.slice(slash + 1) };
  }

  async saveStatusMessage(thread: ThreadRef, activityId: string): Promise<void> {
    await this.store.bindThread(bound(STATUS, thread), activityId);
  }

  statusMessage(thread: ThreadRef): Promise<string | undefined> {
    return this.store.findByThread(bound(STATUS, thread));
  }

  async setLatestInvestigation(conversationId: string, investigationId: string): Promise<void> {
    await this.store.bindThread({ surface: LATEST, channel: conversationId, threadId: 'latest' }, investigationId);
  }

  latestInvestigation(conversationId: string): Promise<string | undefined> {
    return this.store.findByThread({ surface: LATEST, channel: conversationId, threadId: 'latest' });
  }

  /** Keeps the text of an alert posted at the root of a channel thread, for a later `@Causa investigate` in its replies. */
  async rememberAlertPost(thread: ThreadRef, post: { text: string; fragments: string[]; color?: string; postedAt: string }): Promise<void> {
    await this.store.bindThread(bound(ALERT_POST, thread), JSON.stringify(post));
  }

  async alertPost(thread: ThreadRef): Promise<{ text: string; fragments: string[]; color?: string; postedAt: string } | undefined> {
    const raw = await this.store.findByThread(bound(ALERT_POST, thread));
    const parsed = z.object({ text: z.string(), fragments: z.array(z.string()), color: z.string().optional(), postedAt: z.string() }).safeParse(raw === undefined ? undefined : safeJson(raw));
    return parsed.success ? parsed.data : undefined;
  }
}

function bound(surface: string, thread: ThreadRef): ThreadRef {
  return { surface, channel: thread.channel, threadId: thread.threadId };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
