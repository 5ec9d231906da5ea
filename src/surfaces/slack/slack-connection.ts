import { CausaError, errorMessage } from '../../core/errors';
import type { Logger } from '../../observability/logger';

/** Slack's answers that mean a token is not (or no longer) usable: retrying cannot help. */
const TOKEN_REJECTED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'no_permission',
  'missing_scope',
  'ekm_access_denied',
  'org_login_required',
  'team_access_not_granted',
  'team_disabled',
  'invalid_token',
]);

/** How Causa retries reaching Slack when it starts (see `slack.startupRetry`). */
export interface SlackStartupRetry {
  /** Attempts in all before giving up. */
  attempts: number;
  /** Wait before the second attempt; doubled after each failure. */
  initialDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
}

/** Slack could not be used at start: a token it rejects, or no answer after every attempt. */
export class SlackStartError extends CausaError {
  constructor(code: 'slack_token_rejected' | 'slack_unreachable' | 'slack_refused', message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** A failed Slack call, classified. */
export type SlackFailure = { kind: 'token-rejected'; code: string } | { kind: 'refused'; code: string } | { kind: 'unreachable'; reason: string };

/** What a failed Slack call means at start: a rejected token, another refusal, or Slack not reachable (worth retrying). */
export function classifySlackFailure(error: unknown): SlackFailure {
  const failure = error as { code?: string; data?: { error?: unknown }; statusCode?: number; original?: unknown } | undefined;
  const code = typeof failure?.data?.error === 'string' ? failure.data.error : undefined;
  if (code) return TOKEN_REJECTED.has(code) ? { kind: 'token-rejected', code } : { kind: 'refused', code };
  if (failure?.code === 'slack_webapi_http_error' && typeof failure.statusCode === 'number' && failure.statusCode < 500 && failure.statusCode !== 429) {
    return { kind: 'refused', code: `HTTP ${failure.statusCode}` };
  }
  const original = failure?.original instanceof Error ? failure.original : undefined;
  return { kind: 'unreachable', reason: errorMessage(original ?? error) };
}

/** What `callSlackAtStart` needs to word its errors and pace its attempts. */
export interface SlackStartCall {
  /** What is being done, for the log and the error ("check the bot token"). */
  what: string;
  /** Which token the call uses, named as the operator sets it ("the bot token (SLACK_BOT_TOKEN)"). */
  token: string;
  /** Where Slack is, for the error when it cannot be reached. */
  apiUrl: string;
  retry: SlackStartupRetry;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs one Slack call Causa needs before it can say it is running. A rejected token fails at once
 * with what to fix; Slack not answering is retried with doubling waits (bounded by `retry`), then
 * fails saying where Slack was expected. Never throws anything but a SlackStartError.
 */
export async function callSlackAtStart<T>(call: SlackStartCall, attempt: () => Promise<T>): Promise<T> {
  const sleep = call.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  let delay = call.retry.initialDelayMs;
  for (let number = 1; ; number += 1) {
    try {
      return await attempt();
    } catch (error) {
      const failure = classifySlackFailure(error);
      if (failure.kind === 'token-rejected') {
        throw new SlackStartError('slack_token_rejected', `${call.token} was rejected by Slack: ${failure.code}. Check that it is the current token of the installed Slack app.`, { cause: error });
      }
      if (failure.kind === 'refused') {
        throw new SlackStartError('slack_refused', `Slack refused to ${call.what}: ${failure.code}.`, { cause: error });
      }
      if (number >= call.retry.attempts) {
        const seconds = Math.round((Date.now() - started) / 1000);
        throw new SlackStartError(
          'slack_unreachable',
          `Slack could not be reached at ${call.apiUrl} to ${call.what} (${number} attempts over ${seconds}s; last error: ${failure.reason}). Check the network, proxy and slack.apiUrl, then start again.`,
          { cause: error },
        );
      }
      call.logger.warn({ attempt: number, of: call.retry.attempts, retryInMs: delay, reason: failure.reason }, `Slack could not be reached to ${call.what}; retrying`);
      await sleep(delay);
      delay = Math.min(delay * 2, call.retry.maxDelayMs);
    }
  }
}
