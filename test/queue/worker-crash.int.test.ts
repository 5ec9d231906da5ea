import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../src/app/alert-from-case';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../src/telemetry/bundle';
import { cleanUp, connect, REDIS_URL, requireRedis } from '../store/redis-test-support';
import { buildWorkerScript, QueueTestBed, waitUntil } from './queue-harness';

jest.setTimeout(180_000);

describe('workers on the Redis queue (separate processes)', () => {
  let dir: string;
  let bed: QueueTestBed;
  let script: string;
  let scriptDir: string;

  beforeAll(async () => {
    await requireRedis();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-queue-kafka-'));
    await writeScenario('kafka-consumer-lag', dir);
    scriptDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-queue-worker-'));
    script = await buildWorkerScript(scriptDir);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(scriptDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    bed = new QueueTestBed(REDIS_URL, dir, script);
  });

  afterEach(async () => {
    await bed.dispose();
    await cleanUp(bed.keyPrefix, [connect()]);
    await cleanUp(`${bed.queuePrefix}:`, [connect()]);
  });

  it('a worker killed with SIGKILL mid-investigation: another resumes it, the investigation completes once, no post lost or repeated', async () => {
    await bed.follow();
    const alert = alertFromCase(new BundleSource({ dir }).case);
    const first = await bed.startWorker({ concurrency: 2, queryDelayMs: 150 });
    const [id] = await bed.startMany(alert, 1);
    await waitUntil(async () => (await bed.store.events(id)).some((event) => event.type.startsWith('hypothesis-') && 'verdict' in event), 60_000, () => `no verdict: ${first.output()}`);
    first.child.kill('SIGKILL');
    await first.exited;
    const before = await bed.store.events(id);
    expect(before.some((event) => event.type === 'report-ready')).toBe(false);

    const second = await bed.startWorker({ concurrency: 2, queryDelayMs: 0 });
    await waitUntil(async () => (await bed.store.get(id))?.status === 'done', 90_000, () => `not done: ${second.output()}`);
    await waitUntil(() => bed.chat.posts.includes(`${id}:report`), 10_000, () => 'the report was not rendered');

    expect(second.output()).toContain('investigation resumed from its journal');
    const journal = await bed.store.events(id);
    expect(journal.filter((event) => event.type === 'investigation-started')).toHaveLength(1);
    expect(journal.filter((event) => event.type === 'report-ready')).toHaveLength(1);
    // What was journaled before the crash is kept as it was; the resumed run only adds to it.
    expect(journal.slice(0, before.length)).toEqual(before);
    const proposed = journal.flatMap((event) => (event.type === 'hypothesis-proposed' ? [event.hypothesis.id] : []));
    expect(new Set(proposed).size).toBe(proposed.length);
    expect(bed.chat.duplicates()).toEqual([]);
    expect(bed.chat.posts.filter((post) => post.startsWith(`${id}:hypothesis:`)).sort()).toEqual(proposed.map((h) => `${id}:hypothesis:${h}`).sort());
    const report = await bed.service.report(id);
    expect(report?.causalChain.at(-1)?.service).toBe('kafka-broker');
    expect(report?.hypotheses.map((h) => h.id).sort()).toEqual([...proposed].sort());
  });

  it('200 investigations across 2 worker processes: every one finishes once, none lost', async () => {
    await bed.follow();
    const alert = alertFromCase(new BundleSource({ dir }).case);
    await bed.startWorker({ concurrency: 4, queryDelayMs: 0, maxQueries: 6 });
    await bed.startWorker({ concurrency: 4, queryDelayMs: 0, maxQueries: 6 });
    const ids = await bed.startMany(alert, 200);
    await waitUntil(async () => (await bed.statuses(ids)).every((status) => status === 'done'), 150_000, () => 'not every investigation finished');
    await waitUntil(() => ids.every((id) => bed.chat.posts.includes(`${id}:report`)), 20_000, () => 'not every report was rendered');
    expect(bed.chat.duplicates()).toEqual([]);
    for (const id of ids) {
      const journal = await bed.store.events(id);
      expect(journal.filter((event) => event.type === 'report-ready')).toHaveLength(1);
    }
    expect((await bed.queue.depth())).toMatchObject({ waiting: 0, running: 0 });
  });
});
