import { Writable } from 'node:stream';
import { CausaError } from '../../src/core/errors';
import { createLogger } from '../../src/observability/logger';
import { currentClaimOwner, IntakeReplay } from '../../src/surfaces/intake-replay';

const outage = () => new CausaError('store_unavailable', 'Redis claim failed: connect ECONNREFUSED', { isRetryable: true });

function replayWith(logs: string[], options: Partial<ConstructorParameters<typeof IntakeReplay>[0]> = {}) {
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }) });
  return new IntakeReplay({ logger, firstDelayMs: 10, maxDelayMs: 20, maxAgeMs: 2_000, ...options });
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('IntakeReplay', () => {
  it('replays a request that met a store outage until the store answers, as the same claim owner', async () => {
    const logs: string[] = [];
    const replay = replayWith(logs);
    const owners: Array<string | undefined> = [];
    let failures = 3;
    await replay.run('slack message Ev1', async () => {
      owners.push(currentClaimOwner());
      if (failures-- > 0) throw outage();
    });
    expect(replay.size).toBe(1);
    await until(() => owners.length === 4);
    await until(() => replay.size === 0);
    expect(new Set(owners).size).toBe(1);
    expect(owners[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.join('')).toContain('replayed');
  });

  it('gives every delivery an owner of its own', async () => {
    const replay = replayWith([]);
    const owners: Array<string | undefined> = [];
    await replay.run('a', async () => void owners.push(currentClaimOwner()));
    await replay.run('b', async () => void owners.push(currentClaimOwner()));
    expect(owners[0]).not.toBe(owners[1]);
    expect(currentClaimOwner()).toBeUndefined();
  });

  it('throws any other failure to the caller, keeping nothing', async () => {
    const replay = replayWith([]);
    await expect(replay.run('a', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(replay.size).toBe(0);
  });

  it('gives a request up after its maximum age and says so where it came from', async () => {
    const logs: string[] = [];
    const replay = replayWith(logs, { maxAgeMs: 100 });
    const told: string[] = [];
    let attempts = 0;
    await replay.run('slack message Ev2', async () => { attempts++; throw outage(); }, async (reason) => void told.push(reason));
    await until(() => told.length === 1);
    expect(told[0]).toMatch(/store \(Redis\) could not be reached.*Post it again/);
    expect(attempts).toBeGreaterThan(2);
    expect(replay.size).toBe(0);
    expect(logs.join('')).toContain('given up');
  });

  it('keeps at most its capacity; beyond it a request is given up at once', async () => {
    const replay = replayWith([], { capacity: 2, firstDelayMs: 10_000 });
    const told: string[] = [];
    for (const label of ['a', 'b', 'c']) await replay.run(label, async () => { throw outage(); }, async () => void told.push(label));
    expect(replay.size).toBe(2);
    expect(told).toEqual(['c']);
    await replay.stop();
    expect(told).toEqual(['c', 'a', 'b']);
    expect(replay.size).toBe(0);
  });

  it('a failure other than an outage on replay is reported, not retried', async () => {
    const replay = replayWith([]);
    const told: string[] = [];
    let attempts = 0;
    await replay.run('a', async () => {
      attempts++;
      throw attempts === 1 ? outage() : new Error('bad input');
    }, async (reason) => void told.push(reason));
    await until(() => told.length === 1);
    expect(attempts).toBe(2);
  });
});
