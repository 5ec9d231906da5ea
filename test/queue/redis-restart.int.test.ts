import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../src/app/alert-from-case';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../src/telemetry/bundle';
import { buildWorkerScript, QueueTestBed, waitUntil } from './queue-harness';

jest.setTimeout(180_000);

const REDIS_SERVER = process.env.CAUSA_REDIS_SERVER ?? 'redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A private Redis (never the shared one) that persists every write, so a restart keeps them. */
class PrivateRedis {
  private child?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    await waitUntil(() => /Ready to accept connections/.test(output), 15_000, () => `redis-server did not start: ${output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

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
