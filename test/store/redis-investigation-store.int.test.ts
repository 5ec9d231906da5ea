import type { Redis } from 'ioredis';
import { CausaError } from '../../src/core/errors';
import type { InvestigationRecord } from '../../src/core/ports/investigation-store';
import { checkRedis } from '../../src/store/redis/redis-client';
import { RedisInvestigationStore } from '../../src/store/redis/redis-investigation-store';
import { RedisInvestigationKeys } from '../../src/store/redis/redis-keys';
import { runInvestigationStoreContract } from '../contract/investigation-store-contract';
import { REDIS_URL, cleanUp, connect, describeWithRedis, requireRedis, uniquePrefix } from './redis-test-support';

beforeAll(requireRedis);

describeWithRedis('the investigation store contract', () => {
  runInvestigationStoreContract(`redis (${REDIS_URL}, real clock)`, async () => {
    const redis = connect();
    const keyPrefix = uniquePrefix();
    return {
      store: new RedisInvestigationStore({ redis, keyPrefix }),
      cleanup: () => cleanUp(keyPrefix, [redis]),
    };
  });
});

const AT = '2024-05-01T10:00:00.000Z';

function record(id: string): InvestigationRecord {
  return {
    id,
    status: 'queued',
    alert: {
      source: 'generic',
      status: 'firing',
      title: 'Checkout latency high',
      text: 'p99 latency above 2s',
      firedAt: AT,
      labels: { service: 'checkout' },
      symptom: { service: 'checkout', signal: 'latency' },
      fingerprint: 'checkout-latency',
    },
    createdAt: AT,
    updatedAt: AT,
  };
}

describeWithRedis('RedisInvestigationStore on a real Redis', () => {
  let keyPrefix: string;
  let clients: Redis[];

  const store = (options: { now?: () => number } = {}) => {
    const redis = connect();
    clients.push(redis);
    return new RedisInvestigationStore({ redis, keyPrefix, ...options });
  };

  beforeEach(() => {
    keyPrefix = uniquePrefix();
    clients = [];
  });

  afterEach(async () => {
    await cleanUp(keyPrefix, [connect(), ...clients]);
  });

  it('numbers appends from two separate connections with distinct consecutive seqs', async () => {
    const [first, second] = [store(), store()];
    await first.create(record('inv-1'));
    const appends = Array.from({ length: 40 }, (_, index) =>
      (index % 2 === 0 ? first : second).append('inv-1', { type: 'hypothesis-testing', hypothesisId: `H${index + 1}` }),
    );
    const stored = await Promise.all(appends);
    const expected = Array.from({ length: 40 }, (_, index) => index + 1);
    expect(stored.map((event) => event.seq).sort((a, b) => a - b)).toEqual(expected);
    const log = await second.events('inv-1');
    expect(log.map((event) => event.seq)).toEqual(expected);
    expect(log).toEqual([...stored].sort((a, b) => a.seq - b.seq));
  });

  it('keeps every field of concurrent updates from separate connections', async () => {
    const [first, second] = [store(), store()];
    await first.create(record('inv-1'));
    await Promise.all([
      first.update('inv-1', { status: 'running' }),
      second.update('inv-1', { error: 'prometheus timed out' }),
      first.update('inv-1', { thread: { surface: 'slack', channel: 'C42', threadId: '1700000000.000100' } }),
      second.update('inv-1', { report: { rootCause: 'deploy v2.3.1' } }),
    ]);
    expect(await first.get('inv-1')).toMatchObject({
      status: 'running',
      error: 'prometheus timed out',
      thread: { surface: 'slack', channel: 'C42', threadId: '1700000000.000100' },
      report: { rootCause: 'deploy v2.3.1' },
    });
  });

  it('stamps events and updates with the injected clock', async () => {
    let now = Date.parse(AT);
    const clocked = store({ now: () => now });
    await clocked.create(record('inv-1'));
    now += 1_500;
    expect((await clocked.append('inv-1', { type: 'hypothesis-testing', hypothesisId: 'H1' })).at).toBe('2024-05-01T10:00:01.500Z');
    now += 500;
    expect((await clocked.update('inv-1', { status: 'running' })).updatedAt).toBe('2024-05-01T10:00:02.000Z');
  });

  it('reports a corrupt record as a CausaError naming the key', async () => {
    const subject = store();
    const key = new RedisInvestigationKeys(keyPrefix).record('inv-1');
    await clients[0].set(key, '{"id": "inv-1", "status": ');
    const failure = subject.get('inv-1');
    await expect(failure).rejects.toBeInstanceOf(CausaError);
    await expect(subject.get('inv-1')).rejects.toThrow(`Redis key ${key} holds a corrupt value: it is not valid JSON`);
    await expect(subject.update('inv-1', { status: 'done' })).rejects.toThrow(key);

    await clients[0].set(key, JSON.stringify({ ...record('inv-1'), status: 'paused' }));
    await expect(subject.get('inv-1')).rejects.toThrow(/does not match the expected shape \(status: /);
  });

  it('reports a corrupt audit event as a CausaError naming the key and position', async () => {
    const subject = store();
    await subject.create(record('inv-1'));
    await subject.append('inv-1', { type: 'hypothesis-testing', hypothesisId: 'H1' });
    const key = new RedisInvestigationKeys(keyPrefix).events('inv-1');
    await clients[0].rpush(key, 'not json');
    await expect(subject.events('inv-1')).rejects.toThrow(`Redis key ${key}[1] holds a corrupt value`);
    expect(await subject.events('inv-1', 1).catch((error: unknown) => error)).toBeInstanceOf(CausaError);
  });

  it('claims through Redis, so a second process cannot claim the same key', async () => {
    const [first, second] = [store(), store()];
    const results = await Promise.all([first.claim('alert:fp', 60_000), second.claim('alert:fp', 60_000)]);
    expect(results.sort()).toEqual([false, true]);
    await expect(first.claim('alert:fp', 0)).rejects.toBeInstanceOf(CausaError);
    await expect(first.claim('alert:fp', 1.5)).rejects.toBeInstanceOf(CausaError);
  });

  it('answers the health check with PONG', async () => {
    store();
    const health = await checkRedis(clients[0]);
    expect(health).toEqual({ ok: true, message: expect.stringContaining('answered PONG') });
  });
});
