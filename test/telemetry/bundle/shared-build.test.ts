import { SharedBuild } from '../../../src/telemetry/bundle/shared-build';

/** A build that finishes when told to, and says whether it was stopped. */
function controllable() {
  const builds: Array<{ signal: AbortSignal; finish: (value: string) => void }> = [];
  const shared = new SharedBuild('/bundle/logs.jsonl', (signal) => new Promise<string>((resolve, reject) => {
    builds.push({ signal, finish: resolve });
    signal.addEventListener('abort', () => reject(new Error('stopped')));
  }));
  return { shared, builds };
}

describe('SharedBuild', () => {
  it('keeps building for the callers still waiting when one gives up', async () => {
    const { shared, builds } = controllable();
    const impatient = new AbortController();
    const first = shared.get(impatient.signal);
    const second = shared.get(new AbortController().signal);
    impatient.abort();
    await expect(first).rejects.toThrow(/logs\.jsonl: not read in time: the investigation reached its deadline/);
    expect(builds).toHaveLength(1);
    expect(builds[0].signal.aborted).toBe(false);
    builds[0].finish('index');
    await expect(second).resolves.toBe('index');
  });

  it('stops the build when every caller gave up, and starts again for the next one', async () => {
    const { shared, builds } = controllable();
    const deadline = new AbortController();
    const first = shared.get(deadline.signal);
    deadline.abort();
    await expect(first).rejects.toThrow(/not read in time/);
    expect(builds[0].signal.aborted).toBe(true);
    const again = shared.get();
    expect(builds).toHaveLength(2);
    builds[1].finish('index');
    await expect(again).resolves.toBe('index');
  });

  it('never stops a build that a caller without a deadline waits for', async () => {
    const { shared, builds } = controllable();
    const patient = shared.get();
    const deadline = new AbortController();
    const hurried = shared.get(deadline.signal);
    deadline.abort();
    await expect(hurried).rejects.toThrow(/not read in time/);
    expect(builds[0].signal.aborted).toBe(false);
    builds[0].finish('index');
    await expect(patient).resolves.toBe('index');
    await expect(shared.get(new AbortController().signal)).resolves.toBe('index');
  });
});
