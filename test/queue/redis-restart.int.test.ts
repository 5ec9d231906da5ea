import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../src/app/alert-from-case';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../src/telemetry/bundle';
import { buildWorkerScript, QueueTestBed, waitUntil } from './queue-harness';
import { freePort, PrivateRedis } from '../store/private-redis';

jest.setTimeout(180_000);

describe('a Redis restart in the middle of a run', () => {
  let dir: string;
  let scriptDir: string;
  let redisDir: string;
  let redis: PrivateRedis;
  let bed: QueueTestBed;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-queue-restart-'));
    scriptDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-queue-worker-'));
    redisDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-queue-redis-'));
    await writeScenario('kafka-consumer-lag', dir);
    redis = new PrivateRedis(await freePort(), redisDir);
    await redis.start();
    bed = new QueueTestBed(`redis://127.0.0.1:${redis.port}`, dir, await buildWorkerScript(scriptDir));
  });

  afterAll(async () => {
    await bed?.dispose();
    await redis?.stop();
    for (const folder of [dir, scriptDir, redisDir]) if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('loses no investigation and no post: workers and surfaces reconnect and every investigation finishes once', async () => {
    await bed.follow();
    const alert = alertFromCase(new BundleSource({ dir }).case);
    await bed.startWorker({ concurrency: 2, queryDelayMs: 40 });
    await bed.startWorker({ concurrency: 2, queryDelayMs: 40 });
    const ids = await bed.startMany(alert, 6);
    await waitUntil(async () => (await bed.store.events(ids[0])).some((event) => 'verdict' in event), 60_000, () => 'no verdict before the restart');

    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await redis.start();

    await waitUntil(async () => (await bed.statuses(ids)).every((status) => status === 'done'), 120_000, () => 'not every investigation finished');
    await waitUntil(() => ids.every((id) => bed.chat.posts.includes(`${id}:report`)), 20_000, () => 'not every report was rendered');
    expect(bed.chat.duplicates()).toEqual([]);
    for (const id of ids) {
      const journal = await bed.store.events(id);
      expect(journal.filter((event) => event.type === 'investigation-started')).toHaveLength(1);
      expect(journal.filter((event) => event.type === 'report-ready')).toHaveLength(1);
      expect((await bed.service.report(id))?.causalChain.at(-1)?.service).toBe('kafka-broker');
    }
  });
});
