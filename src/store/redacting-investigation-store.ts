import type { Redact } from '../config/secret-redaction';
import type { InvestigationEvent, NewInvestigationEvent } from '../core/investigation/investigation-events';
import type { SteeringCommand } from '../core/investigation/steering-schema';
import type { AppendOptions, ClaimOptions, InvestigationRecord, InvestigationStore, ThreadRef } from '../core/ports/investigation-store';

/** `value` with `redact` applied to every string in it (plain objects and arrays walked, the rest kept). */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)])) as T;
  }
  return value;
}

/**
 * The one redaction step in front of the store: what an investigation records (its alert, audit
 * log, evidence, report, notes) passes through `redact` before it is kept, so no configured
 * secret — echoed by a backend's error, pasted into an alert or a reply — reaches a chat thread,
 * a report, an export or the audit log, whichever surface renders it.
 */
export class RedactingInvestigationStore implements InvestigationStore {
  constructor(
    private readonly inner: InvestigationStore,
    private readonly redact: Redact,
  ) {}

  create(record: InvestigationRecord): Promise<void> {
    return this.inner.create(redactDeep(record, this.redact));
  }

  get(id: string): Promise<InvestigationRecord | undefined> {
    return this.inner.get(id);
  }

  update(id: string, patch: Partial<Omit<InvestigationRecord, 'id'>>): Promise<InvestigationRecord> {
    return this.inner.update(id, redactDeep(patch, this.redact));
  }

  append(id: string, event: NewInvestigationEvent, options?: AppendOptions): Promise<InvestigationEvent> {
    return this.inner.append(id, redactDeep(event, this.redact), options);
  }

  events(id: string, fromSeq?: number, limit?: number): Promise<InvestigationEvent[]> {
    return this.inner.events(id, fromSeq, limit);
  }

  pushSteering(id: string, command: SteeringCommand): Promise<void> {
    return this.inner.pushSteering(id, redactDeep(command, this.redact));
  }

  takeSteering(id: string): Promise<SteeringCommand[]> {
    return this.inner.takeSteering(id);
  }

  claim(key: string, ttlMs: number, owner?: string, options?: ClaimOptions): Promise<boolean> {
    return this.inner.claim(key, ttlMs, owner, options);
  }

  releaseClaim(key: string): Promise<void> {
    return this.inner.releaseClaim(key);
  }

  bindThread(thread: ThreadRef, investigationId: string): Promise<void> {
    return this.inner.bindThread(thread, investigationId);
  }

  findByThread(thread: ThreadRef): Promise<string | undefined> {
    return this.inner.findByThread(thread);
  }
}
