import { InvestigationService } from '../app/investigation-service';
import { openInvestigationStore } from '../app/investigation-service-store';
import { openChangeEventStore } from '../app/change-event-store-factory';
import { createTelemetrySource } from '../app/telemetry-source-factory';
import { slackReadiness, teamsReadiness } from '../config';
import { routeConsoleToLogger } from '../observability/console-bridge';
import { configRedactor } from '../config/config-redactor';
import { BotMetrics } from '../observability/bot-metrics';
import { createLogger } from '../observability/logger';
import { metricsRoute } from '../observability/metrics-route';
import { deployHookRoute } from '../server/deploy-hook-route';
import { createReasoningParts } from '../app/reasoner-factory';
import { ConfigError } from '../core/errors';
import { llmTokenMetrics } from '../observability/llm-token-metrics';
import { investigationMetrics } from '../observability/investigation-metrics';
import { healthzRoute, readyzRoute } from '../observability/health-routes';
import { readinessChecks } from '../app/readiness-checks';
import { HttpServer } from '../server/http-server';
import { SourceRouter } from '../telemetry/router/source-router';
import { createSlackApp, type SlackSurface } from '../surfaces/slack';
import { createTeamsSurface, type TeamsSurface } from '../surfaces/teams';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';
import { parseArguments, stringFlag } from './argument-parser';

export const SERVE_USAGE = 'causa serve [--config FILE]';

/** Options of `serveCommand` beyond the command line (tests pass them; the CLI does not). */
export interface ServeOptions {
  /** Resolves when the server must shut down; SIGINT or SIGTERM by default. */
  shutdown?: Promise<unknown>;
  /** Where the log goes; standard output by default. */
  logDestination?: NodeJS.WritableStream;
  /** Called once the surface is receiving and the HTTP server listening. */
  onReady?: (info: { mode: 'socket' | 'http' | null; teams: boolean; port: number }) => void;
}

/**
 * `causa serve`: runs Causa in Slack and/or Microsoft Teams until interrupted. Slack: Socket Mode
 * with SLACK_BOT_TOKEN + SLACK_APP_TOKEN, else the HTTP Events API (`/slack/events`) with
 * SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET. Teams: the Bot Framework endpoint `/api/messages` with
 * MICROSOFT_APP_ID and a secret or certificate (and the tenant of a SingleTenant bot); its
 * authentication health is logged at start-up. Without any surface it exits 2 naming what is missing. The HTTP server
 * (`server.port`, PORT) serves `/healthz` in both modes.
 */
export async function serveCommand(argv: readonly string[], io: CliIo, options: ServeOptions = {}): Promise<number> {
  const args = parseArguments(argv, { values: ['config'], switches: [] });
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  const readiness = slackReadiness(config);
  const teamsReady = teamsReadiness(config);
  if (teamsReady.missing.length > 0) {
    io.err(`causa serve: the Teams bot is configured but cannot start.\n${teamsReady.missing.map((m) => `  - ${m}`).join('\n')}\n`);
    return 2;
  }
  const slackMode = readiness.mode && config.slack ? readiness.mode : null;
  if (!slackMode && !teamsReady.credential) {
    const teamsHint = '  - or, for Microsoft Teams: MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID of the Azure Bot';
    io.err(`causa serve: no chat surface is configured.\n${[...readiness.missing.map((m) => `  - ${m}`), teamsHint].join('\n')}\n`);
    return 2;
  }
  const changes = openChangeEventStore(config.store, config.telemetry.sources);
  if (changes && !config.server.deployHookSecret) {
    await changes.close();
    throw new ConfigError('a deploys source reads change events posted to POST /hooks/deploy, which needs a shared secret: set CAUSA_DEPLOY_HOOK_SECRET (e.g. `openssl rand -hex 32`) and give CI/CD the same value.');
  }
  const source = createTelemetrySource(config.telemetry.sources, { changeEvents: changes?.store });
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, redact: configRedactor(config, io.env), destination: options.logDestination });
  // Libraries that print to the console (ioredis' "[WARN] …") go into the same JSON stream.
  const restoreConsole = routeConsoleToLogger(logger);
  // An unreachable backend is not fatal (it may come up later, and each failed query is recorded
  // as evidence), but the operator hears about it now, source by source.
  const healths = source instanceof SourceRouter ? await source.memberHealth() : [{ id: source.id, kind: source.kind, ...(await source.health()) }];
  for (const health of healths) {
    if (health.ok) logger.info({ source: health.id }, `telemetry source ${health.id} (${health.kind}): ${health.message}`);
    else logger.warn({ source: health.id }, `telemetry source ${health.id} (${health.kind}) is not healthy: ${health.message}; investigations will record its errors`);
  }
  const opened = await openInvestigationStore(config.store, logger, config.retention).catch((error: unknown) => {
    restoreConsole();
    throw error;
  });
  try {
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
    });
    service.subscribe(llmTokenMetrics(metrics));
    service.subscribe(investigationMetrics(metrics));
    const surface: SlackSurface | undefined =
      slackMode && config.slack
        ? createSlackApp({
            config: config.slack,
            mode: slackMode,
            service,
            store: opened.store,
            budget: config.budget,
            logger,
            metrics,
            assistant: reasoning.assistant,
            alertReader: reasoning.alertReader,
          })
        : undefined;
    const teams: TeamsSurface | undefined =
      teamsReady.credential && config.teams
        ? createTeamsSurface({ config: config.teams, service, store: opened.store, budget: config.budget, logger, metrics, alertReader: reasoning.alertReader })
        : undefined;
    const server = new HttpServer(logger)
      .add(healthzRoute(), readyzRoute(readinessChecks(opened, source)))
      .add(metricsRoute(metrics))
      .add(...(surface?.httpRoutes ?? []), ...(teams?.httpRoutes ?? []));
    if (changes && config.server.deployHookSecret) server.add(deployHookRoute({ store: changes.store, secret: config.server.deployHookSecret, logger }));
    await surface?.start();
    if (teams) {
      await teams.start();
      // Like a telemetry source, a failing check is not fatal (Azure may answer later), but the operator hears about it now.
      const health = await teams.health();
      for (const [direction, check] of Object.entries(health)) {
        if (check.ok) logger.info({ surface: 'teams', direction }, `Teams ${direction} authentication: ${check.message}`);
        else logger.warn({ surface: 'teams', direction }, `Teams ${direction} authentication is not healthy: ${check.message}`);
      }
    }
    try {
      const port = await server.listen(config.server.port, config.server.host);
      logger.info({ mode: slackMode, teams: teams !== undefined, port, store: opened.description, source: source.id }, 'causa serve is running');
      options.onReady?.({ mode: slackMode, teams: teams !== undefined, port });
      await (options.shutdown ?? untilSignal());
      logger.info('shutting down: waiting for running investigations');
    } finally {
      await server.close();
      await surface?.stop();
      await teams?.stop();
      await service.whenIdle();
    }
    return 0;
  } finally {
    restoreConsole();
    await source.close?.();
    await opened.close();
    await changes?.close();
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
