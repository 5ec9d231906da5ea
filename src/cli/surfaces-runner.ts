import type { InvestigationService } from '../app/investigation-service';
import type { OpenedInvestigationStore } from '../app/investigation-service-store';
import type { ReasoningParts } from '../app/reasoner-factory';
import { readinessChecks } from '../app/readiness-checks';
import { reportChartMaker } from '../app/report-charts';
import { findingChartMaker } from '../app/finding-charts';
import type { CausaConfig } from '../config';
import type { ChangeEventStore } from '../core/ports/change-event-store';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { BotMetrics } from '../observability/bot-metrics';
import { healthzRoute, readyzRoute } from '../observability/health-routes';
import type { Logger } from '../observability/logger';
import { metricsRoute } from '../observability/metrics-route';
import { deployHookRoute } from '../server/deploy-hook-route';
import { HttpServer } from '../server/http-server';
import { requireStore } from '../server/store-guard';
import { StoreProbe } from '../server/store-probe';
import { createSlackApp, type SlackSurface } from '../surfaces/slack';
import { createTeamsSurface, type TeamsSurface } from '../surfaces/teams';

/** What `startSurfaces` needs. */
export interface SurfacesOptions {
  config: CausaConfig;
  /** The Slack mode, or null without Slack. */
  slackMode: 'socket' | 'http' | null;
  /** The Teams bot's credential, when Teams is configured. */
  teamsCredential?: unknown;
  service: InvestigationService;
  opened: Pick<OpenedInvestigationStore, 'store' | 'health' | 'available' | 'ping'>;
  source: TelemetrySource;
  logger: Logger;
  metrics: BotMetrics;
  reasoning: Pick<ReasoningParts, 'assistant' | 'alertReader'>;
  changes?: ChangeEventStore;
}

/** Running surfaces: Slack and/or Teams, and the HTTP server (Events API, `/api/messages`, health, `/metrics`, hooks). */
export interface RunningSurfaces {
  mode: 'socket' | 'http' | null;
  teams: boolean;
  port: number;
  /** Stops receiving: closes the HTTP server and disconnects the surfaces. */
  stop(): Promise<void>;
}

/** Connects the chat surfaces and starts the HTTP server. */
export async function startSurfaces(options: SurfacesOptions): Promise<RunningSurfaces> {
  const { config, logger, service, metrics } = options;
  const store = options.opened.store;
  const surface: SlackSurface | undefined =
    options.slackMode && config.slack
      ? createSlackApp({
          config: config.slack,
          mode: options.slackMode,
          service,
          store,
          budget: config.budget,
          logger,
          metrics,
          assistant: options.reasoning.assistant,
          alertReader: options.reasoning.alertReader,
          charts: reportChartMaker(options.source),
          findingCharts: findingChartMaker(options.source),
        })
      : undefined;
  const teams: TeamsSurface | undefined =
    options.teamsCredential && config.teams
      ? createTeamsSurface({ config: config.teams, service, store, budget: config.budget, logger, metrics, alertReader: options.reasoning.alertReader, assistant: options.reasoning.assistant, charts: reportChartMaker(options.source), findingCharts: findingChartMaker(options.source) })
      : undefined;
  // One probe for every chat route: a burst of Slack and Teams requests shares one PING.
  const storeGuard = { available: () => options.opened.available(), probe: new StoreProbe({ ping: () => options.opened.ping() }), logger };
  const server = new HttpServer(logger)
    .add(healthzRoute(), readyzRoute(readinessChecks(options.opened, options.source)))
    .add(metricsRoute(metrics))
    // Chat requests wait for the store: refused (and retried by the platform) while it is unreachable.
    .add(...[...(surface?.httpRoutes ?? []), ...(teams?.httpRoutes ?? [])].map((route) => requireStore(route, storeGuard)));
  if (options.changes && config.server.deployHookSecret) server.add(deployHookRoute({ store: options.changes, secret: config.server.deployHookSecret, logger }));
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
  let port: number;
  try {
    port = await server.listen(config.server.port, config.server.host);
  } catch (error) {
    await surface?.stop();
    await teams?.stop();
    throw error;
  }
  return {
    mode: options.slackMode,
    teams: teams !== undefined,
    port,
    async stop() {
      await server.close();
      await surface?.stop();
      await teams?.stop();
    },
  };
}
