import { MemoryInvestigationStore } from '../../src/store/memory/memory-investigation-store';
import { runInvestigationStoreContract } from '../contract/investigation-store-contract';

runInvestigationStoreContract('memory (fake clock)', async () => {
  let now = Date.parse('2024-05-01T10:00:00.000Z');
  return {
    store: new MemoryInvestigationStore({ now: () => now }),
    advanceTime: (ms: number) => {
      now += ms;
    },
  };
});

runInvestigationStoreContract('memory (real clock)', async () => ({ store: new MemoryInvestigationStore() }));

describe('MemoryInvestigationStore clock', () => {
  it('stamps events and updates with the injected clock', async () => {
    let now = Date.parse('2024-05-01T10:00:00.000Z');
    const store = new MemoryInvestigationStore({ now: () => now });
    await store.create({
      id: 'inv-1',
      status: 'queued',
      alert: {
        source: 'generic',
        status: 'firing',
        title: 'Checkout latency high',
        text: 'p99 latency above 2s',
        firedAt: '2024-05-01T09:59:00.000Z',
        labels: {},
        symptom: { signal: 'latency' },
        fingerprint: 'checkout-latency',
      },
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-01T10:00:00.000Z',
    });
    now += 1_500;
    expect((await store.append('inv-1', { type: 'hypothesis-testing', hypothesisId: 'H1' })).at).toBe('2024-05-01T10:00:01.500Z');
    now += 500;
    expect((await store.update('inv-1', { status: 'running' })).updatedAt).toBe('2024-05-01T10:00:02.000Z');
  });
});
