import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, type webApi } from '@slack/bolt';
import type { InvestigationService } from '../../app/investigation-service';
import type { SlackConfig } from '../../config';
import { ConfigError } from '../../core/errors';
import type { Budget } from '../../core/investigation/budget-schema';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import type { Logger } from '../../observability/logger';
import { HypothesisMessageIndex } from './hypothesis-message-index';
import { registerMentionHandler } from './mention-handler';
import { registerMessageHandler } from './message-handler';
import { slackClientOptions } from './slack-client-options';
import { registerErrorHandler } from './slack-error-handler';
import { boltLogger } from './slack-log-bridge';
import type { SlackSurfaceDeps } from './slack-surface-deps';
import { SlackThreadRenderer } from './slack-thread-renderer';
import { registerSlashCommand } from './slash-command-handler';
import { SteererPolicy } from './steerer-policy';
import { registerVoteHandlers } from './steering-vote-handlers';

/** What `createSlackApp` needs. */
export interface SlackAppOptions {
  /** The `slack` config section (tokens, api URL, channels, senders, steerers). */
  config: SlackConfig;
  /** `socket` needs `config.appToken`; `http` needs `config.signingSecret` (see `slackReadiness`). */
  mode: 'socket' | 'http';
  service: InvestigationService;
  store: InvestigationStore;
  budget: Budget;
  logger: Logger;
  clock?: () => number;
  /** HTTP mode listening port; `config.port` by default (0 picks a free port, for tests). */
  port?: number;
  /** See `SlackThreadRendererOptions.statusUpdateIntervalMs`. */
  statusUpdateIntervalMs?: number;
}

/** A built Slack surface; `start` connects it, `stop` disconnects it. */
export interface SlackSurface {
  readonly app: App;
  /** The bot's Web API client (as configured: API URL, retries). */
  readonly client: webApi.WebClient;
  readonly mode: 'socket' | 'http';
  /** Starts receiving; in HTTP mode resolves with the port listened on. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/**
 * Builds Causa's Slack app (Bolt): Socket Mode with an app-level token, or the HTTP Events API
 * with a signing secret (Bolt verifies every request's signature and timestamp and rejects stale
 * or forged ones). Registers mention, alert-message, slash-command, reaction and button handlers,
 * the one error handler, and the thread renderer as a subscriber of the InvestigationService.
 */
export function createSlackApp(options: SlackAppOptions): SlackSurface {
  const { config, mode } = options;
  const logger = options.logger.child({ surface: 'slack' });
  if (!config.botToken) throw new ConfigError('SLACK_BOT_TOKEN is missing: Socket Mode and HTTP mode both need an xoxb- bot token');
  if (mode === 'socket' && !config.appToken) throw new ConfigError('SLACK_APP_TOKEN is missing: Socket Mode needs an xapp- token');
  if (mode === 'http' && !config.signingSecret) throw new ConfigError("SLACK_SIGNING_SECRET is missing: HTTP mode needs the app's signing secret");

  const common = { token: config.botToken, logger: boltLogger(logger), clientOptions: slackClientOptions(config.apiUrl), extendedErrorHandler: true };
  const app =
    mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: config.appToken })
      : new App({
          ...common,
          signingSecret: config.signingSecret,
          port: options.port ?? config.port,
          customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('ok') }],
        });

  const clock = options.clock ?? Date.now;
  const index = new HypothesisMessageIndex(options.store);
  const deps: SlackSurfaceDeps = {
    service: options.service,
    store: options.store,
    config,
    policy: new SteererPolicy(config.steerers, app.client, clock),
    index,
    logger,
    clock,
  };
  registerMessageHandler(app, deps);
  registerMentionHandler(app, deps);
  registerSlashCommand(app, deps);
  registerVoteHandlers(app, deps);
  registerErrorHandler(app, deps);

  const renderer = new SlackThreadRenderer({
    client: app.client,
    store: options.store,
    service: options.service,
    index,
    budget: options.budget,
    logger,
    clock,
    statusUpdateIntervalMs: options.statusUpdateIntervalMs,
  });
  let unsubscribe: (() => void) | undefined;

  return {
    app,
    client: app.client,
    mode,
    async start() {
      unsubscribe ??= options.service.subscribe(renderer.handle);
      if (mode === 'socket') {
        await app.start();
        logger.info({ mode }, 'Slack surface connected (Socket Mode)');
        return {};
      }
      const server = (await app.start(options.port ?? config.port)) as Server;
      const port = (server.address() as AddressInfo).port;
      logger.info({ mode, port }, 'Slack surface listening (HTTP Events API)');
      return { port };
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      await app.stop();
    },
  };
}
