import { z } from 'zod';
import type { Report } from '../report/report-schema';

/**
 * When an investigation looks again as new telemetry arrives. Delays count from when the first
 * answer was posted; an answer at or above `confidentAt` needs no follow-up.
 */
export const FollowUpSettingsSchema = z.strictObject({
  /** Seconds after the first answer at which to look again; empty: never. */
  delaysSeconds: z.array(z.number().positive().max(24 * 3600)).max(10).default([120, 300, 600]),
  /** A report at least this confident is final. */
  confidentAt: z.number().min(0).max(1).default(0.8),
});
export type FollowUpSettings = z.infer<typeof FollowUpSettingsSchema>;

/** Why a report needs another look once more data exists, or undefined when it is final. */
export function followUpReason(report: Pick<Report, 'abstained' | 'confidence'>, settings: Pick<FollowUpSettings, 'confidentAt'>): string | undefined {
  if (report.abstained) return 'the investigation abstained';
  if (report.confidence < settings.confidentAt) return `confidence ${report.confidence.toFixed(2)} is below ${settings.confidentAt.toFixed(2)}`;
  return undefined;
}

/** The follow-up times (ms since the first answer), ascending and without repeats. */
export function followUpOffsetsMs(settings: Pick<FollowUpSettings, 'delaysSeconds'>): number[] {
  return [...new Set(settings.delaysSeconds)].sort((a, b) => a - b).map((s) => s * 1000);
}

/** "4 minutes", "90 seconds", "1 minute" — how long a wait or a span of data was; `more` inserts "more". */
export function spanWords(ms: number, more = false): string {
  const seconds = Math.round(ms / 1000);
  const extra = more ? ' more' : '';
  if (seconds < 120 && seconds % 60 !== 0) return `${seconds}${extra} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes}${extra} minute${minutes === 1 ? '' : 's'}`;
}

/** One answer of a sequence, for the update line. */
export interface AnswerSnapshot {
  abstained: boolean;
  confidence: number;
  /** Top service (the best lead when abstaining), if any. */
  service?: string;
}

/**
 * The thread update after a follow-up: "with 4 more minutes of data: payforadoption, confidence
 * 0.88, up from abstained".
 */
export function followUpUpdateLine(previous: AnswerSnapshot, current: AnswerSnapshot, moreDataMs: number): string {
  if (current.abstained && !previous.abstained) {
    return `with ${spanWords(moreDataMs, true)} of data: no firmer answer (the new look abstained); the answer stays ${previous.service ?? 'no service'} at ${previous.confidence.toFixed(2)}`;
  }
  const now = current.abstained ? `still no confident cause${current.service ? ` (best lead ${current.service}, ${current.confidence.toFixed(2)})` : ''}` : `${current.service ?? 'no service'}, confidence ${current.confidence.toFixed(2)}`;
  const before = previous.abstained ? 'abstained' : `${previous.service ?? 'no service'} at ${previous.confidence.toFixed(2)}`;
  const direction = current.abstained && previous.abstained ? 'was' : current.confidence >= previous.confidence || previous.abstained ? 'up from' : 'down from';
  const changed = !current.abstained && !previous.abstained && previous.service !== current.service ? ' (a different cause)' : '';
  return `with ${spanWords(moreDataMs, true)} of data: ${now}, ${direction} ${before}${changed}`;
}

export function snapshotOf(report: Pick<Report, 'abstained' | 'confidence' | 'ranking' | 'bestLead'>): AnswerSnapshot {
  const top = report.abstained ? report.bestLead ?? report.ranking[0] : report.ranking[0];
  return { abstained: report.abstained, confidence: report.confidence, ...(top ? { service: top.service } : {}) };
}

/**
 * Whether a follow-up's answer replaces the one it revisits. A look that names no cause does not
 * replace one that did: later data can dilute a fault that has faded (the incident period then
 * holds its normal end), which weakens the evidence without contradicting it.
 */
export function followUpReplaces(previous: Pick<Report, 'abstained'>, current: Pick<Report, 'abstained'>): boolean {
  return !current.abstained || previous.abstained;
}
