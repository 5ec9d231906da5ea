import { CausaError, InputError } from '../../core/errors';
import {
  InvestigationEventSchema,
  type InvestigationEvent,
  type NewInvestigationEvent,
} from '../../core/investigation/investigation-events';
import { SteeringCommandSchema, type SteeringCommand } from '../../core/investigation/steering-schema';
import {
  InvestigationRecordSchema,
  RUN_SUPERSEDED,
  ThreadRefSchema,
  type AppendOptions,
  type ClaimOptions,
  type InvestigationRecord,
  type InvestigationStore,
  type ThreadRef,
} from '../../core/ports/investigation-store';
import type { z } from 'zod';

/** Options of the memory store. */
export interface MemoryInvestigationStoreOptions {
  /** Milliseconds since the epoch; drives claim expiry and `updatedAt` / event `at` stamps. */
  now?: () => number;
}

/** "path: message" for each zod issue, to say exactly what is wrong with an input. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

function superseded(id: string): CausaError {
  return new CausaError(RUN_SUPERSEDED, `another run took investigation ${id} over; this run's event was not appended`);
}

function notFound(id: string): CausaError {
  return new CausaError('investigation_not_found', `investigation ${id} does not exist — create it before updating or appending to it`);
}

/**
 * An `InvestigationStore` held in process memory: for unit tests, the playground and single-process
 * runs. Values are copied in and out, so callers never share state with the store (as with Redis).
 *
 * Behaviour every adapter shares (test/contract/investigation-store-contract.ts): `create` refuses
 * an existing id; `update`, `append` and `pushSteering` throw a CausaError for an unknown id;
 * `update` stamps `updatedAt` and `append` stamps `at` from the clock; `append` validates the
 * numbered event against InvestigationEventSchema and throws an InputError naming the bad fields.
 */
export class MemoryInvestigationStore implements InvestigationStore {
  private readonly now: () => number;
  private readonly records = new Map<string, InvestigationRecord>();
  private readonly logs = new Map<string, InvestigationEvent[]>();
  /** Per investigation: idempotency key → seq of the event appended with it. */
  private readonly appendKeys = new Map<string, Map<string, number>>();
  private readonly inboxes = new Map<string, SteeringCommand[]>();
  private readonly claims = new Map<string, { expiresAt: number; owner?: string }>();
  private readonly threads = new Map<string, string>();

  constructor(options: MemoryInvestigationStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async create(record: InvestigationRecord): Promise<void> {
    const parsed = InvestigationRecordSchema.safeParse(record);
    if (!parsed.success) throw new InputError(`invalid investigation record: ${describeIssues(parsed.error)}`);
    if (this.records.has(record.id)) {
      throw new CausaError('investigation_exists', `investigation ${record.id} already exists — use update() to change it`);
    }
    this.records.set(record.id, structuredClone(parsed.data));
  }

  async get(id: string): Promise<InvestigationRecord | undefined> {
    const record = this.records.get(id);
    return record === undefined ? undefined : structuredClone(record);
  }

  async update(id: string, patch: Partial<Omit<InvestigationRecord, 'id'>>): Promise<InvestigationRecord> {
    const current = this.records.get(id);
    if (current === undefined) throw notFound(id);
    const merged = { ...current, ...structuredClone(patch), id, updatedAt: this.timestamp() };
    const parsed = InvestigationRecordSchema.safeParse(merged);
    if (!parsed.success) throw new InputError(`invalid update of investigation ${id}: ${describeIssues(parsed.error)}`);
    this.records.set(id, parsed.data);
    return structuredClone(parsed.data);
  }

  async append(id: string, event: NewInvestigationEvent, options: AppendOptions = {}): Promise<InvestigationEvent> {
    const record = this.records.get(id);
    if (!record) throw notFound(id);
    if (options.runId !== undefined && record.runId !== options.runId) throw superseded(id);
    const log = this.logs.get(id) ?? [];
    const known = options.key === undefined ? undefined : this.appendKeys.get(id)?.get(options.key);
    if (known !== undefined) return structuredClone(log[known - 1]!);
    const candidate = { ...event, investigationId: id, seq: log.length + 1, at: this.timestamp() };
    const parsed = InvestigationEventSchema.safeParse(candidate);
    if (!parsed.success) {
      const type = (event as { type?: unknown }).type;
      throw new InputError(
        `invalid ${typeof type === 'string' ? `'${type}' ` : ''}event for investigation ${id}: ${describeIssues(parsed.error)}`,
      );
    }
    log.push(parsed.data);
    this.logs.set(id, log);
    if (options.key !== undefined) this.appendKeys.set(id, (this.appendKeys.get(id) ?? new Map<string, number>()).set(options.key, parsed.data.seq));
    return structuredClone(parsed.data);
  }

  async events(id: string, fromSeq = 1, limit?: number): Promise<InvestigationEvent[]> {
    const from = (this.logs.get(id) ?? []).filter((event) => event.seq >= fromSeq);
    return structuredClone(limit === undefined ? from : from.slice(0, Math.max(0, Math.floor(limit))));
  }

  async pushSteering(id: string, command: SteeringCommand): Promise<void> {
    if (!this.records.has(id)) throw notFound(id);
    const parsed = SteeringCommandSchema.safeParse(command);
    if (!parsed.success) throw new InputError(`invalid steering command for investigation ${id}: ${describeIssues(parsed.error)}`);
    const inbox = this.inboxes.get(id) ?? [];
    inbox.push(parsed.data);
    this.inboxes.set(id, inbox);
  }

  async takeSteering(id: string): Promise<SteeringCommand[]> {
    const inbox = this.inboxes.get(id) ?? [];
    this.inboxes.delete(id);
    return inbox;
  }

  async claim(key: string, ttlMs: number, owner?: string, options: ClaimOptions = {}): Promise<boolean> {
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
      throw new InputError(`claim ttlMs must be a positive whole number of milliseconds, got ${ttlMs}`);
    }
    const now = this.now();
    this.forgetExpiredClaims(now);
    const held = this.claims.get(key);
    if (held) {
      const mine = owner !== undefined && held.owner === owner;
      if (mine && options.renew) held.expiresAt = now + ttlMs;
      return mine;
    }
    this.claims.set(key, { expiresAt: now + ttlMs, owner });
    return true;
  }

  async releaseClaim(key: string): Promise<void> {
    this.claims.delete(key);
  }

  async bindThread(thread: ThreadRef, investigationId: string): Promise<void> {
    this.threads.set(this.threadKey(thread), investigationId);
  }

  async findByThread(thread: ThreadRef): Promise<string | undefined> {
    return this.threads.get(this.threadKey(thread));
  }

  private threadKey(thread: ThreadRef): string {
    const parsed = ThreadRefSchema.safeParse(thread);
    if (!parsed.success) throw new InputError(`invalid thread reference: ${describeIssues(parsed.error)}`);
    return JSON.stringify([parsed.data.surface, parsed.data.channel, parsed.data.threadId]);
  }

  private forgetExpiredClaims(now: number): void {
    for (const [key, { expiresAt }] of this.claims) if (expiresAt <= now) this.claims.delete(key);
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }
}
