/**
 * Tells every process that an investigation's audit log grew, so the processes that render
 * threads read the new events from the store (workers and surfaces may be different processes).
 * A notification may be lost (e.g. while Redis restarts): the log stays the source of truth and
 * the next notification of the investigation delivers everything missed.
 */
export interface InvestigationFeed {
  publish(investigationId: string): Promise<void>;
  /** Calls `onGrown` for every notification, from any process; resolves with a function that stops it. */
  subscribe(onGrown: (investigationId: string) => void): Promise<() => Promise<void>>;
}
