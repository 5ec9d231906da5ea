import { followUpOffsetsMs, followUpReason, followUpUpdateLine, snapshotOf, type FollowUpSettings } from '../core/follow-up/follow-up-policy';
import type { CarriedDecision } from '../core/investigation/carried-decisions';
import type { NewInvestigationEvent } from '../core/investigation/investigation-events';
import type { Report } from '../core/report/report-schema';
import type { Logger } from '../observability/logger';
import { planFollowUp } from './follow-up-planner';
import type { InvestigationServiceOptions } from './investigation-service-types';

/** A follow-up look: the report version it makes, the decisions it honours, the answer it revisits. */
export interface FollowUpLook {
  version: number;
  carried: CarriedDecision[];
  previous?: Report;
}

/** The thread update of a finished follow-up: what the data that arrived since changed. */
export function followUpFinished(look: FollowUpLook, report: Report, kept: boolean, settings: FollowUpSettings | undefined): NewInvestigationEvent {
  const previous = look.previous;
  const moreData = previous ? Math.max(0, Date.parse(report.window.end) - Date.parse(previous.window.end)) : 0;
  const before = previous ? snapshotOf(previous) : { abstained: true, confidence: 0 };
  const update = followUpUpdateLine(before, snapshotOf(report), moreData);
  const final = !settings || !followUpReason(report, settings) || followUpOffsetsMs(settings)[look.version - 1] === undefined;
  return { type: 'follow-up-finished', version: look.version, update, final, kept };
}

/**
 * After report `version`: schedules the next look when the answer is not final. The schedule is
 * journaled (`follow-up-scheduled`) and the timer set in this process (the worker that answered).
 */
export async function scheduleFollowUp(
  options: InvestigationServiceOptions,
  id: string,
  report: Report,
  version: number,
  logger: Logger,
  appended: (id: string) => Promise<void>,
): Promise<void> {
  const followUps = options.followUps;
  if (!followUps || report.decisions.some((d) => d.type === 'stop')) return;
  const clock = options.clock ?? Date.now;
  const plan = await planFollowUp({ report, version, events: await options.store.events(id), settings: followUps.settings, source: options.source, now: clock() });
  if (!plan) return;
  const dueAt = new Date(plan.dueAt).toISOString();
  await options.store.append(id, { type: 'follow-up-scheduled', version: plan.version, dueAt, reason: plan.reason, ...(plan.dataNote ? { dataNote: plan.dataNote } : {}) });
  await appended(id);
  await followUps.scheduler.schedule({ investigationId: id, version: plan.version, dueAt: plan.dueAt });
  logger.info({ version: plan.version, dueAt, reason: plan.reason }, 'follow-up scheduled');
}
