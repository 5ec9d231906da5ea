import type { App, CodedError } from '@slack/bolt';
import { CausaError, errorMessage, InputError } from '../../core/errors';
import type { SlackSurfaceDeps } from './slack-surface-deps';
import { NO_UNFURL, slackSafeText } from './slack-safe-text';
import { slackThread } from './slack-thread';

/** The thread a failed request came from, read leniently from an event, command or action body. */
export function threadOfBody(body: unknown): { channel: string; threadTs?: string } | undefined {
  const b = (body ?? {}) as Record<string, any>;
  const event = b.event as Record<string, any> | undefined;
  if (event) {
    const channel = event.channel ?? event.item?.channel;
    const threadTs = event.thread_ts ?? event.ts ?? event.item?.ts;
    return typeof channel === 'string' ? { channel, threadTs } : undefined;
  }
  if (typeof b.channel_id === 'string') return { channel: b.channel_id };
  if (typeof b.channel?.id === 'string') return { channel: b.channel.id, threadTs: b.message?.thread_ts ?? b.message?.ts };
  return undefined;
}

/**
 * The one top-level error handler of the Slack surface: logs the failure with the investigation
 * id (when the thread belongs to one) and posts one short, safe message to the thread — never a
 * stack trace. Posting is best effort: a failure to post is logged, not thrown.
 */
export function registerErrorHandler(app: App, deps: SlackSurfaceDeps): void {
  app.error(async ({ error, body }: { error: CodedError; body?: unknown }) => {
    const cause = (error as { original?: unknown }).original ?? error;
    const place = threadOfBody(body);
    const investigationId = place?.threadTs ? await deps.store.findByThread(slackThread(place.channel, place.threadTs)).catch(() => undefined) : undefined;
    const code = cause instanceof CausaError ? cause.code : ((error as { code?: string }).code ?? 'internal_error');
    deps.logger.error({ err: cause, investigationId, surface: 'slack', code, channel: place?.channel }, 'a Slack request failed');
    if (!place) return;
    const detail = cause instanceof InputError ? errorMessage(cause) : `something went wrong (${code}); the details are in Causa's logs`;
    const suffix = investigationId ? ` Investigation \`${investigationId}\`.` : '';
    try {
      await app.client.chat.postMessage({
        channel: place.channel,
        ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
        text: `⚠️ Causa could not handle that: ${slackSafeText(detail)}.${suffix}`,
        ...NO_UNFURL,
      });
    } catch (postError) {
      deps.logger.warn({ err: postError, investigationId, surface: 'slack' }, 'the error message could not be posted to Slack');
    }
  });
}
