import { investigateBundle } from '../app/investigate-bundle';
import type { Budget, Thresholds } from '../core/investigation/budget-schema';
import { followUpOffsetsMs, followUpReason, followUpReplaces, type FollowUpSettings } from '../core/follow-up/follow-up-policy';
import type { Reasoner } from '../core/ports/reasoner';
import type { Report } from '../core/report/report-schema';
import { BundleSource, readBundleCase } from '../telemetry/bundle';

/** How a recorded case is replayed as if live. */
export interface LiveReplaySettings {
  /** The alert fires this long after its recorded time. */
  alertDelayMs: number;
  /** The first answer comes this long after the alert (the time to post and read the alert). */
  firstLookMs: number;
  followUps: FollowUpSettings;
}

export interface LiveReplayResult {
  first: Report;
  final: Report;
  /** When the final answer became available, ms after the (delayed) alert. */
  finalAfterMs: number;
  /** Investigations run: the first look plus its follow-ups. */
  looks: number;
  durationMs: number;
}

/**
 * Replays one recorded case live: the first look sees the telemetry up to alert + `firstLookMs`;
 * while the answer is not confident, follow-ups look again at the configured delays with the clock
 * advanced, until one is confident, the delays run out or the recording ends (no later data exists).
 */
export async function replayLive(dir: string, options: { reasoner: Reasoner; budget: Budget; thresholds: Thresholds; settings: LiveReplaySettings }): Promise<LiveReplayResult> {
  const started = Date.now();
  const recorded = readBundleCase(dir);
  const alertMs = Date.parse(recorded.alert.firedAt) + options.settings.alertDelayMs;
  const recordingEndMs = Date.parse(recorded.window.end);
  let present = 0;
  // One source for every look: the bundle is indexed once, each look sees up to its own present.
  const source = await BundleSource.open(dir, { asOf: () => present });
  const look = async (nowMs: number): Promise<Report> => {
    present = nowMs;
    const replay = { nowMs, alertDelayMs: options.settings.alertDelayMs };
    return (await investigateBundle({ dir, source, reasoner: options.reasoner, budget: options.budget, thresholds: options.thresholds, replay })).report;
  };
  const firstAt = alertMs + options.settings.firstLookMs;
  const first = await look(firstAt);
  let final = first;
  let finalAt = firstAt;
  let looks = 1;
  for (const offset of followUpOffsetsMs(options.settings.followUps)) {
    if (!followUpReason(final, options.settings.followUps)) break;
    if (finalAt >= recordingEndMs) break; // the recording holds nothing newer
    const at = firstAt + offset;
    const next = await look(Math.min(at, recordingEndMs));
    if (followUpReplaces(final, next)) {
      final = next;
      finalAt = at;
    }
    looks++;
  }
  return { first, final, finalAfterMs: finalAt - alertMs, looks, durationMs: Date.now() - started };
}
