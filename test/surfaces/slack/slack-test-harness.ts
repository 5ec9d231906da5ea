import type { TelemetrySource } from '../../../src/core/ports/telemetry-source';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { InvestigationService } from '../../../src/app/investigation-service';
import { SlackConfigSchema, type SlackConfig } from '../../../src/config';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import type { SteeringCommand } from '../../../src/core/investigation/steering-schema';
import type { BotMetrics } from '../../../src/observability/bot-metrics';
import { createLogger } from '../../../src/observability/logger';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { MemoryInvestigationStore } from '../../../src/store/memory/memory-investigation-store';
import { HttpServer } from '../../../src/server/http-server';
import { createSlackApp, type SlackSurface } from '../../../src/surfaces/slack';
import { BundleSource } from '../../../src/telemetry/bundle';
import { reportChartMaker } from '../../../src/app/report-charts';
import { findingChartMaker } from '../../../src/app/finding-charts';
import { TimerFollowUpScheduler } from '../../../src/app/timer-follow-up-scheduler';
import { FollowUpSettingsSchema } from '../../../src/core/follow-up/follow-up-policy';
import { FakeSlackApi, type RecordedCall } from './fake-slack-api';
import { startLanguageModel, type LanguageModelParts } from './language-model-parts';
import type { ModelResponder } from '../../fakes/openai-compatible-server';

export const SIGNING_SECRET = 'test-signing-secret';
export const CHANNEL = 'CINCIDENTS';
export const ALERT_BOT = 'BALERTMANAGER';

/**
 * A memory store that tells a test when steering was queued: Bolt acknowledges an event before
 * its listener runs, so the test waits for the queued command rather than for the HTTP answer.
 */
export class ObservedStore extends MemoryInvestigationStore {
  readonly steering: SteeringCommand[] = [];
  private waiters: Array<() => void> = [];

  override async pushSteering(id: string, command: SteeringCommand): Promise<void> {
    await super.pushSteering(id, command);
    this.steering.push(command);
    for (const wake of this.waiters.splice(0)) wake();
  }

  async waitForSteering(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.steering.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} steering command(s)`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** Everything a Slack end-to-end test drives. */
export interface SlackHarness {
  fake: FakeSlackApi;
  store: ObservedStore;
  service: InvestigationService;
  surface: SlackSurface;
  port: number;
  alertText: { title: string; body: string };
  logs: string[];
  /** With `model`: the fake model server the LLM reasoner and the thread assistant talk to. */
  model?: LanguageModelParts;
  close(): Promise<void>;
}

/** Builds the fake Slack API, the kafka-consumer-lag scenario as telemetry, the service and the Slack app. */
export async function startHarness(
  options: {
    scenario?: string;
    mode?: 'http' | 'socket';
    slack?: Record<string, unknown>;
    socketUrl?: string;
    budget?: Record<string, unknown>;
    metrics?: BotMetrics;
    store?: ObservedStore;
    /** A fake Slack API the caller started (and stops): e.g. shared by a process and its restart. */
    fake?: FakeSlackApi;
    model?: ModelResponder;
    /** Changes the scenario's bundle files before the app reads them (hostile log lines…). */
    prepareBundle?: (dir: string) => Promise<void>;
    /** Replays the scenario as if live: the telemetry visible is what is dated up to this moment (unix ms). */
    asOf?: () => number;
    /** Follow-up settings (`followUps` of the config); with them, follow-ups run on in-process timers. */
    followUps?: Record<string, unknown>;
    /** Wraps the scenario's source (e.g. to give its evidence the deep links a live backend gives). */
    wrapSource?: (source: TelemetrySource) => TelemetrySource;
  } = {},
): Promise<SlackHarness> {
  const scenario = options.scenario ?? 'kafka-consumer-lag';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `causa-slack-${scenario}-`));
  await writeScenario(scenario, dir);
  await options.prepareBundle?.(dir);
  const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert as { title: string; text: string };
  const fake = options.fake ?? new FakeSlackApi();
  if (!options.fake) await fake.start();
  if (options.socketUrl) fake.socketUrl = options.socketUrl;
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }) });
  const store = options.store ?? new ObservedStore();
  const budget = BudgetSchema.parse(options.budget ?? {});
  const bundle = new BundleSource({ dir, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const source: TelemetrySource = options.wrapSource ? options.wrapSource(bundle) : bundle;
  const scheduler = options.followUps ? new TimerFollowUpScheduler() : undefined;
  const model = options.model ? await startLanguageModel(options.model, store, source) : undefined;
  const service = new InvestigationService({
    store,
    source,
    reasoner: model?.reasoner ?? new OfflineReasoner(),
    budget,
    thresholds: ThresholdsSchema.parse({}),
    logger,
    refireWindowMs: 30 * 60_000,
    ...(scheduler ? { followUps: { settings: FollowUpSettingsSchema.parse(options.followUps), scheduler } } : {}),
  });
  const mode = options.mode ?? 'http';
  const config: SlackConfig = SlackConfigSchema.parse({
    botToken: 'xoxb-test-token',
    ...(mode === 'http' ? { signingSecret: SIGNING_SECRET } : { appToken: 'xapp-test-token' }),
    apiUrl: fake.apiUrl,
    autoTriggerChannels: [CHANNEL],
    alertSenders: [ALERT_BOT],
    // The flow tests are about what is posted, not about pacing (posting-scheduler tests are).
    posting: { channelIntervalMs: 0, workspacePerMinute: 1_000_000, updates: { perMinute: 1_000_000 } },
    ...options.slack,
  });
  const surface = createSlackApp({ config, mode, service, store, budget, logger, metrics: options.metrics, statusUpdateIntervalMs: 0, assistant: model?.assistant, alertReader: model?.alertReader, charts: reportChartMaker(source), findingCharts: findingChartMaker(source) });
  const server = new HttpServer(logger).add(...surface.httpRoutes);
  await surface.start();
  const port = await server.listen(0, '127.0.0.1');
  const [title, ...rest] = caseAlert.text.split('\n');
  return {
    fake,
    store,
    service,
    surface,
    port,
    alertText: { title, body: rest.join('\n') },
    logs,
    model,
    async close() {
      await server.close();
      await surface.stop();
      await scheduler?.close();
      await service.whenIdle();
      if (!options.fake) await fake.stop();
      await model?.server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

let eventCounter = 0;

/** An Events API envelope around `event`. */
export function envelope(event: Record<string, unknown>, eventId = `Ev${++eventCounter}`): Record<string, unknown> {
  return { token: 'legacy', team_id: 'T0TEST', api_app_id: 'A0CAUSA', type: 'event_callback', event_id: eventId, event_time: 1715680000, event };
}

/** Alertmanager's post in the incident channel: the alert in an attachment, as Slack receivers post it. */
export function alertPost(harness: Pick<SlackHarness, 'alertText'>, ts: string, body = harness.alertText.body): Record<string, unknown> {
  return {
    type: 'message',
    subtype: 'bot_message',
    bot_id: ALERT_BOT,
    username: 'Alertmanager',
    channel: CHANNEL,
    channel_type: 'channel',
    ts,
    text: '',
    attachments: [{ color: 'danger', title: harness.alertText.title, text: body, fallback: harness.alertText.title }],
  };
}

/** A person's reaction on a message. */
export function reaction(user: string, name: string, ts: string): Record<string, unknown> {
  return { type: 'reaction_added', user, reaction: name, item: { type: 'message', channel: CHANNEL, ts }, item_user: 'UCAUSA', event_ts: '1715680100.000100' };
}

/** The ts of the hypothesis message for `hypothesisId` (found by its Confirm/Veto button value). */
export function hypothesisMessageTs(calls: RecordedCall[], hypothesisId: string): string | undefined {
  return calls.find((call) => call.method === 'chat.postMessage' && buttonValue(call)?.endsWith(`/${hypothesisId}`))?.response.ts;
}

/** The value of the first button of a message, if it has one. */
export function buttonValue(call: RecordedCall): string | undefined {
  const actions = (call.body.blocks ?? []).find((block: { type: string }) => block.type === 'actions');
  return actions?.elements?.[0]?.value;
}

/** Text of all of a call's section blocks. */
export function blockText(call: RecordedCall): string {
  return (call.body.blocks ?? []).map((block: any) => block.text?.text ?? block.elements?.map((e: any) => (typeof e.text === 'string' ? e.text : e.text?.text)).join(' ') ?? '').join('\n');
}
