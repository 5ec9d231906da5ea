import type { webApi } from '@slack/bolt';
import type { SteeringCommand } from '../../core/investigation/steering-schema';
import type { SlackSurfaceDeps } from './slack-surface-deps';

/** Where a steering request came from, to answer the person who made it. */
export interface SteeringOrigin {
  userId: string;
  channel: string;
  /** The investigation thread, for the ephemeral answer. */
  threadTs?: string;
}

/**
 * Applies a person's steering request: checks that they may steer (an ephemeral explanation
 * otherwise, and nothing changes) and queues the command for the running investigation. True
 * when the command was queued.
 */
export async function requestSteering(
  deps: SlackSurfaceDeps,
  client: webApi.WebClient,
  investigationId: string,
  command: SteeringCommand,
  origin: SteeringOrigin,
): Promise<boolean> {
  const log = deps.logger.child({ investigationId, surface: 'slack' });
  if (!(await deps.policy.maySteer(origin.userId))) {
    log.info({ user: origin.userId, steering: command.type }, 'steering refused: user is not an allowed steerer');
    await ephemeral(client, origin, deps.policy.explanation());
    return false;
  }
  const queued = await deps.service.steer(investigationId, command);
  if (!queued) await ephemeral(client, origin, `Investigation \`${investigationId}\` has already finished, so this changes nothing. See its RCA in the thread.`);
  return queued;
}

async function ephemeral(client: webApi.WebClient, origin: SteeringOrigin, text: string): Promise<void> {
  await client.chat.postEphemeral({
    channel: origin.channel,
    user: origin.userId,
    text,
    ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}),
  });
}

export { replyCommand } from '../steering-reply';
