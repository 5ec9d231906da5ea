import { TEAMS_SURFACE } from './teams-thread';
import { CloudAdapter, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { InvestigationService } from '../../app/investigation-service';
import type { TeamsConfig } from '../../config';
import { errorMessage } from '../../core/errors';
import type { Budget } from '../../core/investigation/budget-schema';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import type { AlertReader, ThreadAssistant } from '../../core/ports/thread-assistant';
import type { BotMetrics } from '../../observability/bot-metrics';
import type { Logger } from '../../observability/logger';
import type { HttpRoute } from '../../server/http-route';
import { TeamsConversationStore } from './conversation-store';
import { messagesRoute, TEAMS_MESSAGES_PATH } from './messages-route';
import { createTeamsAuthentication } from './teams-authentication';
import { CausaTeamsBot } from './teams-bot';
import { DEFAULT_THROTTLE_POLICY, TeamsPoster, type ThrottlePolicy } from './teams-poster';
import { TeamsSteererPolicy } from './teams-steerer-policy';
import type { TeamsSurfaceDeps } from './teams-surface-deps';
import { TeamsThreadRenderer } from './teams-thread-renderer';
import type { ReportChartMaker } from '../../charts/report-chart';
import type { FindingChartMaker } from '../../app/finding-charts';

/** What `createTeamsSurface` needs. */
export interface TeamsSurfaceOptions {
  config: TeamsConfig;
  service: InvestigationService;
  store: InvestigationStore;
  budget: Budget;
  logger: Logger;
  metrics?: BotMetrics;
  clock?: () => number;
  alertReader?: AlertReader;
  assistant?: ThreadAssistant;
  statusUpdateIntervalMs?: number;
  throttle?: Partial<ThrottlePolicy>;
  /** Draws the report's charts; the RCA card shows the root cause's (see `reportChartMaker`). */
  charts?: ReportChartMaker;
  /** Draws a supported finding's chart, shown in its hypothesis card (see `findingChartMaker`). */
  findingCharts?: FindingChartMaker;
}

/** How the bot's two directions of authentication stand at start-up. */
export interface TeamsHealth {
  inbound: { ok: boolean; message: string };
  outbound: { ok: boolean; message: string };
}

/** A built Teams surface: its route on the HTTP server, the renderer subscription and a health check. */
export interface TeamsSurface {
  readonly adapter: CloudAdapter;
  readonly httpRoutes: HttpRoute[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reads the OpenID metadata inbound tokens are checked against, and obtains an outbound token. */
  health(): Promise<TeamsHealth>;
}

/**
 * Builds Causa's Teams bot on the Bot Framework SDK: a CloudAdapter with real authentication,
 * the activity handler, the thread renderer subscribed to the InvestigationService, and
 * `POST /api/messages` for Causa's shared HTTP server.
 */
export function createTeamsSurface(options: TeamsSurfaceOptions): TeamsSurface {
  const { config } = options;
  const logger = options.logger.child({ surface: 'teams' });
  const clock = options.clock ?? Date.now;
  const auth = createTeamsAuthentication(config);
  const adapter = new CloudAdapter(auth.authentication);
  const conversations = new TeamsConversationStore(options.store);
  const poster = new TeamsPoster(adapter, config.appId!, logger, { ...DEFAULT_THROTTLE_POLICY, ...options.throttle });
  const renderer = new TeamsThreadRenderer({
    poster,
    store: options.store,
    conversations,
    service: options.service,
    budget: options.budget,
    logger,
    clock,
    statusUpdateIntervalMs: options.statusUpdateIntervalMs,
    charts: options.charts,
    findingCharts: options.findingCharts,
  });
  const deps: TeamsSurfaceDeps = {
    service: options.service,
    store: options.store,
    config,
    policy: new TeamsSteererPolicy(config.steerers, clock),
    conversations,
    renderer,
    logger,
    clock,
    metrics: options.metrics,
    alertReader: options.alertReader,
    assistant: options.assistant,
  };
  const bot = new CausaTeamsBot(deps);
  // The one error boundary of a turn: logged with the activity, a short safe answer in Teams.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, activityId: context.activity.id, activityType: context.activity.type }, 'a Teams turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Causa could not handle that message; the details are in its logs.').catch(() => undefined);
    }
  };
  let unsubscribe: (() => Promise<void>) | undefined;

  return {
    adapter,
    httpRoutes: [messagesRoute(adapter, auth.authentication, (context) => bot.run(context), logger)],
    async start() {
      unsubscribe ??= options.service.subscribe(renderer.handle, { surface: TEAMS_SURFACE });
      logger.info({ path: TEAMS_MESSAGES_PATH, appType: config.appType, authority: auth.authority }, 'Teams surface receiving (Bot Framework messaging endpoint)');
    },
    async stop() {
      await unsubscribe?.();
      unsubscribe = undefined;
    },
    async health() {
      const metadataUrl = config.endpoints?.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
      const inbound = await check(async () => {
        const response = await fetch(metadataUrl, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { jwks_uri?: unknown };
        if (typeof body.jwks_uri !== 'string') throw new Error('no jwks_uri in the OpenID metadata');
        return `signing keys from ${new URL(body.jwks_uri).host}`;
      });
      const outbound = await check(async () => {
        const scope = config.endpoints?.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope;
        const credentials = await auth.credentials.createCredentials(config.appId!, scope, auth.authority, false);
        await (credentials as unknown as { getToken(force?: boolean): Promise<string> }).getToken(true);
        return `token for ${scope} obtained (${config.appType})`;
      });
      return { inbound, outbound };
    },
  };
}

async function check(probe: () => Promise<string>): Promise<{ ok: boolean; message: string }> {
  try {
    return { ok: true, message: await probe() };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}
