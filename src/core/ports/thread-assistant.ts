import type { Alert } from '../alerts/alert-schema';
import type { SteeringCommand } from '../investigation/steering-schema';

/** A reply (or mention) in an investigation's thread, as a surface hands it over. */
export interface ThreadReplyRequest {
  investigationId: string;
  /** The reply with mentions of Causa removed. */
  text: string;
  /** Who wrote it (a user id). */
  by: string;
  /** When, ISO 8601. */
  at: string;
}

/** What a reply turned out to be. */
export type ThreadReplyOutcome =
  /** A question, answered from the report, the audit log and read-only telemetry queries, citing evidence ids. */
  | { kind: 'answer'; text: string; evidenceIds: string[]; hypothesisIds: string[]; fromReportOnly: boolean }
  /** A steering request, to be queued like a 👍 / 👎 (the surface checks the person may steer). */
  | { kind: 'command'; command: SteeringCommand }
  /** Nothing more specific: the reply stays a note for the reasoner. */
  | { kind: 'note' };

/**
 * Reads free text in an investigation thread: answers questions ("why not the database?", "what
 * would confirm H3?") citing evidence ids, and turns steering requests ("H2 is not it", "look at
 * payments", "we deployed pricing at 10:02") into commands. It never changes a verdict itself.
 */
export interface ThreadAssistant {
  reply(request: ThreadReplyRequest): Promise<ThreadReplyOutcome>;
}

/**
 * Reads an alert in a format none of the recognizers knows, when someone explicitly asks Causa to
 * investigate it. Null when the text is not an alert.
 */
export interface AlertReader {
  readAlert(text: string, options: { postedAt: string }): Promise<Alert | null>;
}
