import type { CloudAdapter, ConversationParameters, FileConsentCardResponse, TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { errorMessage } from '../../core/errors';
import { renderMarkdown } from '../../core/report/markdown-report';
import { inertText } from './adaptive-text';
import { readConsentResponse, reportConsentAttachment, reportFileInfoAttachment, REPORT_VERB, uploadFile } from './report-file';
import { personOf } from './teams-actions';
import type { TeamsSurfaceDeps } from './teams-surface-deps';
import { teamsLocation } from './teams-thread';

/** The investigation of a "Send me the report file" action (Universal Action or Action.Submit); undefined when it is none. */
export function reportActionData(verb: unknown, data: unknown): { investigationId: string } | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const action = typeof verb === 'string' ? verb : record.causa;
  if (action !== REPORT_VERB || typeof record.investigationId !== 'string' || record.investigationId === '') return undefined;
  return { investigationId: record.investigationId };
}

/** The Markdown report of a finished investigation, as bytes; undefined before it has one. */
export async function reportBytes(deps: Pick<TeamsSurfaceDeps, 'service'>, investigationId: string): Promise<Buffer | undefined> {
  const report = await deps.service.report(investigationId);
  return report ? Buffer.from(renderMarkdown(report), 'utf8') : undefined;
}

/**
 * Someone in a channel or group chat asked for the report file: bots cannot upload files there,
 * so Causa opens (or reuses) its 1:1 chat with that person and offers the file with a consent
 * card. Only an investigation of this conversation is offered. Returns what to tell them.
 */
export async function offerReportInChat(deps: TeamsSurfaceDeps, context: TurnContext, investigationId: string): Promise<string> {
  const { activity } = context;
  const location = teamsLocation(activity);
  const record = await deps.store.get(investigationId);
  if (!record?.thread || record.thread.channel !== location.conversationId) return 'That investigation does not belong to this conversation.';
  const bytes = await reportBytes(deps, investigationId);
  if (!bytes) return `Investigation ${inertText(investigationId)} has no report yet.`;
  const person = personOf(context);
  const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const parameters = {
    isGroup: false,
    bot: activity.recipient,
    members: [{ id: person.id, name: person.name ?? '' }],
    tenantId,
    channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
  } as unknown as ConversationParameters;
  const audience = deps.config.endpoints?.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope;
  try {
    await (context.adapter as CloudAdapter).createConversationAsync(deps.config.appId!, activity.channelId, activity.serviceUrl, audience, parameters, async (chat) => {
      const chatId = chat.activity.conversation.id;
      await deps.conversations.rememberReportOffer(chatId, investigationId);
      await chat.sendActivity({ type: 'message', text: 'Here is the root-cause analysis report as a file. Allow the upload and it is saved in your OneDrive.', attachments: [reportConsentAttachment(investigationId, bytes.length)] });
    });
  } catch (error) {
    deps.logger.warn({ surface: 'teams', investigationId, err: errorMessage(error) }, 'could not open a 1:1 chat to offer the report file');
    return 'Causa could not open a chat with you to send the file. Add the Causa app for yourself (Apps → Causa → Add), then ask again.';
  }
  deps.logger.info({ surface: 'teams', investigationId }, 'report file offered in a 1:1 chat');
  return 'The report file is waiting for you in your chat with Causa.';
}

/**
 * The person allowed the upload: the report (read again from the store, so any replica or a
 * restarted process can do it) goes into the upload session Teams opened, and a file card shows
 * it in the chat. Only reports offered in this chat are uploaded.
 */
export async function acceptReportUpload(deps: TeamsSurfaceDeps, context: TurnContext, response: FileConsentCardResponse): Promise<void> {
  const consent = readConsentResponse(response);
  if (!consent) return;
  const chatId = teamsLocation(context.activity).conversationId;
  const log = deps.logger.child({ surface: 'teams', investigationId: consent.investigationId });
  if (!(await deps.conversations.reportOffered(chatId, consent.investigationId)) || !consent.upload) {
    log.info('a file consent for a report not offered in this chat; ignored');
    return;
  }
  const bytes = await reportBytes(deps, consent.investigationId);
  if (!bytes) return;
  try {
    await uploadFile(consent.upload.uploadUrl, bytes);
  } catch (error) {
    log.warn({ err: errorMessage(error) }, 'the report upload failed');
    await context.sendActivity({ type: 'message', text: `The report could not be uploaded (${inertText(errorMessage(error))}). Ask again from the RCA card.` });
    return;
  }
  log.info({ bytes: bytes.length }, 'report file uploaded');
  await context.sendActivity({ type: 'message', text: 'The report is in your OneDrive:', attachments: [reportFileInfoAttachment(consent.upload)] });
}

/** The person declined the upload. */
export async function declineReportUpload(_deps: TeamsSurfaceDeps, context: TurnContext, response: FileConsentCardResponse): Promise<void> {
  if (!readConsentResponse(response)) return;
  await context.sendActivity({ type: 'message', text: 'No file then. The RCA card in the thread has the summary; ask again from it any time.' });
}
