import { randomUUID } from 'node:crypto';
import { CausaError, errorMessage, InputError } from '../core/errors';
import type { InvestigationEvent, NewInvestigationEvent } from '../core/investigation/investigation-events';
import { Investigator } from '../core/investigation/investigator';
import type { SteeringCommand } from '../core/investigation/steering-schema';
import type { InvestigationRecord } from '../core/ports/investigation-store';
import { ReportSchema, type Report } from '../core/report/report-schema';
import type { Logger } from '../observability/logger';
import { investigationOfFingerprint, rememberFingerprint } from './alert-fingerprint-index';
import { decisionsToCarry, type CarriedDecision } from '../core/investigation/carried-decisions';
import { followUpOffsetsMs, followUpReason, followUpReplaces, followUpUpdateLine, snapshotOf, type FollowUpSettings } from '../core/follow-up/follow-up-policy';
import type { FollowUpJob } from '../core/ports/follow-up-scheduler';
import { planFollowUp } from './follow-up-planner';
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

/** An investigation this process is running, as `/causa status` lists it. */
export interface RunningInvestigation {
  id: string;
  title: string;
  thread: InvestigationRecord['thread'];
  startedAt: string;
}

/**
 * The chat-independent application service every surface uses: deduplicates alerts, creates the
 * investigation record, runs the Investigator in the background (journaling every event in the
 * store and handing it to subscribers), queues human steering, and is the one error boundary of
 * an investigation — a failure is recorded (`investigation-failed`, status `failed`) and logged
 * with the investigation id, never thrown into the process.
 */
export class InvestigationService {
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly listeners: InvestigationListener[] = [];
  private readonly running = new Map<string, { promise: Promise<void>; info: RunningInvestigation }>();
  /** fingerprint → the investigation of its last start, to tell duplicates from re-fires. */
  private readonly byFingerprint = new Map<string, { investigationId: string; firedAt: string }>();
  /** The journal of each running investigation: events from outside the loop join its order. */
  private readonly journals = new Map<string, (event: NewInvestigationEvent) => Promise<void>>();

  constructor(private readonly options: InvestigationServiceOptions) {
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? (() => `inv-${randomUUID().slice(0, 8)}`);
    options.followUps?.scheduler.onDue((job) => this.followUp(job));
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
    if (request.dedupeKey && !(await store.claim(`request:${request.dedupeKey}`, this.options.dedupeTtlMs ?? DAY_MS))) {
      return { started: false, reason: 'duplicate', investigationId: known?.investigationId };
    }
    if (this.options.refireWindowMs > 0 && !(await store.claim(`alert:${alert.fingerprint}`, this.options.refireWindowMs))) {
      const reason = known && known.firedAt !== alert.firedAt ? 'refire-window' : 'duplicate';
      return { started: false, reason, investigationId: known?.investigationId };
    }

    const id = this.newId();
    const now = new Date(this.clock()).toISOString();
    await store.create({ id, status: 'queued', alert, createdAt: now, updatedAt: now, thread: request.thread });
    await store.bindThread(request.thread, id);
    await rememberFingerprint(store, alert.fingerprint, id);
    this.byFingerprint.set(alert.fingerprint, { investigationId: id, firedAt: alert.firedAt });
    const logger = this.options.logger.child({ investigationId: id });
    logger.info({ fingerprint: alert.fingerprint, requestedBy: request.requestedBy, thread: request.thread }, 'investigation started');

    const info: RunningInvestigation = { id, title: alert.title, thread: request.thread, startedAt: now };
    const promise: Promise<void> = this.run(id, logger).finally(() => this.forget(id, promise));
    this.running.set(id, { promise, info });
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
    const journal = this.journals.get(investigationId);
    const running = journal !== undefined || record.status === 'queued' || record.status === 'running';
    const event: NewInvestigationEvent = {
      type: 'alert-resolved',
      fingerprint: alert.fingerprint,
      resolvedAt: alert.resolvedAt ?? new Date(this.clock()).toISOString(),
      title: alert.title,
      by: request.requestedBy,
      running,
    };
    const logger = this.options.logger.child({ investigationId });
    if (journal) await journal(event);
    else await this.notify(await store.append(investigationId, event), logger);
    logger.info({ fingerprint: alert.fingerprint, resolvedAt: event.resolvedAt, running }, 'alert resolved');
    return { recorded: true, investigationId, running };
  }

  /** Adds a listener for every event of every investigation; returns a function that removes it. */
  subscribe(listener: InvestigationListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Resolves when every investigation started so far (and any they led to) has finished. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((entry) => entry.promise));
  }

  /** The investigations running in this process, oldest first. */
  runningInvestigations(): RunningInvestigation[] {
    return [...this.running.values()].map((entry) => entry.info);
  }

  /** The final report of a finished investigation; undefined while it runs or when it failed. */
  async report(investigationId: string): Promise<Report | undefined> {
    const record = await this.options.store.get(investigationId);
    const parsed = ReportSchema.safeParse(record?.report);
    return parsed.success ? parsed.data : undefined;
  }

  /** Drops a finished run (unless a follow-up of the same investigation has replaced it). */
  private forget(id: string, promise: Promise<void>): void {
    if (this.running.get(id)?.promise === promise) this.running.delete(id);
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
    await this.notify(await this.options.store.append(id, { type: 'follow-up-cancelled', by, reason: `${by} asked to stop` }), logger);
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
    await this.notify(await store.append(job.investigationId, { type: 'report-superseded', version: job.version - 1, report: record.report }), logger);
    const previous = ReportSchema.safeParse(record.report);
    const look = { version: job.version, carried: decisionsToCarry(events), previous: previous.success ? previous.data : undefined };
    const info: RunningInvestigation = { id: record.id, title: record.alert.title, thread: record.thread, startedAt: new Date(this.clock()).toISOString() };
    const promise: Promise<void> = this.run(record.id, logger, look).finally(() => this.forget(record.id, promise));
    this.running.set(record.id, { promise, info });
    await promise;
  }

  /** After report `version`: schedules the next look when the answer is not final. */
  private async scheduleFollowUp(id: string, report: Report, version: number, logger: Logger): Promise<void> {
    const followUps = this.options.followUps;
    if (!followUps || report.decisions.some((d) => d.type === 'stop')) return;
    const plan = await planFollowUp({ report, version, events: await this.options.store.events(id), settings: followUps.settings, source: this.options.source, now: this.clock() });
    if (!plan) return;
    const event = await this.options.store.append(id, { type: 'follow-up-scheduled', version: plan.version, dueAt: new Date(plan.dueAt).toISOString(), reason: plan.reason, ...(plan.dataNote ? { dataNote: plan.dataNote } : {}) });
    await this.notify(event, logger);
    await followUps.scheduler.schedule({ investigationId: id, version: plan.version, dueAt: plan.dueAt });
    logger.info({ version: plan.version, dueAt: event.type === 'follow-up-scheduled' ? event.dueAt : undefined, reason: plan.reason }, 'follow-up scheduled');
  }

  private async run(id: string, logger: Logger, look?: FollowUpLook): Promise<void> {
    const { store } = this.options;
    // Listeners see `report-ready` only once the report can be read with `report(id)`.
    let reportReady: InvestigationEvent | undefined;
    let journal: Promise<void> = Promise.resolve();
    try {
      const record = await store.update(id, { status: 'running' });
      const investigator = new Investigator({
        reasoner: this.options.reasoner,
        source: this.options.source,
        budget: this.options.budget,
        thresholds: this.options.thresholds,
        clock: this.clock,
      });
      // Sibling hypotheses are tested in parallel: one event at a time, in log order, so every
      // listener sees the investigation as the audit log tells it.
      const recordEvent = (event: NewInvestigationEvent): Promise<void> => {
        const versioned = event.type === 'report-ready' && look ? { ...event, version: look.version } : event;
        const turn = journal.then(async () => {
          const stored = await store.append(id, versioned);
          if (stored.type === 'report-ready') reportReady = stored;
          else await this.notify(stored, logger);
        });
        journal = turn.catch(() => undefined);
        return turn;
      };
      this.journals.set(id, recordEvent);
      const report = await investigator.run({
        investigationId: id,
        alert: record.alert,
        steering: { take: () => store.takeSteering(id) },
        record: recordEvent,
        alertResolvedAt: async () => lastResolution(await store.events(id)),
        ...(look ? { carried: look.carried, until: this.clock() } : {}),
      });
      this.journals.delete(id);
      const kept = look?.previous !== undefined && !followUpReplaces(look.previous, report);
      await store.update(id, { status: 'done', report: kept ? look!.previous : report });
      logger.info({ abstained: report.abstained, confidence: report.confidence, stopReason: report.budget.stopReason, version: look?.version ?? 1 }, 'investigation finished');
      if (look) await this.notify(await store.append(id, followUpFinished(look, report, kept, this.options.followUps?.settings)), logger);
      if (reportReady) await this.notify(reportReady, logger);
      await this.scheduleFollowUp(id, kept ? look!.previous! : report, look?.version ?? 1, logger);
    } catch (error) {
      this.journals.delete(id);
      await this.recordFailure(id, error, logger);
    }
  }

  private async recordFailure(id: string, error: unknown, logger: Logger): Promise<void> {
    const code = error instanceof CausaError ? error.code : 'internal_error';
    logger.error({ err: error, code }, 'investigation failed');
    try {
      const failed = await this.options.store.append(id, { type: 'investigation-failed', error: errorMessage(error), code });
      await this.options.store.update(id, { status: 'failed', error: errorMessage(error) });
      await this.notify(failed, logger);
    } catch (storeError) {
      logger.error({ err: storeError }, 'the failure of the investigation could not be recorded');
    }
  }

  private async notify(event: InvestigationEvent, logger: Logger): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(event, event.investigationId);
      } catch (error) {
        // A surface that cannot render must not stop the investigation.
        logger.warn({ err: error, event: event.type, seq: event.seq }, 'an investigation listener failed');
      }
    }
  }
}

/** A follow-up look: the report version it makes, the decisions it honours, the answer it revisits. */
interface FollowUpLook {
  version: number;
  carried: CarriedDecision[];
  previous?: Report;
}

/** The thread update of a finished follow-up: what the data that arrived since changed. */
function followUpFinished(look: FollowUpLook, report: Report, kept: boolean, settings: FollowUpSettings | undefined): NewInvestigationEvent {
  const previous = look.previous;
  const moreData = previous ? Math.max(0, Date.parse(report.window.end) - Date.parse(previous.window.end)) : 0;
  const before = previous ? snapshotOf(previous) : { abstained: true, confidence: 0 };
  const update = followUpUpdateLine(before, snapshotOf(report), moreData);
  const final = !settings || !followUpReason(report, settings) || followUpOffsetsMs(settings)[look.version - 1] === undefined;
  return { type: 'follow-up-finished', version: look.version, update, final, kept };
}

/** When the alert resolved, from the last `alert-resolved` event of an audit log. */
function lastResolution(events: readonly InvestigationEvent[]): string | undefined {
  const resolved = events.filter((event) => event.type === 'alert-resolved');
  const last = resolved[resolved.length - 1];
  return last?.type === 'alert-resolved' ? last.resolvedAt : undefined;
}
