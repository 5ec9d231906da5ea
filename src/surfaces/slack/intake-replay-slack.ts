import type { webApi } from '@slack/bolt';
import type { GiveUp } from '../intake-replay';
import { threadOfBody } from './slack-error-handler';
import { NO_UNFURL, slackSafeText } from './slack-safe-text';

/** How a Slack request is named in the logs of the intake replay (its event id, no content). */
export function requestLabel(body: unknown, kind: string): string {
  const eventId = (body as { event_id?: unknown } | undefined)?.event_id;
  return `slack ${kind}${typeof eventId === 'string' ? ` ${eventId}` : ''}`;
}

/** Says in the request's thread that it was given up (nothing when the body names no channel). */
export function giveUpInThread(client: webApi.WebClient, body: unknown): GiveUp {
  return async (reason) => {
    const place = threadOfBody(body);
    if (!place) return;
    await client.chat.postMessage({ channel: place.channel, ...(place.threadTs ? { thread_ts: place.threadTs } : {}), text: `⚠️ ${slackSafeText(reason)}`, ...NO_UNFURL });
  };
}
