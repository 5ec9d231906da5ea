import { CausaError } from '../core/errors';
import type { InvestigationEvent } from '../core/investigation/investigation-events';
import type { InvestigationStore } from '../core/ports/investigation-store';
import { ReportSchema } from '../core/report/report-schema';

/**
 * An investigation's full audit record, as `causa export` prints it: the record (alert, thread,
 * status, times), the final report, every event of the audit log in order, and the human
 * decisions among them (who, when, what, and what it changed).
 */
export interface AuditRecord {
  format: 'causa-audit/1';
  exportedAt: string;
  investigation: Record<string, unknown>;
  /** The final report; null while the investigation runs, or when it failed. */
  report: unknown;
  /** Why `report` is null, or why the stored one did not read as a report. */
  reportNote?: string;
  decisions: Array<{ seq: number; at: string; command: unknown; effect: string }>;
  events: InvestigationEvent[];
}

/** Reads an investigation's audit record from the store; unknown ids are an error naming the id. */
export async function exportAuditRecord(store: InvestigationStore, id: string, now: () => number = Date.now): Promise<AuditRecord> {
  const record = await store.get(id);
  if (!record) {
    throw new CausaError(
      'investigation_not_found',
      `no investigation "${id}" in the store — check the id (it is in the thread's status message and in the RCA) and that CAUSA_STORE/REDIS_URL (and store.keyPrefix) point at the store the bot uses; investigations older than the retention (retention.recordDays) are gone`,
    );
  }
  const events = await store.events(id);
  const { report: stored, ...investigation } = record;
  const parsed = stored === undefined ? undefined : ReportSchema.safeParse(stored);
  const reportNote =
    stored === undefined ? `no report: the investigation is ${record.status}` : parsed && !parsed.success ? 'the stored report does not match the report schema; shown as stored' : undefined;
  const decisions = events.flatMap((event) => (event.type === 'steering-applied' ? [{ seq: event.seq, at: event.at, command: event.command, effect: event.effect }] : []));
  return {
    format: 'causa-audit/1',
    exportedAt: new Date(now()).toISOString(),
    investigation,
    report: stored ?? null,
    ...(reportNote ? { reportNote } : {}),
    decisions,
    events,
  };
}
