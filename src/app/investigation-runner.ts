import { randomUUID } from 'node:crypto';
import { CausaError, errorMessage } from '../core/errors';
import type { NewInvestigationEvent } from '../core/investigation/investigation-events';
import { InvestigationInterruptedError, Investigator } from '../core/investigation/investigator';
import type { JobContext } from '../core/ports/investigation-queue';
import { RUN_SUPERSEDED, type InvestigationRecord } from '../core/ports/investigation-store';
import type { Logger } from '../observability/logger';
import { followUpReplaces } from '../core/follow-up/follow-up-policy';
import { followUpFinished, scheduleFollowUp, type FollowUpLook } from './follow-up-steps';
import type { InvestigationServiceOptions } from './investigation-service-types';

/** Another run of the same investigation started after this one: this one stops writing. */
class RunSupersededError extends CausaError {
  constructor() {
    super(RUN_SUPERSEDED, 'another run took this investigation over');
  }
}

/** How long the claim that an investigation finished is kept (longer than any job retry). */
const FINISH_CLAIM_MS = 7 * 24 * 3600_000;

/** An investigation this process is running, as `/causa status` lists it. */
export interface RunningInvestigation {
  id: string;
  title: string;
  thread: InvestigationRecord['thread'];
  startedAt: string;
}

/** What the runner tells the rest of the process. */
export interface RunnerHooks {
  /** The audit log of `investigationId` grew; resolves once this process's listeners had the new events. */
  appended(investigationId: string): Promise<void>;
}

/**
 * Runs one queued investigation in a worker: resumes it from its journal when an earlier attempt
 * was interrupted (a crash, a drain), journals every event in the store, stores the report
 * before `report-ready` enters the log (so a renderer reading the log finds it), and is the one
 * error boundary of an investigation: a failure is recorded (`investigation-failed`, status
 * `failed`, the alert's claim released), never thrown into the process. Only an interruption or a
 * store that stays unreachable rejects, so the queue hands the job to a worker again.
 */
export class InvestigationRunner {
  private readonly running = new Map<string, RunningInvestigation>();

  constructor(
    private readonly options: InvestigationServiceOptions,
    private readonly hooks: RunnerHooks,
  ) {}

  /** The investigations this process runs, oldest first. */
  runningInvestigations(): RunningInvestigation[] {
    return [...this.running.values()];
  }

  async run(investigationId: string, context: JobContext): Promise<void> {
    const { store } = this.options;
    const record = await store.get(investigationId);
    const logger = this.options.logger.child({ investigationId });
    if (!record) {
      logger.warn('a job names an investigation the store does not hold; skipped');
      return;
    }
    // A job retried after its investigation finished (e.g. its worker died after the last write).
    if (record.status === 'done' || record.status === 'failed') return;
    this.running.set(investigationId, { id: investigationId, title: record.alert.title, thread: record.thread, startedAt: record.createdAt });
    try {
      await this.execute(record, context, logger);
    } finally {
      this.running.delete(investigationId);
    }
  }

  /**
   * A due follow-up of a finished investigation: the same investigation again, in this process,
   * with the telemetry that arrived since (report version `look.version`).
   */
  async runFollowUp(record: InvestigationRecord, look: FollowUpLook): Promise<void> {
    const logger = this.options.logger.child({ investigationId: record.id, version: look.version });
    this.running.set(record.id, { id: record.id, title: record.alert.title, thread: record.thread, startedAt: new Date((this.options.clock ?? Date.now)()).toISOString() });
    try {
      await this.execute(record, { previousAttempts: 0, signal: new AbortController().signal }, logger, look);
    } finally {
      this.running.delete(record.id);
    }
  }

  private async execute(record: InvestigationRecord, context: JobContext, logger: Logger, look?: FollowUpLook): Promise<void> {
    const { store } = this.options;
    const id = record.id;
    const finishKey = look ? `finished:${id}:v${look.version}` : `finished:${id}`;
    let journal: Promise<void> = Promise.resolve();
    let finishing = false;
    try {
      // The newest run owns the investigation: a run that lost its job lock (its worker stalled
      // while Redis restarted) and goes on must not write beside the run that took the job over.
      // The run takes the record over before it reads the journal, and every append checks the
      // owner atomically: the journal read here holds everything the older run will ever append.
      // The run id as stored is the one compared: a redacting store may rewrite a random id that
      // happens to look like a secret.
      const runId = (await store.update(id, { status: 'running', runId: randomUUID() })).runId ?? '';
      const previous = await store.events(id);
      const resumed = !look && previous.some((event) => event.type === 'investigation-started');
      if (resumed) logger.info({ attempt: context.previousAttempts + 1, journaled: previous.length }, 'investigation resumed from its journal');
      const owned = async (): Promise<void> => {
        if ((await store.get(id))?.runId !== runId) throw new RunSupersededError();
      };
      // Each append of this run carries its own key: a command resent after a lost reply (Redis
      // restarting under it) appends once.
      let appends = 0;
      const append = (event: NewInvestigationEvent) => store.append(id, event, { runId, key: `${runId}:${(appends += 1)}` });
      const investigator = new Investigator({
        reasoner: this.options.reasoner,
        source: this.options.source,
        budget: this.options.budget,
        thresholds: this.options.thresholds,
        clock: this.options.clock,
      });
      let reportReady: NewInvestigationEvent | undefined;
      // Sibling hypotheses are tested in parallel: one event at a time, in log order.
      const recordEvent = (event: NewInvestigationEvent): Promise<void> => {
        if (event.type === 'report-ready') {
          reportReady = look ? { ...event, version: look.version } : event;
          return Promise.resolve();
        }
        const turn = journal.then(async () => {
          await append(event);
          await this.hooks.appended(id);
        });
        journal = turn.catch(() => undefined);
        return turn;
      };
      const report = await investigator.run({
        investigationId: id,
        alert: record.alert,
        steering: { take: () => store.takeSteering(id) },
        record: recordEvent,
        alertResolvedAt: async () => lastResolution(await store.events(id)),
        journal: resumed ? previous : undefined,
        signal: context.signal,
        ...(look ? { carried: look.carried, until: (this.options.clock ?? Date.now)() } : {}),
      });
      await journal;
      // Two runs of one job can overlap (a worker that lost its lock while Redis restarted goes
      // on): only the first to finish publishes its report.
      await owned();
      if (!(await store.claim(finishKey, FINISH_CLAIM_MS))) {
        logger.warn('another run of this investigation finished first; the report of this run is dropped');
        return;
      }
      finishing = true;
      const kept = look?.previous !== undefined && !followUpReplaces(look.previous, report);
      const answer = kept ? look!.previous! : report;
      await store.update(id, { status: 'done', report: answer });
      logger.info({ abstained: report.abstained, confidence: report.confidence, stopReason: report.budget.stopReason, version: look?.version ?? 1 }, 'investigation finished');
      if (look) {
        await append(followUpFinished(look, report, kept, this.options.followUps?.settings));
        await this.hooks.appended(id);
      }
      if (reportReady) {
        await append(reportReady);
        await this.hooks.appended(id);
      }
      finishing = false;
      await scheduleFollowUp(this.options, id, answer, look?.version ?? 1, logger, (investigationId) => this.hooks.appended(investigationId));
    } catch (error) {
      await journal;
      // The finish was claimed but not written: give the claim back so a retry can finish.
      if (finishing) await store.releaseClaim(finishKey).catch(() => undefined);
      // RunSupersededError, or an append the store refused for the same reason.
      if (error instanceof CausaError && error.code === RUN_SUPERSEDED) {
        logger.warn('another run took this investigation over; this run stops');
        return;
      }
      if (error instanceof InvestigationInterruptedError) {
        logger.info('investigation interrupted by shutdown; released to another worker');
        throw error;
      }
      await this.recordFailure(record, error, logger, finishKey);
    }
  }

  private async recordFailure(record: InvestigationRecord, error: unknown, logger: Logger, finishKey: string): Promise<void> {
    const code = error instanceof CausaError ? error.code : 'internal_error';
    logger.error({ err: error, code }, 'investigation failed');
    const { store } = this.options;
    try {
      if (!(await store.claim(finishKey, FINISH_CLAIM_MS))) return;
      await store.append(record.id, { type: 'investigation-failed', error: errorMessage(error), code });
      await store.update(record.id, { status: 'failed', error: errorMessage(error) });
      // A re-post of the alert may start a new investigation at once.
      await store.releaseClaim(`alert:${record.alert.fingerprint}`);
    } catch (storeError) {
      await store.releaseClaim(finishKey).catch(() => undefined);
      logger.error({ err: storeError }, 'the failure of the investigation could not be recorded; the job is retried');
      throw storeError;
    }
    await this.hooks.appended(record.id).catch(() => undefined);
  }
}

/** When the alert resolved, from the last `alert-resolved` event of an audit log. */
function lastResolution(events: readonly { type: string; resolvedAt?: string }[]): string | undefined {
  const resolved = events.filter((event) => event.type === 'alert-resolved');
  return resolved[resolved.length - 1]?.resolvedAt;
}
