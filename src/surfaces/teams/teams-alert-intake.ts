import type { TurnContext } from 'botbuilder';
import type { AlertPostKind } from '../../core/alerts/alert-post-kind';
import { unrecognizedReason } from '../../core/alerts/unrecognized-reason';
import { extractTeamsMessageText } from './card-text';
import { recognizedFromActivity } from './teams-alerts';
import { investigateInTeams } from './teams-actions';
import type { TeamsSurfaceDeps } from './teams-surface-deps';
import { teamsThread, type TeamsLocation } from './teams-thread';

/**
 * What a configured alert sender's post in a configured channel does (incoming webhooks,
 * Workflows, Alertmanager's msteams / msteamsv2, prometheus-msteams, Grafana, Datadog, PagerDuty,
 * Azure Monitor; Adaptive Cards or MessageCards): a firing alert at the root of a thread starts an
 * investigation in its reply chain; a resolution is recorded in the investigation of the alert;
 * an acknowledgement, a heartbeat, an update or a post that is not an alert is only counted.
 */
export async function handleTeamsAlertPost(deps: TeamsSurfaceDeps, context: TurnContext, location: TeamsLocation): Promise<void> {
  const { activity } = context;
  const log = deps.logger.child({ surface: 'teams', conversation: location.conversationId, activityId: activity.id });
  const recognized = recognizedFromActivity(activity, deps.clock);
  count(deps, recognized?.kind ?? 'unrecognized');
  if (!recognized) {
    const { text, fragments } = extractTeamsMessageText(activity);
    log.debug({ reason: unrecognizedReason(text, fragments) }, 'a post by an alert sender is not an alert; ignored');
    return;
  }
  const { alert, kind } = recognized;
  const fields = { fingerprint: alert.fingerprint, source: alert.source, kind };
  if (kind === 'heartbeat' || kind === 'acknowledged' || kind === 'update') {
    log.debug(fields, 'an alert post that starts nothing');
    return;
  }
  const inThread = location.rootId !== activity.id;
  const threadInvestigation = await deps.store.findByThread(teamsThread(location));
  if (kind === 'resolved') {
    const result = await deps.service.recordResolution({
      alert,
      requestedBy: activity.from?.id ?? 'unknown',
      investigationId: threadInvestigation,
      dedupeKey: `teams:${location.conversationId}:${activity.id}:${alert.fingerprint}`,
    });
    log.info({ ...fields, ...result }, result.recorded ? 'alert resolution recorded' : 'alert resolution matches no investigation');
    return;
  }
  if (inThread || threadInvestigation) {
    log.debug({ ...fields, investigationId: threadInvestigation }, 'a firing update of an alert already posted; nothing new to start');
    return;
  }
  await investigateInTeams(deps, context, { alert, location, requestedBy: activity.from?.id ?? 'unknown', dedupeKey: `teams:${location.conversationId}:${activity.id}` });
}

function count(deps: TeamsSurfaceDeps, outcome: AlertPostKind | 'unrecognized'): void {
  deps.metrics?.alertPosts.inc({ surface: 'teams', outcome });
}
