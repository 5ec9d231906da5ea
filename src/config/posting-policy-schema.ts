import { z } from 'zod';

/**
 * How fast one workspace's updates of posted messages may go out. Slack limits `chat.update` on
 * its own, per method, app and workspace, apart from posting: Web API Tier 3, 50 or more calls a
 * minute with occasional bursts tolerated (https://api.slack.com/methods/chat.update lists it as
 * Tier 3; https://docs.slack.dev/apis/web-api/rate-limits describes the tiers). Updates therefore
 * wait in a queue of their own, paced by this limit as well as by their channel's pace, so that a
 * storm of status updates never holds up the posts (an RCA) of the same channel, and a 429 on an
 * update pauses updates only.
 *
 * By default updates are held only to the workspace's own rate, not to Tier 3's 50: a thread
 * posts its RCA after its own earlier updates (a finding's message must show the hypothesis its
 * reactions steer), so in a storm of a thousand alerts a Tier 3 pace held RCAs back by as long as
 * the whole workspace's updates took (9 of 1,000 RCAs still unposted after 30 minutes, against all
 * of them in 17 at the workspace rate). Set `perMinute: 50` to stay within Tier 3 where storms are rare.
 */
export const UpdatePacingSchema = z
  .object({
    /** Updates per minute across the whole workspace (Slack's Tier 3 is 50). */
    perMinute: z.number().int().min(1).default(300),
    /** Updates the workspace may make back to back before that rate applies. */
    burst: z.number().int().min(1).default(5),
    /**
     * Pending updates across the workspace from which intermediate (progress) updates are
     * skipped: 25 is half a minute's worth at Tier 3, the longest a progress update is worth
     * waiting for (an update replacing a waiting one of the same message still coalesces).
     */
    stormBacklog: z.number().int().min(1).default(25),
  })
  .strict();

/**
 * How fast one workspace's chat messages may go out. Slack allows about one message per second
 * per channel (short bursts tolerated) and a few hundred calls per minute per workspace; Teams
 * is in the same range. The defaults stay just inside those limits.
 */
export const PostingPolicySchema = z
  .object({
    /** Minimum spacing of calls into one channel once its burst is spent. */
    channelIntervalMs: z.number().int().min(0).default(1000),
    /**
     * Added to a wait for a channel's next slot: Slack counts a call when it arrives, and calls
     * spaced exactly by the limit can arrive a few milliseconds closer than they were sent.
     */
    channelMarginMs: z.number().int().min(0).max(1000).default(50),
    /** Calls one channel may make back to back before the spacing applies. */
    channelBurst: z.number().int().min(1).default(3),
    /** Calls per minute across the whole workspace. */
    workspacePerMinute: z.number().int().min(1).default(300),
    /**
     * Pending calls in one channel from which it counts as in a storm: intermediate progress
     * posts are then skipped (status updates still coalesce; final reports always go out).
     */
    stormBacklog: z.number().int().min(1).default(20),
    /**
     * Pending calls across the workspace from which every channel counts as in a storm (the
     * workspace rate, not one channel, is what holds the calls back).
     */
    workspaceStormBacklog: z.number().int().min(1).default(100),
    /** How often one call is retried after a rate-limit answer (429 + Retry-After) before it fails. */
    maxRateLimitRetries: z.number().int().min(0).default(10),
    /** Updates of messages already posted, limited on their own (see UpdatePacingSchema). */
    updates: UpdatePacingSchema.prefault({}),
  })
  .strict();
export type PostingPolicy = z.infer<typeof PostingPolicySchema>;

/** The default policy. */
export function defaultPostingPolicy(): PostingPolicy {
  return PostingPolicySchema.parse({});
}
