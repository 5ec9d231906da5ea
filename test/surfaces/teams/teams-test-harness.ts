import { promises as fs } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { InvestigationService } from '../../../src/app/investigation-service';
import { TeamsConfigSchema } from '../../../src/config';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { createLogger } from '../../../src/observability/logger';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';
import { HttpServer } from '../../../src/server/http-server';
import { createTeamsSurface, type TeamsSurface } from '../../../src/surfaces/teams';
import { BundleSource } from '../../../src/telemetry/bundle';
import { reportChartMaker } from '../../../src/app/report-charts';
import { findingChartMaker } from '../../../src/app/finding-charts';
import type { ReportChartMaker } from '../../../src/charts/report-chart';
import type { InvestigationStore } from '../../../src/core/ports/investigation-store';
import type { ModelResponder } from '../../fakes/openai-compatible-server';
import { startLanguageModel, type LanguageModelParts } from '../slack/language-model-parts';
import { ObservedStore } from '../slack/slack-test-harness';
import { APP_ID, APP_PASSWORD, FakeBotFramework, TENANT_ID, type ConnectorCall } from './fake-bot-framework';

export const TEAM_ID = '19:team-sre@thread.tacv2';
export const CHANNEL_ID = '19:incidents@thread.tacv2';
export const WEBHOOK_SENDER = 'Prometheus Alerts';
export const BOT_ID = `28:${APP_ID}`;

/** Everything a Teams end-to-end test drives. */
export interface TeamsHarness {
  fake: FakeBotFramework;
  store: ObservedStore;
  /** The store the service and surface use: `store`, or the one the test passed (Redis). */
  backing: InvestigationStore;
  service: InvestigationService;
  /** With `model`: the fake model server the LLM reasoner and the thread assistant talk to. */
  model?: LanguageModelParts;
  surface: TeamsSurface;
  botUrl: string;
  alertText: { title: string; body: string };
  logs: string[];
  close(): Promise<void>;
}

/**
 * The fake Bot Framework (authentication on), the kafka-consumer-lag scenario as telemetry, the
 * service and the Teams surface served on Causa's HTTP server. The test process trusts the fake
 * login authority's self-signed certificate, as a deployment behind a private CA sets
 * NODE_EXTRA_CA_CERTS.
 */
export async function startTeamsHarness(
  options: { teams?: Record<string, unknown>; budget?: Record<string, unknown>; model?: ModelResponder; store?: InvestigationStore; fake?: FakeBotFramework; charts?: ReportChartMaker } = {},
): Promise<TeamsHarness> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-teams-kafka-consumer-lag-'));
  await writeScenario('kafka-consumer-lag', dir);
  const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert as { text: string };
  const fake = options.fake ?? new FakeBotFramework();
  if (!options.fake) await fake.start();
  trustCertificate(fake.certificate);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }) });
  const store = new ObservedStore();
  const backing = options.store ?? store;
  const budget = BudgetSchema.parse(options.budget ?? {});
  const source = new BundleSource({ dir });
  const model = options.model ? await startLanguageModel(options.model, backing, source) : undefined;
  const service = new InvestigationService({
    store: backing,
    source,
    reasoner: model?.reasoner ?? new OfflineReasoner(),
    budget,
    thresholds: ThresholdsSchema.parse({}),
    logger,
    refireWindowMs: 30 * 60_000,
  });
  const config = TeamsConfigSchema.parse({
    appId: APP_ID,
    appPassword: APP_PASSWORD,
    tenantId: TENANT_ID,
    alertChannels: [CHANNEL_ID],
    alertSenders: [WEBHOOK_SENDER],
    endpoints: fake.endpoints(),
    ...options.teams,
  });
  const surface = createTeamsSurface({ config, service, store: backing, budget, logger, statusUpdateIntervalMs: 0, assistant: model?.assistant, alertReader: model?.alertReader, charts: options.charts ?? reportChartMaker(source), findingCharts: findingChartMaker(source) });
  const server = new HttpServer(logger).add(...surface.httpRoutes);
  await surface.start();
  const port = await server.listen(0, '127.0.0.1');
  const [title, ...rest] = caseAlert.text.split('\n');
  return {
    fake,
    store,
    backing,
    service,
    model,
    surface,
    botUrl: `http://127.0.0.1:${port}/api/messages`,
    alertText: { title, body: rest.join('\n') },
    logs,
    async close() {
      await server.close();
      await surface.stop();
      await service.whenIdle();
      if (!options.fake) await fake.stop();
      await model?.server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

const trusted = new Set<string>();

/** Adds a CA certificate to the ones this process trusts (the default ones kept). */
export function trustCertificate(pem: string): void {
  if (trusted.has(pem)) return;
  trusted.add(pem);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { rootCertificates } = require('node:tls') as typeof import('node:tls');
  https.globalAgent.options.ca = [...rootCertificates, ...trusted];
}

let counter = 0;

/** A fresh Teams message id (Teams ids are epoch milliseconds). */
export function messageId(): string {
  counter += 1;
  return String(1_715_679_000_000 + counter);
}

/** A channel message activity, as Teams delivers it (root post, or a reply with `rootId`). */
export function channelMessage(
  fake: FakeBotFramework,
  fields: { id?: string; rootId?: string; text?: string; from?: Record<string, unknown>; attachments?: unknown[]; mention?: boolean; value?: unknown },
): Record<string, unknown> {
  const id = fields.id ?? messageId();
  const root = fields.rootId ?? id;
  const mentionText = '<at>Causa</at>';
  return {
    type: 'message',
    id,
    timestamp: new Date(Number(id)).toISOString(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from: fields.from ?? { id: '29:user-alice', name: 'Alice Operator', aadObjectId: 'aad-alice' },
    conversation: { id: `${CHANNEL_ID};messageid=${root}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    recipient: { id: BOT_ID, name: 'Causa' },
    textFormat: 'plain',
    text: fields.mention ? `${mentionText} ${fields.text ?? ''}` : (fields.text ?? ''),
    attachments: fields.attachments ?? [],
    entities: fields.mention ? [{ type: 'mention', text: mentionText, mentioned: { id: BOT_ID, name: 'Causa' } }] : [],
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } },
    ...(fields.value ? { value: fields.value } : {}),
  };
}

/** A Universal Action (`Action.Execute`) invoke from a hypothesis card. */
export function cardAction(fake: FakeBotFramework, rootId: string, verb: string, data: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${messageId()}`,
    timestamp: new Date().toISOString(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { id: `${CHANNEL_ID};messageid=${rootId}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    recipient: { id: BOT_ID, name: 'Causa' },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } },
  };
}

/** The Adaptive Card a connector call carries, if any. */
export function cardOf(call: ConnectorCall): Record<string, unknown> | undefined {
  const attachments = (call.body.attachments ?? []) as Array<{ contentType?: string; content?: Record<string, unknown> }>;
  return attachments.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All the TextBlock and fact text of a card, joined. */
export function cardText(card: Record<string, unknown> | undefined): string {
  if (!card) return '';
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.text === 'string') parts.push(record.text);
    if (typeof record.title === 'string' && typeof record.value === 'string') parts.push(`${record.title}: ${record.value}`);
    for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
  };
  walk(card.body);
  return parts.join('\n');
}

/** The Confirm / Veto action data on a hypothesis card. */
export function hypothesisOfCard(card: Record<string, unknown> | undefined): { investigationId: string; hypothesisId: string } | undefined {
  const actions = (card?.actions ?? []) as Array<{ data?: { investigationId?: string; hypothesisId?: string } }>;
  const data = actions[0]?.data;
  return data?.investigationId && data.hypothesisId ? { investigationId: data.investigationId, hypothesisId: data.hypothesisId } : undefined;
}

/** Waits until `predicate` holds over the connector calls. */
export async function waitFor(fake: FakeBotFramework, predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(fake.calls)) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the Bot Connector calls');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A 👍 (like) reaction on a message of a channel thread, as Teams delivers it. */
export function likeReaction(fake: FakeBotFramework, rootId: string, messageId: string, from: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'messageReaction',
    id: `r:${messageId}:${String(from.id)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { id: `${CHANNEL_ID};messageid=${rootId}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    recipient: { id: BOT_ID, name: 'Causa' },
    replyToId: messageId,
    reactionsAdded: [{ type: 'like' }],
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } },
  };
}

/** The `fileConsent/invoke` Teams sends when someone answers a file consent card in a 1:1 chat. */
export function fileConsentInvoke(
  fake: FakeBotFramework,
  conversationId: string,
  action: 'accept' | 'decline',
  context: unknown,
  from: Record<string, unknown>,
  upload?: { session: string; name: string },
): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'fileConsent/invoke',
    id: `f:${messageId()}`,
    timestamp: new Date().toISOString(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    recipient: { id: BOT_ID, name: 'Causa' },
    replyToId: '1700000000999',
    value: {
      type: 'fileUpload',
      action,
      context,
      ...(upload
        ? { uploadInfo: { name: upload.name, uploadUrl: fake.uploadUrl(upload.session), contentUrl: `https://contoso-my.sharepoint.example/personal/alice/Documents/Applications/Causa/${upload.name}`, uniqueId: `unique-${upload.session}`, fileType: 'md' } }
        : {}),
    },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** The attachments a connector call carries. */
export function attachmentsOf(call: ConnectorCall): Array<{ contentType: string; name?: string; contentUrl?: string; content?: Record<string, unknown> }> {
  return (call.body.attachments ?? []) as Array<{ contentType: string; name?: string; contentUrl?: string; content?: Record<string, unknown> }>;
}
