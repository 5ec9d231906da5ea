import { CausaError } from '../../src/core/errors';
import type { NewInvestigationEvent } from '../../src/core/investigation/investigation-events';
import type { SteeringCommand } from '../../src/core/investigation/steering-schema';
import type { InvestigationRecord, InvestigationStore, ThreadRef } from '../../src/core/ports/investigation-store';

/** What a contract run needs from an adapter under test. */
export interface InvestigationStoreHarness {
  store: InvestigationStore;
  /** Moves the store's clock forward; absent for adapters on real time (short real TTLs are used). */
  advanceTime?: (ms: number) => void;
  cleanup?: () => Promise<void>;
}

const AT = '2024-05-01T10:00:00.000Z';

/** A queued investigation record for store tests. */
export function record(id: string): InvestigationRecord {
  return {
    id,
    status: 'queued',
    alert: {
      source: 'alertmanager',
      status: 'firing',
      title: 'High consumer lag on orders-consumer',
      text: '[FIRING:1] ConsumerLagHigh orders-consumer',
      firedAt: AT,
      labels: { alertname: 'ConsumerLagHigh', service: 'orders-consumer' },
      symptom: { service: 'orders-consumer', signal: 'lag' },
      fingerprint: 'ConsumerLagHigh/orders-consumer',
    },
    createdAt: AT,
    updatedAt: AT,
  };
}

const testing = (hypothesisId: string): NewInvestigationEvent => ({ type: 'hypothesis-testing', hypothesisId });
const note = (text: string): SteeringCommand => ({ type: 'note', text, by: 'U123', at: AT });
const thread = (threadId: string): ThreadRef => ({ surface: 'slack', channel: 'C42', threadId });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every `InvestigationStore` adapter must show. Call it from a `*.test.ts` file
 * with a factory that returns a fresh, empty store for each test.
 */
export function runInvestigationStoreContract(
  name: string,
  makeStore: () => Promise<InvestigationStoreHarness>,
): void {
  describe(`InvestigationStore contract: ${name}`, () => {
    let harness: InvestigationStoreHarness;
    let store: InvestigationStore;

    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });

    afterEach(async () => {
      await harness.cleanup?.();
    });

    describe('records', () => {
      it('returns a created record and nothing for an unknown id', async () => {
        await store.create(record('inv-1'));
        expect(await store.get('inv-1')).toEqual(record('inv-1'));
        expect(await store.get('inv-missing')).toBeUndefined();
      });

      it('refuses to create the same id twice', async () => {
        await store.create(record('inv-1'));
        await expect(store.create(record('inv-1'))).rejects.toBeInstanceOf(CausaError);
      });

      it('updates fields, keeps the rest and returns the stored record', async () => {
        await store.create(record('inv-1'));
        harness.advanceTime?.(5_000);
        const thread42 = thread('1700000000.000100');
        const updated = await store.update('inv-1', { status: 'running', thread: thread42 });
        expect(updated).toMatchObject({ id: 'inv-1', status: 'running', thread: thread42, createdAt: AT });
        expect(updated.alert).toEqual(record('inv-1').alert);
        expect(await store.get('inv-1')).toEqual(updated);
        if (harness.advanceTime) expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(AT));
      });

      it('throws a CausaError when updating an unknown id', async () => {
        await expect(store.update('inv-missing', { status: 'done' })).rejects.toBeInstanceOf(CausaError);
      });

      it('hands out copies that callers cannot use to change stored state', async () => {
        await store.create(record('inv-1'));
        const copy = await store.get('inv-1');
        copy!.status = 'failed';
        copy!.alert.labels.service = 'tampered';
        expect(await store.get('inv-1')).toEqual(record('inv-1'));
      });
    });

    describe('audit log', () => {
      it('numbers appended events 1..n and reads them from any seq', async () => {
        await store.create(record('inv-1'));
        const stored = [];
        for (const id of ['H1', 'H2', 'H3']) stored.push(await store.append('inv-1', testing(id)));
        expect(stored.map((event) => [event.seq, event.investigationId])).toEqual([
          [1, 'inv-1'],
          [2, 'inv-1'],
          [3, 'inv-1'],
        ]);
        for (const event of stored) expect(Number.isNaN(Date.parse(event.at))).toBe(false);
        expect(await store.events('inv-1')).toEqual(stored);
        expect((await store.events('inv-1', 2)).map((event) => event.seq)).toEqual([2, 3]);
        expect(await store.events('inv-1', 4)).toEqual([]);
        expect(await store.events('inv-missing')).toEqual([]);
        // A page of the log: at most `limit` events from `fromSeq`.
        expect((await store.events('inv-1', 1, 2)).map((event) => event.seq)).toEqual([1, 2]);
        expect((await store.events('inv-1', 3, 2)).map((event) => event.seq)).toEqual([3]);
        expect(await store.events('inv-1', 1, 0)).toEqual([]);
      });

      it('gives concurrent appends distinct consecutive seqs', async () => {
        await store.create(record('inv-1'));
        const ids = Array.from({ length: 25 }, (_, index) => `H${index + 1}`);
        const stored = await Promise.all(ids.map((id) => store.append('inv-1', testing(id))));
        expect(stored.map((event) => event.seq).sort((a, b) => a - b)).toEqual(ids.map((_, index) => index + 1));
        const log = await store.events('inv-1');
        expect(log.map((event) => event.seq)).toEqual(ids.map((_, index) => index + 1));
        expect(new Set(log.map((event) => (event.type === 'hypothesis-testing' ? event.hypothesisId : '')))).toEqual(new Set(ids));
      });

      it('appends once per idempotency key: a repeated append returns the event stored first', async () => {
        await store.create(record('inv-1'));
        const first = await store.append('inv-1', testing('H1'), { key: 'run-a:1' });
        await store.append('inv-1', testing('H2'));
        const again = await store.append('inv-1', testing('H1'), { key: 'run-a:1' });
        expect(again).toEqual(first);
        expect((await store.append('inv-1', testing('H3'), { key: 'run-a:2' })).seq).toBe(3);
        expect((await store.events('inv-1')).map((event) => event.seq)).toEqual([1, 2, 3]);
      });

      it("appends for a run only while the record names that run, and says so when another took over", async () => {
        await store.create(record('inv-1'));
        await store.update('inv-1', { runId: 'run-a' });
        expect((await store.append('inv-1', testing('H1'), { runId: 'run-a' })).seq).toBe(1);
        await store.update('inv-1', { runId: 'run-b' });
        await expect(store.append('inv-1', testing('H2'), { runId: 'run-a' })).rejects.toMatchObject({ code: 'run_superseded' });
        // A run id that only appears inside another field's text does not own the record.
        await store.update('inv-1', { error: '"runId":"run-a"' });
        await expect(store.append('inv-1', testing('H2'), { runId: 'run-a' })).rejects.toMatchObject({ code: 'run_superseded' });
        expect((await store.append('inv-1', testing('H2'), { runId: 'run-b' })).seq).toBe(2);
        expect(await store.events('inv-1')).toHaveLength(2);
      });

      it('keeps one numbering per investigation', async () => {
        await store.create(record('inv-1'));
        await store.create(record('inv-2'));
        await store.append('inv-1', testing('H1'));
        await store.append('inv-1', testing('H2'));
        expect((await store.append('inv-2', testing('H1'))).seq).toBe(1);
      });

      it('rejects an invalid event with a CausaError naming the field, without using a seq', async () => {
        await store.create(record('inv-1'));
        await store.append('inv-1', testing('H1'));
        const invalid = { type: 'hypothesis-testing' } as unknown as NewInvestigationEvent;
        await expect(store.append('inv-1', invalid)).rejects.toThrow(CausaError);
        await expect(store.append('inv-1', invalid)).rejects.toThrow(/hypothesisId/);
        const unknownType = { type: 'hypothesis-guessed', hypothesisId: 'H1' } as unknown as NewInvestigationEvent;
        await expect(store.append('inv-1', unknownType)).rejects.toThrow(CausaError);
        expect((await store.append('inv-1', testing('H2'))).seq).toBe(2);
      });

      it('throws a CausaError when appending to an unknown investigation', async () => {
        await expect(store.append('inv-missing', testing('H1'))).rejects.toBeInstanceOf(CausaError);
      });
    });

    describe('steering', () => {
      it('takes queued commands oldest first, and a take empties the inbox', async () => {
        await store.create(record('inv-1'));
        await store.create(record('inv-2'));
        await store.pushSteering('inv-1', note('first'));
        await store.pushSteering('inv-1', { type: 'veto', hypothesisId: 'H2', by: 'U9', at: AT });
        await store.pushSteering('inv-1', note('third'));
        await store.pushSteering('inv-2', note('elsewhere'));
        expect(await store.takeSteering('inv-1')).toEqual([
          note('first'),
          { type: 'veto', hypothesisId: 'H2', by: 'U9', at: AT },
          note('third'),
        ]);
        expect(await store.takeSteering('inv-1')).toEqual([]);
        expect(await store.takeSteering('inv-2')).toEqual([note('elsewhere')]);
      });
    });

    describe('claims', () => {
      it('claims a key once until it expires', async () => {
        expect(await store.claim('slack:C42:1700000000.000100', 60_000)).toBe(true);
        expect(await store.claim('slack:C42:1700000000.000100', 60_000)).toBe(false);
        expect(await store.claim('slack:C42:1700000000.000200', 60_000)).toBe(true);
      });

      it('lets a key be claimed again after its TTL', async () => {
        if (harness.advanceTime) {
          expect(await store.claim('alert:fp', 1_000)).toBe(true);
          harness.advanceTime(999);
          expect(await store.claim('alert:fp', 1_000)).toBe(false);
          harness.advanceTime(2);
          expect(await store.claim('alert:fp', 1_000)).toBe(true);
        } else {
          expect(await store.claim('alert:fp', 100)).toBe(true);
          expect(await store.claim('alert:fp', 100)).toBe(false);
          await sleep(250);
          expect(await store.claim('alert:fp', 100)).toBe(true);
        }
      });

      it('gives a claim up on release, and releasing an unclaimed key is harmless', async () => {
        expect(await store.claim('alert:released', 60_000)).toBe(true);
        await store.releaseClaim('alert:released');
        expect(await store.claim('alert:released', 60_000)).toBe(true);
        expect(await store.claim('alert:released', 60_000)).toBe(false);
        await store.releaseClaim('alert:never-claimed');
      });

      it('grants a claim again to the owner that holds it, and to no one else', async () => {
        expect(await store.claim('request:replayed', 60_000, 'delivery-1')).toBe(true);
        expect(await store.claim('request:replayed', 60_000, 'delivery-1')).toBe(true);
        expect(await store.claim('request:replayed', 60_000, 'delivery-2')).toBe(false);
        expect(await store.claim('request:replayed', 60_000)).toBe(false);
        // An unowned claim is never anyone's, whatever the owner is called.
        expect(await store.claim('request:unowned', 60_000)).toBe(true);
        expect(await store.claim('request:unowned', 60_000, '1')).toBe(false);
        await store.releaseClaim('request:replayed');
        expect(await store.claim('request:replayed', 60_000, 'delivery-2')).toBe(true);
      });

      it('renews a lease for the owner that holds it: held past its first TTL, then free once it lapses', async () => {
        const [ttl, step] = harness.advanceTime ? [1_000, 600] : [300, 180];
        const wait = async (ms: number) => (harness.advanceTime ? harness.advanceTime(ms) : sleep(ms));
        expect(await store.claim('render:inv-1', ttl, 'process-a', { renew: true })).toBe(true);
        await wait(step);
        expect(await store.claim('render:inv-1', ttl, 'process-a', { renew: true })).toBe(true);
        await wait(step);
        // Past the first TTL, but renewed: still process-a's.
        expect(await store.claim('render:inv-1', ttl, 'process-b', { renew: true })).toBe(false);
        await wait(ttl + step);
        expect(await store.claim('render:inv-1', ttl, 'process-b', { renew: true })).toBe(true);
        expect(await store.claim('render:inv-1', ttl, 'process-a', { renew: true })).toBe(false);
      });
    });

    describe('threads', () => {
      it('finds the investigation bound to a thread', async () => {
        await store.bindThread(thread('1700000000.000100'), 'inv-1');
        await store.bindThread(thread('1700000000.000200'), 'inv-2');
        expect(await store.findByThread(thread('1700000000.000100'))).toBe('inv-1');
        expect(await store.findByThread(thread('1700000000.000200'))).toBe('inv-2');
        expect(await store.findByThread(thread('1700000000.000300'))).toBeUndefined();
        expect(await store.findByThread({ ...thread('1700000000.000100'), surface: 'teams' })).toBeUndefined();
      });
    });
  });
}
