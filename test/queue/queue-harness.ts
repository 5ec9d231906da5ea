import { spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { InvestigationService } from '../../src/app/investigation-service';
import type { Alert } from '../../src/core/alerts/alert-schema';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import type { InvestigationEvent } from '../../src/core/investigation/investigation-events';
import type { EventDelivery } from '../../src/app/investigation-service-types';
import { createLogger } from '../../src/observability/logger';
import { BullmqInvestigationQueue } from '../../src/queue/bullmq-investigation-queue';
import { RedisInvestigationFeed } from '../../src/queue/redis-investigation-feed';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { createRedisClient } from '../../src/store/redis/redis-client';
import { RedisInvestigationStore } from '../../src/store/redis/redis-investigation-store';
import { BundleSource } from '../../src/telemetry/bundle';

const WORKER = join(__dirname, 'worker-process.ts');

/**
 * The worker script compiled into one file (esbuild, dependencies left to node_modules): a child
 * process starts in a moment instead of compiling every source file on require.
 */
export async function buildWorkerScript(outdir: string): Promise<string> {
  const outfile = join(outdir, 'worker-process.js');
  await build({ entryPoints: [WORKER], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'silent', nodePaths: [join(__dirname, '..', '..', 'node_modules')] });
  return outfile;
}

/** A chat surface that records what it would post, keyed by purpose, to count duplicates. */
export class RecordingChat {
  readonly posts: string[] = [];

  readonly listener = async (event: InvestigationEvent, id: string, delivery?: EventDelivery): Promise<void> => {
    // Drawn already (by another replica, or before a restart): a chat surface posts nothing for it.
    if (delivery?.replay) return;
    if (event.type === 'investigation-started') this.posts.push(`${id}:status`);
    if (event.type === 'hypothesis-proposed') this.posts.push(`${id}:hypothesis:${event.hypothesis.id}`);
    if (event.type === 'report-ready') this.posts.push(`${id}:report`);
    if (event.type === 'investigation-failed') this.posts.push(`${id}:failed`);
  };

  duplicates(): string[] {
    return this.posts.filter((post, index) => this.posts.indexOf(post) !== index);
  }
}

/** A worker child process and its output. */
export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The surface side of a queue test: a service that enqueues and renders, and worker processes. */
export class QueueTestBed {
  readonly keyPrefix = `causa-test:${randomUUID()}:`;
  readonly queuePrefix = `causa-test-queue-${randomUUID()}`;
  readonly chat = new RecordingChat();
  readonly redis;
  readonly store;
  readonly queue;
  readonly feed;
  readonly service;
  /** A second surface process following the same investigations (a replica): it shares `chat`. */
  readonly replica;
  private readonly workers: WorkerProcess[] = [];
  private stopFollowing?: () => Promise<void>;

  constructor(
    readonly redisUrl: string,
    readonly bundleDir: string,
    private readonly workerScript: string,
  ) {
    this.redis = createRedisClient(redisUrl, { maxRetriesPerRequest: 20 });
    this.store = new RedisInvestigationStore({ redis: this.redis, keyPrefix: this.keyPrefix });
    this.queue = new BullmqInvestigationQueue({ url: redisUrl, prefix: this.queuePrefix, lockDurationMs: 2_000, stalledIntervalMs: 1_000, maxAttempts: 10, onError: () => undefined });
    this.feed = new RedisInvestigationFeed({ url: redisUrl, prefix: this.queuePrefix, onError: () => undefined });
    const surfaceService = () =>
      new InvestigationService({
        store: this.store,
        source: new BundleSource({ dir: bundleDir }),
        reasoner: new OfflineReasoner(),
        budget: BudgetSchema.parse({}),
        thresholds: ThresholdsSchema.parse({}),
        logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) }),
        refireWindowMs: 0,
        queue: this.queue,
        feed: this.feed,
      });
    this.service = surfaceService();
    this.replica = surfaceService();
    // The threads are on the `test` surface: each is drawn by one of the two processes at a time.
    this.service.subscribe(this.chat.listener, { surface: 'test' });
    this.replica.subscribe(this.chat.listener, { surface: 'test' });
  }

  async follow(): Promise<void> {
    const stops = [await this.service.follow(), await this.replica.follow()];
    this.stopFollowing = async () => {
      for (const stop of stops) await stop();
    };
  }

  /** Starts a worker process; resolves once it takes jobs. */
  async startWorker(options: { concurrency: number; queryDelayMs: number; maxQueries?: number }): Promise<WorkerProcess> {
    const settings = { redisUrl: this.redisUrl, keyPrefix: this.keyPrefix, queuePrefix: this.queuePrefix, bundleDir: this.bundleDir, ...options };
    const child = spawn(process.execPath, [this.workerScript], { cwd: join(__dirname, '..', '..'),  env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', 'node_modules'), CAUSA_TEST_WORKER: JSON.stringify(settings) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const worker = { child, output: () => output, exited };
    this.workers.push(worker);
    await waitUntil(() => output.includes('worker ready'), 30_000, () => `worker did not start: ${output}`);
    return worker;
  }

  /** Starts `count` investigations of distinct alerts (variants of `alert`). */
  async startMany(alert: Alert, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const result = await this.service.start({ alert: { ...alert, fingerprint: `${alert.fingerprint}-${i}` }, thread: { surface: 'test', channel: 'C1', threadId: `t${i}` }, requestedBy: 'bot' });
      if (!result.started) throw new Error(`investigation ${i} did not start: ${result.reason}`);
      ids.push(result.investigationId);
    }
    return ids;
  }

  async statuses(ids: readonly string[]): Promise<string[]> {
    return Promise.all(ids.map(async (id) => (await this.store.get(id))?.status ?? 'missing'));
  }

  async dispose(): Promise<void> {
    for (const worker of this.workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await this.stopFollowing?.();
    await this.queue.close().catch(() => undefined);
    await this.feed.close().catch(() => undefined);
    this.redis.disconnect();
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string = () => 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
