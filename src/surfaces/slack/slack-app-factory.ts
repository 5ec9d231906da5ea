import { SLACK_SURFACE } from './slack-thread';
import { malformedPayloadHandler } from './malformed-payload-handler';
import { guardSlackBody } from './slack-body-guard';
import { IntakeReplay, type IntakeReplayOptions } from '../intake-replay';
import type { ReportChartMaker } from '../../charts/report-chart';
import type { FindingChartMaker } from '../../app/finding-charts';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { InvestigationService } from '../../app/investigation-service';
import type { SlackConfig } from '../../config';
import { ConfigError } from '../../core/errors';
import type { Budget } from '../../core/investigation/budget-schema';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import type { BotMetrics } from '../../observability/bot-metrics';
import type { AlertReader, ThreadAssistant } from '../../core/ports/thread-assistant';
import type { Logger } from '../../observability/logger';
import type { HttpRoute } from '../../server/http-route';
import type { PostingClock } from '../posting/posting-clock';
import { HypothesisMessageIndex } from './hypothesis-message-index';
import { registerMentionHandler } from './mention-handler';
import { registerMessageHandler } from './message-handler';
import { slackClientOptions } from './slack-client-options';
import { callSlackAtStart } from './slack-connection';
import { registerErrorHandler } from './slack-error-handler';
import { boltLogger } from './slack-log-bridge';
import type { SlackSurfaceDeps } from './slack-surface-deps';
import { ScheduledSlackClient, schedulerWebClient } from './scheduled-slack-client';
import { SlackThreadRenderer } from './slack-thread-renderer';
import { registerSlashCommand } from './slash-command-handler';
import { SteererPolicy } from './steerer-policy';
import { registerVoteHandlers } from './steering-vote-handlers';

/** How long a request may wait for a listener's acknowledgement before it is answered 404. */
const UNHANDLED_REQUEST_MS = 2500;

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
  /** The bot's own metrics; alert posts are counted by outcome. */
  metrics?: BotMetrics;
  clock?: () => number;
  /** See `SlackThreadRendererOptions.statusUpdateIntervalMs`. */
  statusUpdateIntervalMs?: number;
  /** Thread Q&A and free-text steering (with the LLM reasoner). */
  assistant?: ThreadAssistant;
  /** Reading alerts in unknown formats (with the LLM reasoner). */
  alertReader?: AlertReader;
  /** Waits between start-up attempts (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Timings of the replay of requests that met a store outage (tests shorten them). */
  intakeReplay?: Omit<IntakeReplayOptions, 'logger'>;
  /** The posting scheduler's clock (tests); real time by default. */
  postingClock?: PostingClock;
  /** Draws the charts uploaded with the RCA (see `reportChartMaker`); no charts without it. */
  charts?: ReportChartMaker;
  /** Draws the chart of each supported finding, shown in its message (see `findingChartMaker`); none without it. */
  findingCharts?: FindingChartMaker;
}

/** A built Slack surface; `start` connects it, `stop` disconnects it. */
export interface SlackSurface {
  readonly app: App;
  /** The bot's Web API client (as configured: API URL, retries). */
  readonly client: webApi.WebClient;
  readonly mode: 'socket' | 'http';
  /** The thread renderer's paced Web API calls (see ScheduledSlackClient). */
  readonly posting: ScheduledSlackClient;
  /**
   * The routes to serve on Causa's HTTP server in HTTP mode (`/slack/` → the Events API, slash
   * commands and interactivity, signature-checked by Bolt); none in Socket Mode.
   */
  readonly httpRoutes: HttpRoute[];
  /**
   * Checks the bot token with Slack (retrying a Slack that does not answer, within
   * `slack.startupRetry`), then starts receiving: connects Socket Mode; in HTTP mode the routes
   * receive once served. Throws a SlackStartError saying what is wrong.
   */
  start(): Promise<void>;
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

  // Initialization is deferred to `start`: Bolt would otherwise call auth.test from its
  // constructor, and a rejected token or an unreachable Slack would end the process later as an
  // unhandled rejection instead of a clear error at start.
  const common = { token: config.botToken, logger: boltLogger(logger), clientOptions: slackClientOptions(config.apiUrl), extendedErrorHandler: true, deferInitialization: true };
  // In HTTP mode Bolt's receiver never listens itself: its request listener is served by Causa's
  // shared HTTP server, beside Teams, health, metrics and hooks.
  const receiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret!,
          logger: boltLogger(logger),
          endpoints: ['/slack/events'],
          // A request no listener acknowledges (an unknown command or action) is answered 404
          // inside Slack's 3 s window; Bolt's default (3001 ms) answers it after Slack gave up.
          unhandledRequestTimeoutMillis: UNHANDLED_REQUEST_MS,
          processEventErrorHandler: malformedPayloadHandler(logger),
        })
      : undefined;
  const app = receiver ? new App({ ...common, receiver }) : new App({ ...common, socketMode: true, appToken: config.appToken });
  const httpRoutes: HttpRoute[] = receiver ? [{ methods: ['POST'], path: '/slack/', handler: guardSlackBody(receiver.requestListener, config.signingSecret!) }] : [];

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
    metrics: options.metrics,
    assistant: options.assistant,
    alertReader: options.alertReader,
    replay: new IntakeReplay({ logger, ...options.intakeReplay }),
  };
  registerMessageHandler(app, deps);
  registerMentionHandler(app, deps);
  registerSlashCommand(app, deps);
  registerVoteHandlers(app, deps);
  registerErrorHandler(app, deps);

  // Thread output goes through the posting scheduler, on a client of its own that reports 429s
  // to it (instead of pausing every call of the app, as Bolt's client does).
  const posting = new ScheduledSlackClient({
    client: schedulerWebClient(config.botToken, config.apiUrl),
    policy: config.posting,
    clock: options.postingClock,
    metrics: options.metrics,
    logger,
  });
  const renderer = new SlackThreadRenderer({
    client: posting,
    store: options.store,
    service: options.service,
    index,
    budget: options.budget,
    logger,
    clock,
    statusUpdateIntervalMs: options.statusUpdateIntervalMs,
    layout: options.config.threadLayout,
    charts: options.charts,
    findingCharts: options.findingCharts,
  });
  let unsubscribe: (() => Promise<void>) | undefined;

  return {
    app,
    client: app.client,
    mode,
    posting,
    httpRoutes,
    async start() {
      const startCall = { apiUrl: config.apiUrl, retry: config.startupRetry, logger, sleep: options.sleep };
      // One attempt per try: the waits between tries are the ones configured here.
      const checker = (token?: string) => new webApi.WebClient(token, { ...slackClientOptions(config.apiUrl), retryConfig: { retries: 0 }, logger: boltLogger(logger) });
      const bot = { ...startCall, token: 'the bot token (SLACK_BOT_TOKEN)' };
      const identity = await callSlackAtStart({ ...bot, what: 'check the bot token' }, () => checker(config.botToken).auth.test());
      await callSlackAtStart({ ...bot, what: 'initialize the Slack app' }, () => app.init());
      logger.info({ team: identity.team, botUserId: identity.user_id }, 'Slack accepted the bot token');
      unsubscribe ??= options.service.subscribe(renderer.handle, { surface: SLACK_SURFACE });
      if (mode === 'socket') {
        // Checked first: Bolt's Socket Mode client retries some refusals (socket_mode_not_enabled) forever.
        const socket = { ...startCall, what: 'open a Socket Mode connection', token: 'the app-level token (SLACK_APP_TOKEN)' };
        await callSlackAtStart(socket, () => checker(config.appToken).apps.connections.open({}));
        await callSlackAtStart(socket, () => app.start());
        logger.info({ mode }, 'Slack surface connected (Socket Mode)');
      } else {
        logger.info({ mode, path: '/slack/events' }, 'Slack surface receiving (HTTP Events API)');
      }
    },
    async stop() {
      await unsubscribe?.();
      unsubscribe = undefined;
      await deps.replay.stop();
      if (mode === 'socket') await app.stop();
      // What was scheduled still goes out (a final report never waits in vain for its slot).
      await posting.whenIdle();
    },
  };
}
