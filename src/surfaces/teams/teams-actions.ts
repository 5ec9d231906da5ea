import { TurnContext } from 'botbuilder';
import type { Alert } from '../../core/alerts/alert-schema';
import type { SteeringCommand } from '../../core/investigation/steering-schema';
import type { ThreadReplyOutcome } from '../../core/ports/thread-assistant';
import { interpretThreadReply } from '../thread-reply-interpreter';
import { inertText } from './adaptive-text';
import type { TeamsSurfaceDeps } from './teams-surface-deps';
import type { TeamsPerson } from './teams-steerer-policy';
import { replyChainConversationId, teamsThread, teamsThreadLink, type TeamsLocation } from './teams-thread';

/** Who acted in a turn (the Entra object id is what the audit log records, when Teams sends it). */
export function personOf(context: TurnContext): TeamsPerson {
  const from = context.activity.from ?? { id: 'unknown' };
  return { id: from.id, aadObjectId: from.aadObjectId, name: from.name };
}

/** The id decisions are recorded under. */
export function steererId(person: TeamsPerson): string {
  return person.aadObjectId ?? person.id;
}

/** Answers in the reply chain (or chat) of the activity; the text is trusted Markdown. */
export async function replyInThread(context: TurnContext, text: string): Promise<void> {
  await context.sendActivity({ type: 'message', text, textFormat: 'markdown' });
}

/**
 * Starts investigating `alert` in the thread at `location`: stores the ConversationReference of
 * the thread first (the renderer posts through it, in this process or another after a restart),
 * then asks the service. Says so when the alert is already under investigation elsewhere.
 */
export async function investigateInTeams(deps: TeamsSurfaceDeps, context: TurnContext, request: { alert: Alert; location: TeamsLocation; requestedBy: string; dedupeKey: string }): Promise<void> {
  const { location } = request;
  const thread = teamsThread(location);
  const reference = TurnContext.getConversationReference(context.activity);
  const conversation = { ...reference.conversation!, id: replyChainConversationId(thread, location.kind) };
  await deps.conversations.saveReference(thread, { ...reference, conversation, activityId: undefined });
  const result = await deps.service.start({ alert: request.alert, thread, requestedBy: request.requestedBy, dedupeKey: request.dedupeKey });
  const log = deps.logger.child({ surface: 'teams', conversation: location.conversationId, thread: location.rootId });
  if (result.started) {
    if (location.kind !== 'channel') await deps.conversations.setLatestInvestigation(location.conversationId, result.investigationId);
    log.info({ investigationId: result.investigationId, fingerprint: request.alert.fingerprint }, 'investigation requested from Teams');
    return;
  }
  log.info({ reason: result.reason, investigationId: result.investigationId }, 'no new investigation');
  if (!result.investigationId) return;
  const existing = await deps.store.get(result.investigationId);
  const elsewhere = existing?.thread && (existing.thread.channel !== thread.channel || existing.thread.threadId !== thread.threadId);
  if (!elsewhere) return;
  const why = result.reason === 'refire-window' ? 'This alert re-fired' : 'This alert was posted again';
  // A link to the thread that has the answer (its root post exists already: the alert or the request).
  const stored = await deps.conversations.reference(existing.thread!).catch(() => undefined);
  const type = stored?.conversation?.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : type === 'personal' ? 'personal' : undefined;
  const tenantId = stored?.conversation?.tenantId ?? context.activity.conversation?.tenantId;
  const where = kind ? `[its thread](${teamsThreadLink(existing.thread!, kind, tenantId)})` : 'its thread';
  await replyInThread(context, `🔁 ${why} while Causa is already on it: ${where} holds the hypotheses and the RCA (investigation \`${inertText(result.investigationId)}\`).`);
}

/**
 * Applies a person's steering: refuses (with the reason, in the thread) someone who may not
 * steer, else queues the command. True when queued.
 */
export async function steerFromTeams(deps: TeamsSurfaceDeps, context: TurnContext, investigationId: string, command: SteeringCommand, person: TeamsPerson): Promise<boolean> {
  const log = deps.logger.child({ investigationId, surface: 'teams' });
  if (!(await deps.policy.maySteer(person, context))) {
    log.info({ user: steererId(person), steering: command.type }, 'steering refused: user is not an allowed steerer');
    await replyInThread(context, deps.policy.explanation());
    return false;
  }
  deps.renderer.rememberName(steererId(person), person.name);
  const queued = await deps.service.steer(investigationId, command);
  if (!queued) await replyInThread(context, `Investigation \`${inertText(investigationId)}\` has already finished, so this changes nothing. See its RCA in the thread.`);
  return queued;
}

/**
 * A reply in an investigation thread: `stop`, `veto H2`, `confirm H1.1` as written; with the
 * thread assistant, a question is answered in the thread and a request in words ("H2 is not it")
 * becomes its command; anything else is a note for the reasoner.
 */
export async function steerWithReply(deps: TeamsSurfaceDeps, context: TurnContext, investigationId: string, text: string): Promise<void> {
  const person = personOf(context);
  const stamp = context.activity.timestamp ? new Date(context.activity.timestamp).getTime() : Number.NaN;
  const at = new Date(Number.isFinite(stamp) ? stamp : deps.clock()).toISOString();
  const action = await interpretThreadReply(deps.assistant, deps.logger, { investigationId, text, by: steererId(person), at, surface: 'teams' });
  if (!action) return;
  if (action.kind === 'answer') return replyInThread(context, answerMarkdown(action.answer));
  await steerFromTeams(deps, context, investigationId, action.command, person);
}

/** An answer as posted in Teams: the text (inert: it may quote telemetry), then what it rests on. */
export function answerMarkdown(answer: Extract<ThreadReplyOutcome, { kind: 'answer' }>): string {
  const cites = answer.evidenceIds.length > 0 ? `\n\n_Evidence: ${inertText(answer.evidenceIds.join(', '))} (the RCA report lists each query)_` : '';
  const source = answer.fromReportOnly ? '\n\n_Answered from the investigation record: the language model was not available or its answer cited no evidence._' : '';
  return `💬 ${inertText(answer.text)}${cites}${source}`;
}
