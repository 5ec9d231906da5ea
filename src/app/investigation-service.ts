import { randomUUID } from 'node:crypto';
import { InputError } from '../core/errors';
import type { NewInvestigationEvent } from '../core/investigation/investigation-events';
import type { SteeringCommand } from '../core/investigation/steering-schema';
import type { InvestigationQueue, JobConsumer, QueueDepth } from '../core/ports/investigation-queue';
import { ReportSchema, type Report } from '../core/report/report-schema';
import { MemoryInvestigationQueue } from '../queue/memory-investigation-queue';
import { EventLogFollower } from './event-log-follower';
import { InvestigationRunner, type RunningInvestigation } from './investigation-runner';
import { investigationOfFingerprint, rememberFingerprint } from './alert-fingerprint-index';
import { decisionsToCarry } from '../core/investigation/carried-decisions';
import type { FollowUpJob } from '../core/ports/follow-up-scheduler';
import type {
  AlertResolutionRequest,
  AlertResolutionResult,
  InvestigationListener,
  InvestigationServiceOptions,
  StartInvestigationRequest,
  StartInvestigationResult,
} from './investigation-service-types';

export type * from './investigation-service-types';

const DAY_MS = 24 * 60 * 60_000;
/** Investigations run at once by a service that owns its in-process queue (no queue given). */
const IN_PROCESS_CONCURRENCY = 16;
/** How often a following process reads the open logs again, in case a notification was lost. */
const FOLLOW_SWEEP_MS = 3_000;

export type { RunningInvestigation } from './investigation-runner';

/** The queue as `/causa status` shows it. */
export interface QueueStatus {
  depth: QueueDepth;
  /** The investigations being run by any worker (bounded), with their titles. */
  running: RunningInvestigation[];
}

/**
 * The chat-independent application service every surface uses: deduplicates alerts, creates the
 * investigation record and enqueues it (a human's request before automatic ones), queues human
 * steering, and hands every event of the audit log to subscribers in log order. Workers (`work`)
 * take jobs from the queue and run them through the InvestigationRunner, the one error boundary
 * of an investigation. Without a queue in its options the service owns an in-process queue and
 * works it itself (one process: CLI, tests, the memory store).
 */
export class InvestigationService {
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly listeners: InvestigationListener[] = [];
  /** fingerprint → the investigation of its last start, to tell duplicates from re-fires. */
  private readonly byFingerprint = new Map<string, { investigationId: string; firedAt: string }>();
  private readonly queue: InvestigationQueue;
  private readonly follower: EventLogFollower;
  /** Chat surfaces drawn by this process: their renderers and the follower that feeds them. */
  private readonly renderers = new Map<string, { listeners: InvestigationListener[]; follower: EventLogFollower }>();
  private readonly renderOwner: string;
  private readonly runner: InvestigationRunner;
  private readonly consumers = new Set<JobConsumer>();
  /** Follow-up looks running in this process (their timers fire here). */
  private readonly followUps = new Set<Promise<void>>();

  constructor(private readonly options: InvestigationServiceOptions) {
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? (() => `inv-${randomUUID().slice(0, 8)}`);
    this.follower = new EventLogFollower(options.store, () => this.listeners, options.logger);
    this.renderOwner = randomUUID();
    this.runner = new InvestigationRunner(options, { appended: (id) => this.appended(id) });
    this.queue = options.queue ?? new MemoryInvestigationQueue({ onGiveUp: (job, error) => this.gaveUp(job.investigationId, error) });
    if (!options.queue) this.work({ concurrency: options.workerConcurrency ?? IN_PROCESS_CONCURRENCY });
    options.followUps?.scheduler.onDue((job) => this.followUp(job));
  }

  /**
   * Makes this process a worker: takes up to `concurrency` jobs at once from the queue and runs
   * them. `close` the returned consumer to drain (see `JobConsumer.close`).
   */
  work(options: { concurrency: number; onTaken?: (waitedMs: number) => void }): JobConsumer {
    const consumer = this.queue.consume((job, context) => {
      // How long the job waited for a worker (its first start only: a retry's wait is not queueing).
      if (context.previousAttempts === 0 && context.enqueuedAt !== undefined) options.onTaken?.(Math.max(0, (this.options.clock ?? Date.now)() - context.enqueuedAt));
      return this.runner.run(job.investigationId, context);
    }, options);
    this.consumers.add(consumer);
    const close = consumer.close.bind(consumer);
    return Object.assign(consumer, {
      close: async (closeOptions: { graceMs: number }) => {
        await close(closeOptions);
        this.consumers.delete(consumer);
      },
    });
  }

  /**
   * Renders investigations that other processes run: each notification of the feed hands the
   * new events of that investigation's log to the subscribers. Resolves with a function that stops.
   */
  async follow(): Promise<() => Promise<void>> {
    const feed = this.options.feed;
    if (!feed) return async () => undefined;
    const unsubscribe = await feed.subscribe((id) => {
      const warn = (error: unknown) => this.options.logger.warn({ err: error, investigationId: id }, 'the events of an investigation could not be read');
      for (const follower of this.followers()) follower.nudge(id, warn);
    });
    // Pub/sub may lose a notification (Redis restarting), and a process drawing a thread may stop:
    // open logs are read again now and then.
    const sweeper = setInterval(() => {
      for (const follower of this.followers()) follower.sweep();
    }, FOLLOW_SWEEP_MS);
    sweeper.unref();
    return async () => {
      clearInterval(sweeper);
      await unsubscribe();
      // Deliveries already under way end before the caller closes the store under them.
      for (const follower of this.followers()) await follower.settled();
    };
  }

  /**
   * Starts investigating `alert` unless the same request, the same alert or a re-fire of it (within
   * the re-fire window) already started one. Resolves once the investigation is recorded and its
   * thread bound; the investigation itself runs in the background (see `whenIdle`).
   */
  async start(request: StartInvestigationRequest): Promise<StartInvestigationResult> {
    const { store } = this.options;
    const { alert } = request;
    const known = this.byFingerprint.get(alert.fingerprint);
    if (request.dedupeKey && !(await store.claim(`request:${request.dedupeKey}`, this.options.dedupeTtlMs ?? DAY_MS, request.claimOwner))) {
      return { started: false, reason: 'duplicate', investigationId: known?.investigationId };
    }
    if (this.options.refireWindowMs > 0 && !(await store.claim(`alert:${alert.fingerprint}`, this.options.refireWindowMs, request.claimOwner))) {
      const reason = known && known.firedAt !== alert.firedAt ? 'refire-window' : 'duplicate';
      return { started: false, reason, investigationId: known?.investigationId };
    }

    try {
      return await this.record(request);
    } catch (error) {
      // Nothing was started: a retry of the same request (Slack retries a non-2xx answer) must be
      // able to start it, so the claims taken above are given back.
      if (request.dedupeKey) await store.releaseClaim(`request:${request.dedupeKey}`).catch(() => undefined);
      if (this.options.refireWindowMs > 0) await store.releaseClaim(`alert:${alert.fingerprint}`).catch(() => undefined);
      throw error;
    }
  }

  /** Creates, binds and enqueues the investigation of a request whose claims are taken. */
  private async record(request: StartInvestigationRequest): Promise<StartInvestigationResult> {
    const { store } = this.options;
    const { alert } = request;
    const id = this.newId();
    const now = new Date(this.clock()).toISOString();
    await store.create({ id, status: 'queued', alert, createdAt: now, updatedAt: now, thread: request.thread });
    await store.bindThread(request.thread, id);
    await rememberFingerprint(store, alert.fingerprint, id);
    this.byFingerprint.set(alert.fingerprint, { investigationId: id, firedAt: alert.firedAt });
    const logger = this.options.logger.child({ investigationId: id });
    logger.info({ fingerprint: alert.fingerprint, requestedBy: request.requestedBy, thread: request.thread }, 'investigation started');

    const { ahead, waits } = await this.queue.enqueue({ investigationId: id, priority: request.priority ?? 'automatic' });
    if (waits) {
      logger.info({ ahead }, 'investigation queued');
      await this.options.store.append(id, { type: 'investigation-queued', ahead });
      await this.appended(id);
    }
    return { started: true, investigationId: id };
  }

  /**
   * Queues a human decision for a running investigation; the loop applies it before its next
   * step. Resolves false when the investigation has already finished (nothing is queued).
   * Throws an InputError for an unknown investigation id.
   */
  async steer(investigationId: string, command: SteeringCommand): Promise<boolean> {
    const record = await this.options.store.get(investigationId);
    if (!record) throw new InputError(`investigation ${investigationId} does not exist — steer only investigations this Causa started`);
    if (record.status === 'failed') return false;
    if (record.status === 'done') {
      if (!(await this.followUpPending(investigationId))) return false;
      if (command.type === 'stop') return this.cancelFollowUps(investigationId, command.by);
    }
    await this.options.store.pushSteering(investigationId, command);
    this.options.logger.info({ investigationId, steering: command.type, by: command.by }, 'steering queued');
    return true;
  }

  /**
   * Records that the alert of an investigation resolved: an `alert-resolved` event in its audit
   * log (surfaces show it; the report's timeline lists it). A running investigation goes on: the
   * cause of an alert that stopped firing still matters. The investigation is the one the
   * request names, else the last one the alert's fingerprint started.
   */
  async recordResolution(request: AlertResolutionRequest): Promise<AlertResolutionResult> {
    const { store } = this.options;
    const { alert } = request;
    const investigationId =
      request.investigationId ?? (await investigationOfFingerprint(store, alert.fingerprint)) ?? this.byFingerprint.get(alert.fingerprint)?.investigationId;
    const record = investigationId ? await store.get(investigationId) : undefined;
    if (!investigationId || !record) return { recorded: false, reason: 'no-investigation' };
    if (request.dedupeKey && !(await store.claim(`resolution:${request.dedupeKey}`, this.options.dedupeTtlMs ?? DAY_MS))) {
      return { recorded: false, reason: 'duplicate', investigationId };
    }
    const running = record.status === 'queued' || record.status === 'running';
    const event: NewInvestigationEvent = {
      type: 'alert-resolved',
      fingerprint: alert.fingerprint,
      resolvedAt: alert.resolvedAt ?? new Date(this.clock()).toISOString(),
      title: alert.title,
      by: request.requestedBy,
      running,
    };
    const logger = this.options.logger.child({ investigationId });
    await store.append(investigationId, event);
    await this.appended(investigationId);
    logger.info({ fingerprint: alert.fingerprint, resolvedAt: event.resolvedAt, running }, 'alert resolved');
    return { recorded: true, investigationId, running };
  }

  /**
   * Adds a listener for every event of every investigation; returns a function that removes it.
   * A chat surface's renderer names its `surface`: it then gets only that surface's investigations,
   * each drawn by one process of the fleet at a time and never twice (see EventLogFollower).
   */
  subscribe(listener: InvestigationListener, options: { surface?: string } = {}): () => Promise<void> {
    const renderer = options.surface === undefined ? undefined : this.rendererOf(options.surface);
    const listeners = renderer?.listeners ?? this.listeners;
    listeners.push(listener);
    return async () => {
      const index = listeners.indexOf(listener);
      if (index >= 0) listeners.splice(index, 1);
      // The surface's last renderer stopped: another process may draw its threads at once.
      if (renderer && listeners.length === 0) await renderer.follower.release().catch(() => undefined);
    };
  }

  private rendererOf(surface: string): { listeners: InvestigationListener[]; follower: EventLogFollower } {
    const known = this.renderers.get(surface);
    if (known) return known;
    const listeners: InvestigationListener[] = [];
    const follower = new EventLogFollower(this.options.store, () => listeners, this.options.logger, { surface, owner: this.renderOwner, clock: this.options.clock });
    const entry = { listeners, follower };
    this.renderers.set(surface, entry);
    return entry;
  }

  /** The chat surfaces' followers first: the other listeners see an event once its thread shows it. */
  private followers(): EventLogFollower[] {
    return [...[...this.renderers.values()].map((renderer) => renderer.follower), this.follower];
  }

  private async deliver(investigationId: string): Promise<void> {
    let failure: unknown;
    for (const follower of this.followers()) await follower.deliver(investigationId).catch((error: unknown) => (failure ??= error));
    if (failure !== undefined) throw failure;
  }

  /** Resolves when every investigation started so far (and any they led to) has finished (in-process queue). */
  async whenIdle(): Promise<void> {
    do {
      for (const consumer of this.consumers) await consumer.idle();
      await Promise.allSettled([...this.followUps]);
    } while (this.followUps.size > 0);
  }

  /** The investigations running in this process, oldest first. */
  runningInvestigations(): RunningInvestigation[] {
    return this.runner.runningInvestigations();
  }

  /** The queue across every worker: depth and what is running. */
  async queueStatus(): Promise<QueueStatus> {
    const depth = await this.queue.depth();
    const records = await Promise.all(depth.runningIds.map((id) => this.options.store.get(id)));
    const running = records.flatMap((record) => (record ? [{ id: record.id, title: record.alert.title, thread: record.thread, startedAt: record.createdAt }] : []));
    return { depth, running };
  }

  /** The final report of a finished investigation; undefined while it runs or when it failed. */
  async report(investigationId: string): Promise<Report | undefined> {
    const record = await this.options.store.get(investigationId);
    const parsed = ReportSchema.safeParse(record?.report);
    return parsed.success ? parsed.data : undefined;
  }

  /** The log of `investigationId` grew: this process's subscribers get the new events, other processes are told. */
  private async appended(investigationId: string): Promise<void> {
    await this.options.feed?.publish(investigationId).catch((error: unknown) => this.options.logger.warn({ err: error, investigationId }, 'other processes could not be told of new events'));
    await this.deliver(investigationId);
  }

  /** Whether a follow-up of this finished investigation is still to come. */
  private async followUpPending(id: string): Promise<boolean> {
    if (!this.options.followUps) return false;
    const events = await this.options.store.events(id);
    const scheduled = events.filter((e) => e.type === 'follow-up-scheduled').length;
    const done = events.filter((e) => e.type === 'report-superseded' || e.type === 'follow-up-cancelled').length;
    return scheduled > done;
  }

  /** `stop` after the answer: the scheduled follow-ups are dropped (and said so in the thread). */
  private async cancelFollowUps(id: string, by: string): Promise<boolean> {
    await this.options.followUps?.scheduler.cancel(id);
    const logger = this.options.logger.child({ investigationId: id });
    await this.options.store.append(id, { type: 'follow-up-cancelled', by, reason: `${by} asked to stop` });
    await this.appended(id);
    logger.info({ by }, 'follow-ups cancelled');
    return true;
  }

  /** A due follow-up: the same investigation again, with the telemetry that arrived since. */
  private async followUp(job: FollowUpJob): Promise<void> {
    const { store } = this.options;
    const record = await store.get(job.investigationId);
    if (!record || record.status !== 'done' || !(await this.followUpPending(job.investigationId))) return;
    const events = await store.events(job.investigationId);
    const logger = this.options.logger.child({ investigationId: job.investigationId });
    logger.info({ version: job.version }, 'follow-up due');
    await store.append(job.investigationId, { type: 'report-superseded', version: job.version - 1, report: record.report });
    await this.appended(job.investigationId);
    const previous = ReportSchema.safeParse(record.report);
    const look = { version: job.version, carried: decisionsToCarry(events), previous: previous.success ? previous.data : undefined };
    const promise = this.runner.runFollowUp(record, look);
    this.followUps.add(promise);
    try {
      await promise;
    } finally {
      this.followUps.delete(promise);
    }
  }

  /** A job the in-process queue gave up on: its investigation is marked failed if it is not finished. */
  private gaveUp(investigationId: string, error: unknown): void {
    this.options.logger.error({ err: error, investigationId }, 'investigation job given up after its last attempt');
  }
}
