import { StoreProbe, STORE_PROBE_REUSE_MS, STORE_PROBE_TIMEOUT_MS } from '../../src/server/store-probe';

/** A store's PING under the test's control: each call is recorded and answered (or not) by the test. */
class FakePing {
  readonly calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
  readonly ping = () => new Promise<void>((resolve, reject) => this.calls.push({ resolve, reject }));

  answer(index = this.calls.length - 1): void {
    this.calls[index].resolve();
  }
}

describe('StoreProbe', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    jest.useFakeTimers();
    clock = 1_000_000;
  });
  afterEach(() => jest.useRealTimers());

  it('says the store answered when its PING does, and leaves no timer behind', async () => {
    const fake = new FakePing();
    const probe = new StoreProbe({ ping: fake.ping, now });
    const check = probe.check();
    fake.answer();
    await expect(check).resolves.toEqual({ ok: true });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up on a PING that is not answered after the bound, and leaves no timer behind', async () => {
    const fake = new FakePing();
    const probe = new StoreProbe({ ping: fake.ping, now });
    let result: unknown;
    void probe.check().then((answer) => (result = answer));
    await jest.advanceTimersByTimeAsync(STORE_PROBE_TIMEOUT_MS - 1);
    expect(result).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(result).toEqual({ ok: false, reason: `no answer within ${STORE_PROBE_TIMEOUT_MS} ms` });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('reports a failed PING with its reason, and one that throws at once without throwing', async () => {
    const fake = new FakePing();
    const failing = new StoreProbe({ ping: fake.ping, now });
    const check = failing.check();
    fake.calls[0].reject(new Error('Connection is closed.'));
    await expect(check).resolves.toEqual({ ok: false, reason: 'Connection is closed.' });

    const throwing = new StoreProbe({
      ping: () => {
        throw new Error('Stream isn\'t writeable and enableOfflineQueue options is false');
      },
      now,
    });
    await expect(throwing.check()).resolves.toEqual({ ok: false, reason: expect.stringContaining("isn't writeable") });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('lets concurrent checks share one PING', async () => {
    const fake = new FakePing();
    const probe = new StoreProbe({ ping: fake.ping, now });
    const checks = [probe.check(), probe.check(), probe.check()];
    expect(fake.calls).toHaveLength(1);
    fake.answer();
    await expect(Promise.all(checks)).resolves.toEqual([{ ok: true }, { ok: true }, { ok: true }]);
  });

  it('reuses an answer for a short while, then asks again', async () => {
    const fake = new FakePing();
    const probe = new StoreProbe({ ping: fake.ping, now });
    const first = probe.check();
    fake.answer();
    await first;
    clock += STORE_PROBE_REUSE_MS - 1;
    await expect(probe.check()).resolves.toEqual({ ok: true });
    expect(fake.calls).toHaveLength(1);

    clock += 1;
    const again = probe.check();
    expect(fake.calls).toHaveLength(2);
    fake.answer();
    await expect(again).resolves.toEqual({ ok: true });
  });

  it('does not reuse a failure: the next check asks again', async () => {
    const fake = new FakePing();
    const probe = new StoreProbe({ ping: fake.ping, now });
    const failed = probe.check();
    fake.calls[0].reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect((await failed).ok).toBe(false);
    const next = probe.check();
    expect(fake.calls).toHaveLength(2);
    fake.answer();
    await expect(next).resolves.toEqual({ ok: true });
  });

  it('waits again on the PING already sent while the store is silent, instead of sending another', async () => {
    const fake = new FakePing();
    const probe = new StoreProbe({ ping: fake.ping, now, timeoutMs: 100 });
    const first = probe.check();
    await jest.advanceTimersByTimeAsync(100);
    expect((await first).ok).toBe(false);

    const second = probe.check();
    await jest.advanceTimersByTimeAsync(100);
    expect((await second).ok).toBe(false);
    expect(fake.calls).toHaveLength(1);

    // The store answers again: the PING sent before is answered, and so is the check waiting on it.
    const third = probe.check();
    fake.answer(0);
    await expect(third).resolves.toEqual({ ok: true });
    expect(fake.calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
