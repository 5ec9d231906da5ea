import { alertFromRequest as readRequestedAlert } from '../alert-from-request';
import type { Activity } from 'botbuilder';
import { recognizeAlertGroup, type RecognizedAlert } from '../../core/alerts/alert-recognizer';
import type { Alert } from '../../core/alerts/alert-schema';
import { statusOfColor } from '../../core/alerts/alert-status-words';
import { senderHint } from '../slack/alert-sender';
import { extractTeamsMessageText } from './card-text';
import type { TeamsSurfaceDeps } from './teams-surface-deps';

/** Card colours the tools use in Teams: Adaptive Card `Attention` / `Good` and the connectors' theme colours. */
const COLOR_WORDS: Record<string, string> = {
  attention: 'danger',
  good: 'good',
  '8c1a1a': 'danger', // Alertmanager msteams, firing
  '2dc72d': 'good', // Alertmanager msteams, resolved
  d70000: 'danger',
  '2eb886': 'good',
};

/** The status a card's colour stands for. */
export function cardColorStatus(color: string | undefined): ReturnType<typeof statusOfColor> {
  if (!color) return undefined;
  const key = color.trim().replace(/^#/, '').toLowerCase();
  return statusOfColor(COLOR_WORDS[key] ?? color);
}

/** When a Teams activity was posted (its timestamp), or now. */
export function activityTime(activity: Pick<Activity, 'timestamp'> | { timestamp?: unknown }, clock: () => number): string {
  const stamp = activity.timestamp instanceof Date ? activity.timestamp.getTime() : typeof activity.timestamp === 'string' ? Date.parse(activity.timestamp) : Number.NaN;
  return new Date(Number.isFinite(stamp) ? stamp : clock()).toISOString();
}

/** Recognizes an alert in a Teams message (text and cards); null when it is none. */
export function recognizedFromActivity(activity: Partial<Activity>, clock: () => number): RecognizedAlert | null {
  const { text, fragments, color } = extractTeamsMessageText(activity);
  return recognizedFromText({ text, fragments, color, postedAt: activityTime(activity, clock) }, activity.from?.name, clock);
}

/** Recognizes an alert in text already read from a post. */
export function recognizedFromText(post: { text: string; fragments: string[]; color?: string; postedAt: string }, senderName: string | undefined, clock: () => number): RecognizedAlert | null {
  return recognizeAlertGroup(post.text, {
    postedAt: post.postedAt,
    attachments: post.fragments,
    colorHint: cardColorStatus(post.color),
    senderHint: senderHint({ name: senderName }),
    now: () => new Date(clock()),
  });
}

/** True when the sender (id, Entra object id or display name) is a configured alert sender. */
export function isTeamsAlertSender(from: Partial<Activity['from']> | undefined, senders: readonly string[]): boolean {
  if (!from) return false;
  const ids = [from.id, from.aadObjectId].filter((id): id is string => typeof id === 'string' && id !== '');
  const name = from.name?.trim().toLowerCase();
  return senders.some((sender) => ids.includes(sender) || (name !== undefined && name !== '' && sender.trim().toLowerCase() === name));
}

/** The alert in text someone asked Causa to investigate (see the shared reading). */
export function alertFromRequest(deps: TeamsSurfaceDeps, text: string, postedAt: string): Promise<Alert> {
  return readRequestedAlert(deps, 'teams', text, postedAt);
}
