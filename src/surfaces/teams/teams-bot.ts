import { TeamsActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type FileConsentCardResponse, type TurnContext } from 'botbuilder';
import { errorMessage, InputError } from '../../core/errors';
import type { Alert } from '../../core/alerts/alert-schema';
import { mentionArguments } from '../slack/usage-text';
import { inertText } from './adaptive-text';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './adaptive-card';
import { extractTeamsMessageText, htmlToText } from './card-text';
import { CONFIRM_VERB, hypothesisActionData, type HypothesisActionData } from './hypothesis-card';
import { acceptReportUpload, declineReportUpload, offerReportInChat, reportActionData } from './report-delivery';
import { handleTeamsAlertPost } from './teams-alert-intake';
import { activityTime, alertFromRequest, isTeamsAlertSender, recognizedFromText } from './teams-alerts';
import { investigateInTeams, personOf, replyInThread, steererId, steerFromTeams, steerWithReply } from './teams-actions';
import { TEAMS_USAGE, type TeamsSurfaceDeps } from './teams-surface-deps';
import { teamsLocation, teamsThread, type TeamsLocation } from './teams-thread';

/** How long an activity id is remembered: the Bot Connector retries within minutes. */
const ACTIVITY_CLAIM_MS = 60 * 60_000;

/**
 * Causa's Teams bot: @mentions and chat messages (investigate, help, steering replies), alert
 * posts from configured senders in configured channels, replies in investigation threads,
 * Confirm / Veto card actions (Universal Actions, and Action.Submit as the fallback) and 👍
 * reactions on hypothesis cards. Every message or reaction is claimed by its activity id first,
 * so a redelivery (or a second replica) never acts twice. No investigation logic lives here.
 */
export class CausaTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsSurfaceDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
    this.onReactionsAdded(async (context, next) => {
      await this.reactions(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const { activity } = context;
    if ((activity.type === 'message' || activity.type === 'messageReaction') && activity.id) {
      const key = `teams:activity:${activity.conversation?.id ?? ''}:${activity.id}:${activity.type}`;
      if (!(await this.deps.store.claim(key, ACTIVITY_CLAIM_MS))) {
        this.deps.logger.debug({ surface: 'teams', activityId: activity.id }, 'a Teams activity delivered again; ignored');
        return;
      }
    }
    await super.run(context);
  }

  /** Confirm / Veto as a Universal Action: the answer is the refreshed card showing who decided. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const report = reportActionData(invokeValue.action?.verb, invokeValue.action?.data);
    if (report) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: (await offerReportInChat(this.deps, context, report.investigationId)) as never };
    const action = hypothesisActionData(invokeValue.action?.verb, invokeValue.action?.data);
    if (!action) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'not a Causa action' } as never };
    const person = personOf(context);
    if (!(await this.deps.policy.maySteer(person, context))) {
      this.deps.logger.info({ surface: 'teams', investigationId: action.investigationId, user: steererId(person) }, 'card action refused: user is not an allowed steerer');
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: this.deps.policy.explanation() as never };
    }
    const queued = await this.decide(context, action, false);
    if (!queued) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: `Investigation ${action.investigationId} has already finished, so this changes nothing.` as never };
    const decision = { type: action.verb === CONFIRM_VERB ? ('confirmed' as const) : ('vetoed' as const), by: steererId(person) };
    const card = await this.deps.renderer.previewDecision(action.investigationId, action.hypothesisId, decision);
    return card
      ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Decision recorded.' as never };
  }

  /** The report file offered in a 1:1 chat was allowed: upload it. */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await acceptReportUpload(this.deps, context, response);
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await declineReportUpload(this.deps, context, response);
  }

  private async decide(context: TurnContext, action: HypothesisActionData, answerRefusal: boolean): Promise<boolean> {
    const person = personOf(context);
    const type = action.verb === CONFIRM_VERB ? 'confirm' : 'veto';
    const command = { type, hypothesisId: action.hypothesisId, by: steererId(person), at: new Date(this.deps.clock()).toISOString() } as const;
    if (answerRefusal) return steerFromTeams(this.deps, context, action.investigationId, command, person);
    this.deps.renderer.rememberName(steererId(person), person.name);
    return this.deps.service.steer(action.investigationId, command);
  }

  private async message(context: TurnContext): Promise<void> {
    const { activity } = context;
    const submitted = hypothesisActionData(undefined, activity.value);
    if (submitted) {
      await this.decide(context, submitted, true);
      return;
    }
    const report = reportActionData(undefined, activity.value);
    if (report) return replyInThread(context, await offerReportInChat(this.deps, context, report.investigationId));
    const location = teamsLocation(activity);
    const mentioned = (activity.entities ?? []).some((entity) => entity.type === 'mention' && (entity as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id);
    const text = htmlToText((activity.text ?? '').replace(/<at>[^<]{0,200}<\/at>/gi, ' ')).trim();
    const { config } = this.deps;

    if (location.kind === 'personal') return this.chatMessage(context, location, text);
    if (location.kind === 'channel' && !mentioned && config.alertChannels.includes(location.conversationId) && isTeamsAlertSender(activity.from, config.alertSenders)) {
      await handleTeamsAlertPost(this.deps, context, location);
      return;
    }
    if (mentioned) return this.mention(context, location, text);
    const inThread = location.rootId !== activity.id;
    if (inThread) {
      const investigationId = await this.deps.store.findByThread(teamsThread(location));
      if (investigationId) await steerWithReply(this.deps, context, investigationId, text);
      return;
    }
    // A channel post nobody asked about yet: kept when it is an alert, for `@Causa investigate` in its replies.
    if (location.kind === 'channel') await this.rememberAlertPost(context, location);
  }

  private async mention(context: TurnContext, location: TeamsLocation, text: string): Promise<void> {
    const { activity } = context;
    const inThread = location.rootId !== activity.id;
    const { verb, rest } = mentionArguments(text);
    if (inThread) {
      const investigationId = await this.deps.store.findByThread(teamsThread(location));
      if (investigationId) {
        if (verb === 'investigate' || rest === '') await replyInThread(context, `Causa is already investigating in this thread (investigation \`${inertText(investigationId)}\`).`);
        else await steerWithReply(this.deps, context, investigationId, rest);
        return;
      }
    }
    if (verb === 'help' || (verb === '' && rest === '' && !inThread)) return replyInThread(context, TEAMS_USAGE);
    let alert: Alert | null;
    try {
      alert = rest !== '' ? await alertFromRequest(this.deps, rest, activityTime(activity, this.deps.clock)) : inThread ? await this.rootAlert(location) : null;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return replyInThread(context, `I could not read an alert in that: ${inertText(errorMessage(error))}`);
    }
    if (!alert) {
      return replyInThread(context, inThread ? 'The first message of this thread is not an alert I can read. Paste it after `@Causa investigate`.' : TEAMS_USAGE);
    }
    const dedupeKey = `teams:${location.conversationId}:${inThread && rest === '' ? location.rootId : activity.id}`;
    const threadLocation = location.kind === 'channel' ? location : { ...location, rootId: activity.id ?? location.rootId };
    await investigateInTeams(this.deps, context, { alert, location: threadLocation, requestedBy: steererId(personOf(context)), dedupeKey });
  }

  /** A 1:1 chat: `investigate …` or a pasted alert starts one; other text steers the chat's latest running investigation. */
  private async chatMessage(context: TurnContext, location: TeamsLocation, text: string): Promise<void> {
    const { verb, rest } = mentionArguments(text);
    if (verb === 'help' || text === '') return replyInThread(context, TEAMS_USAGE);
    if (verb !== 'investigate') {
      const latest = await this.deps.conversations.latestInvestigation(location.conversationId);
      const record = latest ? await this.deps.store.get(latest) : undefined;
      if (latest && record && (record.status === 'running' || record.status === 'queued')) return steerWithReply(this.deps, context, latest, text);
    }
    return this.mention(context, { ...location, rootId: context.activity.id ?? location.rootId }, verb === 'investigate' ? `investigate ${rest}` : text);
  }

  private async reactions(context: TurnContext): Promise<void> {
    const { activity } = context;
    const liked = (activity.reactionsAdded ?? []).some((reaction) => reaction.type === 'like');
    if (!liked || !activity.replyToId) return;
    const location = teamsLocation(activity);
    const ref = await this.deps.conversations.hypothesisOfMessage(location.conversationId, activity.replyToId);
    if (!ref) return;
    await this.decide(context, { verb: CONFIRM_VERB, ...ref }, true);
  }

  private async rememberAlertPost(context: TurnContext, location: TeamsLocation): Promise<void> {
    const { text, fragments, color } = extractTeamsMessageText(context.activity);
    const post = { text, fragments, color, postedAt: activityTime(context.activity, this.deps.clock) };
    const recognized = recognizedFromText(post, context.activity.from?.name, this.deps.clock);
    if (recognized && recognized.kind === 'firing') await this.deps.conversations.rememberAlertPost(teamsThread(location), post);
  }

  private async rootAlert(location: TeamsLocation): Promise<Alert | null> {
    const post = await this.deps.conversations.alertPost(teamsThread(location));
    return post ? (recognizedFromText(post, undefined, this.deps.clock)?.alert ?? null) : null;
  }
}
