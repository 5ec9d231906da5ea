import { InvestigationService } from '../app/investigation-service';
import { openInvestigationQueue, workerConcurrency } from '../app/investigation-queue-factory';
import { openInvestigationStore } from '../app/investigation-service-store';
import { openFollowUpScheduler } from '../app/follow-up-scheduler-factory';
import { openChangeEventStore } from '../app/change-event-store-factory';
import { createTelemetrySource } from '../app/telemetry-source-factory';
import { createReasoningParts } from '../app/reasoner-factory';
import { slackReadiness, teamsReadiness } from '../config';
import { ConfigError } from '../core/errors';
import type { JobConsumer } from '../core/ports/investigation-queue';
import { routeConsoleToLogger } from '../observability/console-bridge';
import { configRedactor } from '../config/config-redactor';
import { BotMetrics } from '../observability/bot-metrics';
import { createLogger } from '../observability/logger';
import { llmTokenMetrics } from '../observability/llm-token-metrics';
import { investigationMetrics } from '../observability/investigation-metrics';
import { SourceRouter } from '../telemetry/router/source-router';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';
import { parseArguments, stringFlag } from './argument-parser';
import { startSurfaces } from './surfaces-runner';
import { startWorkerHttp } from './worker-http';

/** `serve`: chat surfaces; `worker`: investigations; `all`: both. */
export type ProcessRole = 'serve' | 'worker' | 'all';

/** Options of a long-running process beyond the command line (tests pass them; the CLI does not). */
export interface ProcessOptions {
  /** Resolves when the process must shut down; SIGINT or SIGTERM by default. */
  shutdown?: Promise<unknown>;
  /** Where the log goes; standard output by default. */
  logDestination?: NodeJS.WritableStream;
  /** Called once the process is receiving (surfaces: HTTP server listening) and working. */
  onReady?: (info: { mode: 'socket' | 'http' | null; teams: boolean; port: number; role: ProcessRole }) => void;
}

/**
 * Runs Causa as a long-lived process in one role until interrupted. Surfaces enqueue
 * investigations and render their threads from the audit log; workers take jobs from the queue
 * (bounded concurrency) and, on shutdown, stop taking jobs and give running ones
 * `queue.drainGraceMs` to finish before releasing them to another worker.
 */
export async function runProcess(role: ProcessRole, argv: readonly string[], io: CliIo, options: ProcessOptions): Promise<number> {
  const args = parseArguments(argv, { values: ['config'], switches: [] });
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  const readiness = slackReadiness(config);
  const teamsReady = teamsReadiness(config);
  const surfaces = role !== 'worker';
  const slackMode = readiness.mode && config.slack ? readiness.mode : null;
  if (surfaces && teamsReady.missing.length > 0) {
    io.err(`causa ${role}: the Teams bot is configured but cannot start.\n${teamsReady.missing.map((m) => `  - ${m}`).join('\n')}\n`);
    return 2;
  }
  if (surfaces && !slackMode && !teamsReady.credential) {
    const teamsHint = '  - or, for Microsoft Teams: MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID of the Azure Bot';
    io.err(`causa ${role}: no chat surface is configured.\n${[...readiness.missing.map((m) => `  - ${m}`), teamsHint].join('\n')}\n`);
    return 2;
  }
  if (role === 'worker' && config.store.type !== 'redis') {
    io.err('causa worker: a worker takes investigations from the queue in Redis — set CAUSA_STORE=redis (and REDIS_URL) in every process, or run `causa all` for one process with the memory store.\n');
    return 2;
  }
  const changes = openChangeEventStore(config.store, config.telemetry.sources);
  if (changes && surfaces && !config.server.deployHookSecret) {
    await changes.close();
    throw new ConfigError('a deploys source reads change events posted to POST /hooks/deploy, which needs a shared secret: set CAUSA_DEPLOY_HOOK_SECRET (e.g. `openssl rand -hex 32`) and give CI/CD the same value.');
  }
  const source = createTelemetrySource(config.telemetry.sources, { changeEvents: changes?.store });
  const redact = configRedactor(config, io.env);
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, redact, destination: options.logDestination });
  // Libraries that print to the console (ioredis' "[WARN] …") go into the same JSON stream.
  const restoreConsole = routeConsoleToLogger(logger);
  const opened = await openInvestigationStore(config.store, logger, config.retention, redact).catch((error: unknown) => {
    restoreConsole();
    throw error;
  });
  const queue = openInvestigationQueue(config.store, config.queue, logger);
  // A recording never gains data: looking at it again would only repeat the answer.
  const recordedOnly = config.telemetry.sources.every((sourceConfig) => sourceConfig.type === 'bundle');
  const followUps = recordedOnly ? undefined : openFollowUpScheduler(config.store, config.queue, { maxFollowUps: config.followUps.delaysSeconds.length, concurrency: workerConcurrency(config.queue), logger });
  // With an in-process queue, the process that enqueues is the only one that can work it.
  const works = role !== 'serve' || !queue.shared;
  try {
    if (works) await logSourceHealth(source, logger);
    const reasoning = createReasoningParts(config.reasoner, io.env, {
      store: opened.store,
      source,
      onAlertReadingFailure: (reason) => logger.warn({ reason }, 'the language model could not read an alert'),
    });
    logger.info({ reasoner: reasoning.description, threadAssistant: reasoning.assistant !== undefined }, 'reasoner ready');
    const metrics = new BotMetrics();
    const service = new InvestigationService({
      store: opened.store,
      source,
      reasoner: reasoning.reasoner,
      budget: config.budget,
      thresholds: config.thresholds,
      logger,
      refireWindowMs: (config.slack?.refireWindowMinutes ?? config.teams?.refireWindowMinutes ?? 30) * 60_000,
      queue: queue.queue,
      feed: queue.feed,
      // Every role schedules or cancels (`stop`) follow-ups; workers run them (see below).
      ...(followUps ? { followUps: { settings: config.followUps, scheduler: followUps.scheduler } } : {}),
    });
    service.subscribe(llmTokenMetrics(metrics));
    service.subscribe(investigationMetrics(metrics));
    metrics.refreshOnScrape(async () => {
      const depth = await queue.queue.depth();
      metrics.queueDepth.set({ state: 'waiting' }, depth.waiting);
      metrics.queueDepth.set({ state: 'running' }, depth.running);
      metrics.queueOldestWait.set((depth.oldestWaitMs ?? 0) / 1000);
    });
    const running = surfaces
      ? await startSurfaces({ config, slackMode, teamsCredential: teamsReady.credential, service, opened, source, logger, metrics, reasoning, changes: changes?.store })
      : undefined;
    const stopFollowing = surfaces && queue.shared ? await service.follow() : undefined;
    // A worker has no chat surface, but is probed and scraped like the other processes.
    const workerHttp = surfaces ? undefined : await startWorkerHttp({ server: config.server, opened, source, metrics, logger });
    let consumer: JobConsumer | undefined;
    if (works) {
      const concurrency = workerConcurrency(config.queue);
      consumer = service.work({ concurrency, onTaken: (waitedMs) => metrics.queueWait.observe(waitedMs / 1000) });
      followUps?.consume();
      logger.info({ concurrency, queue: queue.description, followUps: followUps?.description ?? 'none (recorded telemetry only)' }, 'worker taking investigations');
    }
    try {
      logger.info({ role, mode: running?.mode ?? null, teams: running?.teams ?? false, port: running?.port ?? workerHttp?.port, store: opened.description, queue: queue.description, source: source.id }, `causa ${role} is running`);
      options.onReady?.({ mode: running?.mode ?? null, teams: running?.teams ?? false, port: running?.port ?? workerHttp?.port ?? 0, role });
      await (options.shutdown ?? untilSignal());
      logger.info({ graceMs: config.queue.drainGraceMs }, 'shutting down: no new work; waiting for running investigations');
    } finally {
      await running?.stop();
      await workerHttp?.close();
      await consumer?.close({ graceMs: config.queue.drainGraceMs });
      await stopFollowing?.();
    }
    return 0;
  } finally {
    restoreConsole();
    await followUps?.close();
    await queue.close();
    await source.close?.();
    await opened.close();
    await changes?.close();
  }
}

/**
 * An unreachable backend is not fatal (it may come up later, and each failed query is recorded
 * as evidence), but the operator hears about it now, source by source.
 */
async function logSourceHealth(source: ReturnType<typeof createTelemetrySource>, logger: ReturnType<typeof createLogger>): Promise<void> {
  const healths = source instanceof SourceRouter ? await source.memberHealth() : [{ id: source.id, kind: source.kind, ...(await source.health()) }];
  for (const health of healths) {
    if (health.ok) logger.info({ source: health.id }, `telemetry source ${health.id} (${health.kind}): ${health.message}`);
    else logger.warn({ source: health.id }, `telemetry source ${health.id} (${health.kind}) is not healthy: ${health.message}; investigations will record its errors`);
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
