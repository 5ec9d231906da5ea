import { followUpOffsetsMs, followUpReason, type FollowUpSettings } from '../core/follow-up/follow-up-policy';
import type { InvestigationEvent } from '../core/investigation/investigation-events';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { Report } from '../core/report/report-schema';
import { coarseDataPlan, dataCadence } from './data-cadence';

/** The next follow-up of an investigation, as the audit log records it. */
export interface FollowUpPlan {
  version: number;
  dueAt: number;
  reason: string;
  dataNote?: string;
}

/**
 * Whether report `version` needs another look, and when: the configured delays count from the
 * first answer; coarse data moves a look to just after its next sample. Undefined when the report
 * is final (confident) or the delays are used up.
 */
export async function planFollowUp(input: {
  report: Report;
  version: number;
  events: readonly InvestigationEvent[];
  settings: FollowUpSettings;
  source: TelemetrySource;
  now: number;
}): Promise<FollowUpPlan | undefined> {
  const reason = followUpReason(input.report, input.settings);
  if (!reason) return undefined;
  const offset = followUpOffsetsMs(input.settings)[input.version - 1];
  if (offset === undefined) return undefined;
  const first = input.events.find((e) => e.type === 'report-ready');
  const firstAt = first ? Date.parse(first.at) : input.now;
  const scheduled = Math.max(firstAt + offset, input.now);
  let cadence;
  try {
    cadence = await dataCadence(input.source, input.report.alert.symptom.service, input.now);
  } catch {
    cadence = undefined; // the note is a courtesy: a source that cannot say leaves it out
  }
  const coarse = coarseDataPlan(cadence, scheduled, input.now);
  return { version: input.version + 1, dueAt: coarse?.dueAt ?? scheduled, reason, ...(coarse ? { dataNote: coarse.note } : {}) };
}
