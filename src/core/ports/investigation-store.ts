import { z } from 'zod';
import { AlertSchema } from '../alerts/alert-schema';
import type { InvestigationEvent, NewInvestigationEvent } from '../investigation/investigation-events';
import type { SteeringCommand } from '../investigation/steering-schema';

export const InvestigationStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type InvestigationStatus = z.infer<typeof InvestigationStatusSchema>;

/** Where an investigation's conversation lives on a chat surface. */
export const ThreadRefSchema = z.object({
  surface: z.string().min(1),
  channel: z.string().min(1),
  threadId: z.string().min(1),
});
export type ThreadRef = z.infer<typeof ThreadRefSchema>;

export const InvestigationRecordSchema = z.object({
  id: z.string().min(1),
  status: InvestigationStatusSchema,
  alert: AlertSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  thread: ThreadRefSchema.optional(),
  /** The final report as JSON (see report-schema), once ready. */
  report: z.unknown().optional(),
  error: z.string().optional(),
  /** The run (worker attempt) that owns the investigation now; an older run that sees another id stops. */
  runId: z.string().optional(),
});
export type InvestigationRecord = z.infer<typeof InvestigationRecordSchema>;

/** How an append is guarded (see `InvestigationStore.append`). */
export interface AppendOptions {
  /**
   * Appends only while the record's `runId` is this one, atomically with the append: a run that
   * another run took over (its job lock lapsed while Redis restarted) cannot write beside it.
   * Otherwise the append throws a CausaError with code `run_superseded`.
   */
  runId?: string;
  /**
   * Idempotency key: an append whose key was already appended to this log appends nothing and
   * returns the event stored the first time (a command resent after a lost reply, a retry).
   */
  key?: string;
}

/** How a claim is taken (see `InvestigationStore.claim`). */
export interface ClaimOptions {
  /** A claim its owner holds again gets `ttlMs` afresh: a lease its holder keeps renewing. */
  renew?: boolean;
}

/** The error of an append whose run was taken over (see `AppendOptions.runId`). */
export const RUN_SUPERSEDED = 'run_superseded';

/**
 * Investigations, their append-only audit logs, steering inboxes, thread ↔ investigation mapping
 * and dedupe claims. Redis in production; memory in unit tests. Every adapter passes the same
 * contract suite.
 */
export interface InvestigationStore {
  create(record: InvestigationRecord): Promise<void>;
  get(id: string): Promise<InvestigationRecord | undefined>;
  update(id: string, patch: Partial<Omit<InvestigationRecord, 'id'>>): Promise<InvestigationRecord>;
  /** Appends to the audit log, numbering the event; returns it as stored. */
  append(id: string, event: NewInvestigationEvent, options?: AppendOptions): Promise<InvestigationEvent>;
  /** Audit log from `fromSeq` (inclusive, default 1); at most `limit` events when given. */
  events(id: string, fromSeq?: number, limit?: number): Promise<InvestigationEvent[]>;
  /** Queues a human decision for the running loop. */
  pushSteering(id: string, command: SteeringCommand): Promise<void>;
  /** Takes (and removes) the queued decisions, oldest first. */
  takeSteering(id: string): Promise<SteeringCommand[]>;
  /**
   * Atomically claims a dedupe key for `ttlMs`; false when already claimed. With an `owner`, a
   * claim that same owner already holds is granted again (its TTL unchanged): a request replayed
   * after a store outage gets back the claims its first attempt took, while any other request
   * (a chat platform's retry is another delivery, another owner) is still refused.
   */
  claim(key: string, ttlMs: number, owner?: string, options?: ClaimOptions): Promise<boolean>;
  /** Gives a claim up before its TTL (e.g. the alert claim of a failed investigation); no-op when unclaimed. */
  releaseClaim(key: string): Promise<void>;
  bindThread(thread: ThreadRef, investigationId: string): Promise<void>;
  findByThread(thread: ThreadRef): Promise<string | undefined>;
}
