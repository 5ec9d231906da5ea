import { Writable } from 'node:stream';
import { EventLogFollower } from '../../src/app/event-log-follower';
import type { EventDelivery } from '../../src/app/investigation-service-types';
import type { InvestigationEvent, NewInvestigationEvent } from '../../src/core/investigation/investigation-events';
import type { InvestigationRecord } from '../../src/core/ports/investigation-store';
import { createLogger } from '../../src/observability/logger';
import { MemoryInvestigationStore } from '../../src/store/memory/memory-investigation-store';
import { record as storeRecord } from '../contract/investigation-store-contract';

const AT = '2024-05-14T09:22:50.000Z';
const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function record(id: string, surface: string): InvestigationRecord {
  return { ...storeRecord(id), status: 'running', thread: { surface, channel: 'C1', threadId: '1715679770.000100' } };
}

const testing = (hypothesisId: string): NewInvestigationEvent => ({ type: 'hypothesis-testing', hypothesisId });

/** A surface process: a render follower and what its renderer was handed. */
function process(store: MemoryInvestigationStore, owner: string, clock: () => number) {
  const drawn: number[] = [];
  const replayed: number[] = [];
  const listener = async (event: InvestigationEvent, _id: string, delivery?: EventDelivery) => {
    (delivery?.replay ? replayed : drawn).push(event.seq);
  };
  const follower = new EventLogFollower(store, () => [listener], logger, { surface: 'slack', owner, leaseMs: 30_000, clock });
  return { follower, drawn, replayed };
}

describe('a chat surface followed by several processes (render lease and drawn cursor)', () => {
  let now = Date.parse(AT);
  const clock = () => now;
  let store: MemoryInvestigationStore;

  beforeEach(async () => {
    now = Date.parse(AT);
    store = new MemoryInvestigationStore({ now: clock });
    await store.create(record('inv-1', 'slack'));
  });

  it('draws each event in one process only, while the other leaves it alone', async () => {
    const a = process(store, 'a', clock);
    const b = process(store, 'b', clock);
    for (const id of ['H1', 'H2', 'H3']) {
      await store.append('inv-1', testing(id));
      await a.follower.deliver('inv-1');
      await b.follower.deliver('inv-1');
    }
    expect(a.drawn).toEqual([1, 2, 3]);
    expect(b.drawn).toEqual([]);
    expect(b.replayed).toEqual([]);
  });

  it('hands a thread over when its process stops: the next replays what was drawn and draws the rest', async () => {
    const a = process(store, 'a', clock);
    await store.append('inv-1', testing('H1'));
    await store.append('inv-1', testing('H2'));
    await a.follower.deliver('inv-1');
    await a.follower.release();

    const b = process(store, 'b', clock);
    await store.append('inv-1', testing('H3'));
    await b.follower.deliver('inv-1');
    expect(b.replayed).toEqual([1, 2]);
    expect(b.drawn).toEqual([3]);
  });

  it('takes over from a process that died once its lease lapsed, not before', async () => {
    const a = process(store, 'a', clock);
    await store.append('inv-1', testing('H1'));
    await a.follower.deliver('inv-1');
    // Process a dies without releasing anything.
    const b = process(store, 'b', clock);
    await store.append('inv-1', testing('H2'));
    await b.follower.deliver('inv-1');
    expect(b.drawn).toEqual([]);
    now += 31_000;
    b.follower.sweep();
    await b.follower.settled();
    expect(b.replayed).toEqual([1]);
    expect(b.drawn).toEqual([2]);
  });

  it('a restarted process (same store, new memory) posts nothing again', async () => {
    const first = process(store, 'a', clock);
    await store.append('inv-1', testing('H1'));
    await first.follower.deliver('inv-1');
    await first.follower.release();
    const restarted = process(store, 'a2', clock);
    await restarted.follower.deliver('inv-1');
    expect(restarted.drawn).toEqual([]);
    expect(restarted.replayed).toEqual([1]);
  });

  it('a process that got its lease back after another drew replays what the other drew', async () => {
    const a = process(store, 'a', clock);
    const b = process(store, 'b', clock);
    await store.append('inv-1', testing('H1'));
    await a.follower.deliver('inv-1');
    now += 31_000;
    await store.append('inv-1', testing('H2'));
    await b.follower.deliver('inv-1');
    now += 31_000;
    await store.append('inv-1', testing('H3'));
    await a.follower.deliver('inv-1');
    expect(a.drawn).toEqual([1, 3]);
    expect(a.replayed).toEqual([2]);
    expect(b.drawn).toEqual([2]);
  });

  it('leaves investigations of other surfaces alone', async () => {
    await store.create(record('inv-2', 'teams'));
    await store.append('inv-2', testing('H1'));
    const a = process(store, 'a', clock);
    await a.follower.deliver('inv-2');
    expect([...a.drawn, ...a.replayed]).toEqual([]);
  });
});
