import type { webApi } from '@slack/bolt';

/**
 * How the Web API client retries: a rate-limited call (429) waits for `Retry-After` and is tried
 * again, as is a call that failed on the network. Never set `retries: 0` here. Only the posting
 * scheduler's own client sets `rejectRateLimitedCalls: true`, because the scheduler itself waits
 * out and retries every 429 (see `schedulerWebClient`).
 */
export const SLACK_RETRY_POLICY = { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 30_000, randomize: true } as const;

/** Web API client options of the Slack surface; `slackApiUrl` is `slack.apiUrl` from the config. */
export function slackClientOptions(slackApiUrl: string): webApi.WebClientOptions {
  const url = slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`;
  return { slackApiUrl: url, retryConfig: { ...SLACK_RETRY_POLICY }, rejectRateLimitedCalls: false };
}
