import type { OpenedInvestigationStore } from '../app/investigation-service-store';
import { readinessChecks } from '../app/readiness-checks';
import type { ServerConfig } from '../config';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import type { BotMetrics } from '../observability/bot-metrics';
import { healthzRoute, readyzRoute } from '../observability/health-routes';
import type { Logger } from '../observability/logger';
import { metricsRoute } from '../observability/metrics-route';
import { HttpServer } from '../server/http-server';

/**
 * The HTTP server of a `causa worker` (no chat surface): `/healthz`, `/readyz` (the store and the
 * telemetry sources it investigates with) and `/metrics`, so an orchestrator probes and scrapes a
 * worker like any other Causa process. Resolves with the port and how to close it.
 */
export async function startWorkerHttp(options: {
  server: ServerConfig;
  opened: Pick<OpenedInvestigationStore, 'health'>;
  source: TelemetrySource;
  metrics: BotMetrics;
  logger: Logger;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server = new HttpServer(options.logger)
    .add(healthzRoute(), readyzRoute(readinessChecks(options.opened, options.source)))
    .add(metricsRoute(options.metrics));
  const port = await server.listen(options.server.port, options.server.host);
  return { port, close: () => server.close() };
}
