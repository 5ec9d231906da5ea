import { ChatOutbox } from '../../../src/surfaces/posting/chat-outbox';
import { MemoryInvestigationStore } from '../../../src/store/memory/memory-investigation-store';

describe('the chat outbox: one message per (investigation, purpose)', () => {
  it('posts a purpose once, whichever outbox (process) asks, and returns the first message', async () => {
    const store = new MemoryInvestigationStore();
    let posts = 0;
    const post = async () => `ts-${(posts += 1)}`;
    const first = await new ChatOutbox(store, 'slack', 'inv-1').send('status', post);
    const again = await new ChatOutbox(store, 'slack', 'inv-1').send('status', post);
    expect(first).toEqual({ id: 'ts-1', existing: false });
    expect(again).toEqual({ id: 'ts-1', existing: true });
    expect(posts).toBe(1);
    expect(await new ChatOutbox(store, 'slack', 'inv-2').send('status', post)).toEqual({ id: 'ts-2', existing: false });
    expect(await new ChatOutbox(store, 'teams', 'inv-1').find('status')).toBeUndefined();
  });

  it('records nothing for a post skipped in a storm, so a later draw may post it', async () => {
    const store = new MemoryInvestigationStore();
    const outbox = new ChatOutbox(store, 'slack', 'inv-1');
    expect(await outbox.send('finding:F1', async () => undefined)).toEqual({ id: undefined, existing: false });
    expect(await outbox.send('finding:F1', async () => 'ts-9')).toEqual({ id: 'ts-9', existing: false });
  });

  it('finds in the chat a post whose process stopped before recording it, instead of posting again', async () => {
    const store = new MemoryInvestigationStore();
    const chat = new Map<string, string>();
    const lookup = async (purpose: string) => chat.get(purpose);
    const crashing = new ChatOutbox(store, 'slack', 'inv-1', lookup);
    // The post reaches the chat, then the process dies before the outbox records its ts.
    await expect(
      crashing.send('report:v1', async () => {
        chat.set('report:v1', 'ts-rca');
        throw new Error('process killed');
      }),
    ).rejects.toThrow('process killed');
    let posted = 0;
    const next = await new ChatOutbox(store, 'slack', 'inv-1', lookup).send('report:v1', async () => `ts-${(posted += 1)}`);
    expect(next).toEqual({ id: 'ts-rca', existing: true });
    expect(posted).toBe(0);
  });

  it('posts when the chat does not hold the pending post after all (the attempt failed before it)', async () => {
    const store = new MemoryInvestigationStore();
    const lookup = async () => undefined;
    await expect(new ChatOutbox(store, 'slack', 'inv-1', lookup).send('status', async () => Promise.reject(new Error('Slack down')))).rejects.toThrow('Slack down');
    expect(await new ChatOutbox(store, 'slack', 'inv-1', lookup).send('status', async () => 'ts-1')).toEqual({ id: 'ts-1', existing: false });
  });
});

describe('the chat outbox and the chat lookup', () => {
  it('does not look in the chat for a post that was skipped in a storm', async () => {
    const store = new MemoryInvestigationStore();
    let lookups = 0;
    const lookup = async () => {
      lookups += 1;
      return undefined;
    };
    const outbox = new ChatOutbox(store, 'slack', 'inv-1', lookup);
    await outbox.send('finding:F1', async () => undefined);
    expect(await outbox.send('finding:F1', async () => 'ts-1')).toEqual({ id: 'ts-1', existing: false });
    expect(lookups).toBe(0);
  });
});
