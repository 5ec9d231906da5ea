import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { CONFIRM_ACTION, VETO_ACTION } from './hypothesis-blocks';
import { parseHypothesisValue, type HypothesisMessageRef } from './hypothesis-message-index';
import { requestSteering } from './steering-requests';
import { claimEvent, slackTime, type SlackSurfaceDeps } from './slack-surface-deps';

const CONFIRM_REACTIONS = new Set(['+1', 'thumbsup']);
const VETO_REACTIONS = new Set(['-1', 'thumbsdown']);

/** confirm / veto for a reaction name (skin tones ignored); null for any other reaction. */
export function voteOf(reaction: string): 'confirm' | 'veto' | null {
  const name = reaction.split('::')[0];
  if (CONFIRM_REACTIONS.has(name)) return 'confirm';
  if (VETO_REACTIONS.has(name)) return 'veto';
  return null;
}

/**
 * 👍/👎 on a hypothesis message and its Confirm/Veto buttons become confirm/veto commands for
 * that hypothesis, from people allowed to steer.
 */
export function registerVoteHandlers(app: App, deps: SlackSurfaceDeps): void {
  app.event('reaction_added', async ({ event, body, client, context }) => {
    const vote = voteOf(event.reaction);
    if (!vote || event.item.type !== 'message' || event.user === context.botUserId) return;
    const ref = await deps.index.find(event.item.channel, event.item.ts);
    if (!ref || !(await claimEvent(deps, body))) return;
    await castVote(deps, client, ref, vote, event.user, event.item.channel, slackTime(event.event_ts, deps.clock));
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^(${CONFIRM_ACTION}|${VETO_ACTION})$`), async ({ action, body, ack, client }) => {
    await ack();
    const ref = parseHypothesisValue(action.value ?? '');
    const channel = body.channel?.id;
    if (!ref || !channel) return;
    await castVote(deps, client, ref, action.action_id === VETO_ACTION ? 'veto' : 'confirm', body.user.id, channel, new Date(deps.clock()).toISOString());
  });
}

async function castVote(
  deps: SlackSurfaceDeps,
  client: Parameters<typeof requestSteering>[1],
  ref: HypothesisMessageRef,
  vote: 'confirm' | 'veto',
  userId: string,
  channel: string,
  at: string,
): Promise<void> {
  const record = await deps.store.get(ref.investigationId);
  await requestSteering(deps, client, ref.investigationId, { type: vote, hypothesisId: ref.hypothesisId, by: userId, at }, {
    userId,
    channel,
    threadTs: record?.thread?.threadId,
  });
}
