import { z } from 'zod';

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
  })
  .strict();
export type PostingPolicy = z.infer<typeof PostingPolicySchema>;

/** The default policy. */
export function defaultPostingPolicy(): PostingPolicy {
  return PostingPolicySchema.parse({});
}
