import type { ThreadRef } from '../../core/ports/investigation-store';

/** The surface name of Teams threads in the store. */
export const TEAMS_SURFACE = 'teams';

/**
 * Where a Teams activity lives: the conversation without its reply-chain suffix, and the root
 * message of the reply chain (a channel post and its replies). A chat has no reply chains: its
 * thread is the message that started the investigation.
 */
export interface TeamsLocation {
  conversationId: string;
  rootId: string;
  kind: 'channel' | 'groupChat' | 'personal';
}

/** Reads the location of an activity (`19:…@thread.tacv2;messageid=…` names a reply chain). */
export function teamsLocation(activity: { id?: string; conversation?: { id?: string; conversationType?: string } }): TeamsLocation {
  const raw = activity.conversation?.id ?? '';
  const [conversationId, ...rest] = raw.split(';');
  const messageId = rest.map((part) => /^messageid=(.+)$/.exec(part)?.[1]).find(Boolean);
  const type = activity.conversation?.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  return { conversationId, rootId: messageId ?? activity.id ?? conversationId, kind };
}

/** The thread of an investigation started at `location`. */
export function teamsThread(location: TeamsLocation): ThreadRef {
  return { surface: TEAMS_SURFACE, channel: location.conversationId, threadId: location.rootId };
}

/** The conversation id that posts into a channel thread's reply chain. */
export function replyChainConversationId(thread: ThreadRef, kind: TeamsLocation['kind']): string {
  return kind === 'channel' ? `${thread.channel};messageid=${thread.threadId}` : thread.channel;
}

/**
 * A Teams deep link to an investigation's thread (Teams' `l/message` links): the root post of a
 * channel's reply chain, or the message that started it in a chat. Ids are the platform's own,
 * percent-encoded; the link opens the message in the Teams client.
 */
export function teamsThreadLink(thread: ThreadRef, kind: TeamsLocation['kind'], tenantId?: string): string {
  const base = `https://teams.microsoft.com/l/message/${encodeURIComponent(thread.channel)}/${encodeURIComponent(thread.threadId)}`;
  const query = new URLSearchParams();
  if (tenantId) query.set('tenantId', tenantId);
  if (kind === 'channel') query.set('parentMessageId', thread.threadId);
  else query.set('context', JSON.stringify({ contextType: 'chat' }));
  return `${base}?${query.toString()}`;
}
