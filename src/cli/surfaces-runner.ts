import type { InvestigationService } from '../app/investigation-service';
import type { ReasoningParts } from '../app/reasoner-factory';
import type { CausaConfig } from '../config';
import type { ChangeEventStore } from '../core/ports/change-event-store';
import type { InvestigationStore } from '../core/ports/investigation-store';
import type { BotMetrics } from '../observability/bot-metrics';
import type { Logger } from '../observability/logger';
import { metricsRoute } from '../observability/metrics-route';
import { deployHookRoute } from '../server/deploy-hook-route';
import { HttpServer } from '../server/http-server';
import { createSlackApp } from '../surfaces/slack';

/** What `startSurfaces` needs. */
export interface SurfacesOptions {
  config: CausaConfig;
  mode: 'socket' | 'http';
  service: InvestigationService;
  store: InvestigationStore;
  logger: Logger;
  metrics: BotMetrics;
  reasoning: Pick<ReasoningParts, 'assistant' | 'alertReader'>;
  changes?: ChangeEventStore;
}

/** Running surfaces: the Slack app and the HTTP server (Events API, `/healthz`, `/metrics`, hooks). */
export interface RunningSurfaces {
  mode: 'socket' | 'http';
  port: number;
  /** Stops receiving: closes the HTTP server and disconnects the surface. */
  stop(): Promise<void>;
}

/** Connects the Slack surface and starts the HTTP server. */
export async function startSurfaces(options: SurfacesOptions): Promise<RunningSurfaces> {
  const { config, logger } = options;
  const surface = createSlackApp({
    config: config.slack!,
    mode: options.mode,
    service: options.service,
    store: options.store,
    budget: config.budget,
    logger,
    metrics: options.metrics,
    assistant: options.reasoning.assistant,
    alertReader: options.reasoning.alertReader,
  });
  const server = new HttpServer(logger)
    .add({ methods: ['GET', 'HEAD'], path: '/healthz', handler: (_request, response) => void response.writeHead(200).end('ok\n') })
    .add(metricsRoute(options.metrics))
    .add(...surface.httpRoutes);
  if (options.changes && config.server.deployHookSecret) server.add(deployHookRoute({ store: options.changes, secret: config.server.deployHookSecret, logger }));
  await surface.start();
  let port: number;
  try {
    port = await server.listen(config.server.port, config.server.host);
  } catch (error) {
    await surface.stop();
    throw error;
  }
  return {
    mode: options.mode,
    port,
    async stop() {
      await server.close();
      await surface.stop();
    },
  };
}
