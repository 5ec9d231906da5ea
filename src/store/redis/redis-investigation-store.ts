import type { Redis } from 'ioredis';
import { CausaError, InputError, errorMessage } from '../../core/errors';
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
import { decodeStored, describeIssues, validateInput } from './redis-json-codec';
import { RedisInvestigationKeys } from './redis-keys';
import { redisRetention, type RedisRetention } from './redis-retention';
import { APPEND_EVENT_SCRIPT, PUSH_STEERING_SCRIPT, REPLACE_RECORD_SCRIPT } from './redis-store-scripts';

export { checkRedis, createRedisClient, type RedisClientOptions, type RedisHealth } from './redis-client';

/** SET NX, or granted again when the claim holds the same owner (a replay of the same request). */
const CLAIM_AS_OWNER = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[3] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return 1
end
return 0`;

/** Options of the Redis store. */
export interface RedisInvestigationStoreOptions {
  /** A connected (or connecting) ioredis client; the caller owns it and quits it. */
  redis: Redis;
  /** Prepended to every key, so several deployments or test runs can share one Redis. Default `causa:`. */
  keyPrefix?: string;
  /** TTLs of the keys it writes (see redisRetention); 90 days for investigations, 1 day for transient state by default. */
  retention?: RedisRetention;
  /** Milliseconds since the epoch; drives `updatedAt` / event `at` stamps. Claim expiry uses Redis time. */
  now?: () => number;
}

/** How often `update` retries when other writers keep changing the record under it. */
const MAX_UPDATE_ATTEMPTS = 20;

function notFound(id: string): CausaError {
  return new CausaError('investigation_not_found', `investigation ${id} does not exist — create it before updating or appending to it`);
}

/**
 * The production `InvestigationStore`, on Redis, shared by every worker and surface process.
 * A record is a JSON string key; the audit log a list numbered by a Lua script, so concurrent
 * appends from several processes get distinct consecutive seqs; the steering inbox a list taken in
 * one transaction; claims `SET … PX ttl NX`; each thread a key holding its investigation id.
 * Every key carries a TTL (see redis-retention.ts), renewed by each write to it.
 * Values read back are re-validated: a corrupt one gives a CausaError naming its key.
 *
 * Behaviour matches MemoryInvestigationStore (test/contract/investigation-store-contract.ts);
 * Redis failures surface as a retryable CausaError with code `store_unavailable`.
 */
export class RedisInvestigationStore implements InvestigationStore {
  private readonly redis: Redis;
  private readonly keys: RedisInvestigationKeys;
  private readonly now: () => number;
  private readonly retention: RedisRetention;

  constructor(options: RedisInvestigationStoreOptions) {
    this.retention = options.retention ?? redisRetention();
    this.redis = options.redis;
    this.keys = new RedisInvestigationKeys(options.keyPrefix ?? 'causa:');
    this.now = options.now ?? Date.now;
  }

  async create(record: InvestigationRecord): Promise<void> {
    const valid = validateInput(InvestigationRecordSchema, record, 'investigation record');
    const written = await this.call('create', () => this.redis.set(this.keys.record(valid.id), JSON.stringify(valid), 'PX', this.retention.recordMs, 'NX'));
    if (written === null) {
      throw new CausaError('investigation_exists', `investigation ${valid.id} already exists — use update() to change it`);
    }
  }

  async get(id: string): Promise<InvestigationRecord | undefined> {
    const key = this.keys.record(id);
    const raw = await this.call('get', () => this.redis.get(key));
    return raw === null ? undefined : decodeStored(InvestigationRecordSchema, raw, key);
  }

  async update(id: string, patch: Partial<Omit<InvestigationRecord, 'id'>>): Promise<InvestigationRecord> {
    const key = this.keys.record(id);
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const raw = await this.call('update', () => this.redis.get(key));
      if (raw === null) throw notFound(id);
      const current = decodeStored(InvestigationRecordSchema, raw, key);
      const merged = { ...current, ...patch, id, updatedAt: this.timestamp() };
      const next = validateInput(InvestigationRecordSchema, merged, `update of investigation ${id}`);
      const serialized = JSON.stringify(next);
      const outcome = await this.call('update', () => this.redis.eval(REPLACE_RECORD_SCRIPT, 2, key, this.keys.events(id), raw, serialized, this.retention.recordMs));
      if (outcome === -1) throw notFound(id);
      // Read back from what was stored, so the caller shares no objects with the patch.
      if (outcome === 1) return decodeStored(InvestigationRecordSchema, serialized, key);
    }
    throw new CausaError('store_contended', `investigation ${id} kept changing during update — retry the update`, { isRetryable: true });
  }

  async append(id: string, event: NewInvestigationEvent, options: AppendOptions = {}): Promise<InvestigationEvent> {
    // Validated with a placeholder seq first, so an invalid event never consumes a number.
    const parsed = InvestigationEventSchema.safeParse({ ...event, investigationId: id, seq: 1, at: this.timestamp() });
    if (!parsed.success) {
      const type = (event as { type?: unknown }).type;
      throw new InputError(
        `invalid ${typeof type === 'string' ? `'${type}' ` : ''}event for investigation ${id}: ${describeIssues(parsed.error)}`,
      );
    }
    const { seq: _placeholder, ...unnumbered } = parsed.data;
    const owner = options.runId === undefined ? '' : `"runId":${JSON.stringify(options.runId)}`;
    const seq = await this.call('append', () =>
      this.redis.eval(APPEND_EVENT_SCRIPT, 3, this.keys.record(id), this.keys.events(id), this.keys.appended(id), JSON.stringify(unnumbered), this.retention.recordMs, owner, options.key ?? '', this.retention.transientMs),
    );
    if (seq === -2) throw new CausaError(RUN_SUPERSEDED, `another run took investigation ${id} over; this run's event was not appended`);
    if (Array.isArray(seq)) {
      // An append repeated under its key: the event stored the first time.
      const key = this.keys.events(id);
      const raw = await this.call('append', () => this.redis.lindex(key, Number(seq[0]) - 1));
      if (raw === null) throw notFound(id);
      return decodeStored(InvestigationEventSchema, raw, `${key}[${Number(seq[0]) - 1}]`);
    }
    if (typeof seq !== 'number' || seq < 1) throw notFound(id);
    return structuredClone({ ...parsed.data, seq });
  }

  async events(id: string, fromSeq = 1, limit?: number): Promise<InvestigationEvent[]> {
    if (Number.isNaN(fromSeq)) return [];
    if (limit !== undefined && !(limit >= 1)) return [];
    const key = this.keys.events(id);
    const start = Math.max(1, Math.ceil(fromSeq)) - 1;
    const stop = limit === undefined ? -1 : start + Math.floor(limit) - 1;
    const raws = await this.call('events', () => this.redis.lrange(key, start, stop));
    return raws.map((raw, index) => decodeStored(InvestigationEventSchema, raw, `${key}[${start + index}]`));
  }

  async pushSteering(id: string, command: SteeringCommand): Promise<void> {
    const valid = validateInput(SteeringCommandSchema, command, `steering command for investigation ${id}`);
    const length = await this.call('pushSteering', () =>
      this.redis.eval(PUSH_STEERING_SCRIPT, 2, this.keys.record(id), this.keys.steering(id), JSON.stringify(valid), this.retention.transientMs),
    );
    if (length === 0) throw notFound(id);
  }

  async takeSteering(id: string): Promise<SteeringCommand[]> {
    const key = this.keys.steering(id);
    const replies = await this.call('takeSteering', () => this.redis.multi().lrange(key, 0, -1).del(key).exec());
    const [error, raws] = replies?.[0] ?? [new Error('transaction was aborted'), null];
    if (error) throw this.unavailable('takeSteering', error);
    return (raws as string[]).map((raw, index) => decodeStored(SteeringCommandSchema, raw, `${key}[${index}]`));
  }

  async claim(key: string, ttlMs: number, owner?: string, options: ClaimOptions = {}): Promise<boolean> {
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
      throw new InputError(`claim ttlMs must be a positive whole number of milliseconds, got ${ttlMs}`);
    }
    const ttl = Math.min(ttlMs, this.retention.maxClaimMs);
    if (owner === undefined) {
      const reply = await this.call('claim', () => this.redis.set(this.keys.claim(key), '1', 'PX', ttl, 'NX'));
      return reply === 'OK';
    }
    // Owned claims store the owner, prefixed so that no unowned claim ('1') ever matches one.
    const reply = await this.call('claim', () => this.redis.eval(CLAIM_AS_OWNER, 1, this.keys.claim(key), `owner:${owner}`, String(ttl), options.renew ? '1' : '0'));
    return reply === 1;
  }

  async releaseClaim(key: string): Promise<void> {
    await this.call('releaseClaim', () => this.redis.del(this.keys.claim(key)));
  }

  async bindThread(thread: ThreadRef, investigationId: string): Promise<void> {
    const key = this.threadKey(thread);
    await this.call('bindThread', () => this.redis.set(key, investigationId, 'PX', this.retention.bindingMs));
  }

  async findByThread(thread: ThreadRef): Promise<string | undefined> {
    const key = this.threadKey(thread);
    return (await this.call('findByThread', () => this.redis.get(key))) ?? undefined;
  }

  private threadKey(thread: ThreadRef): string {
    return this.keys.thread(validateInput(ThreadRefSchema, thread, 'thread reference'));
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** Runs one Redis round trip, turning client failures into a retryable CausaError. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw error instanceof CausaError ? error : this.unavailable(operation, error);
    }
  }

  private unavailable(operation: string, cause: unknown): CausaError {
    return new CausaError(
      'store_unavailable',
      `Redis ${operation} failed: ${errorMessage(cause)} — check that Redis is running and REDIS_URL points at it`,
      { cause, isRetryable: true },
    );
  }
}
