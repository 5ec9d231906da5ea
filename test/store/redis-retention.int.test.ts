import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { InvestigationService } from '../../src/app/investigation-service';
import { SlackConfigSchema } from '../../src/config';
import { RetentionConfigSchema } from '../../src/config/retention-schema';
import { AlertSchema } from '../../src/core/alerts/alert-schema';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { createLogger } from '../../src/observability/logger';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { HttpServer } from '../../src/server/http-server';
import { RedisInvestigationStore } from '../../src/store/redis/redis-investigation-store';
import { redisRetention } from '../../src/store/redis/redis-retention';
import { createSlackApp } from '../../src/surfaces/slack';
import { BundleSource } from '../../src/telemetry/bundle';
import { FakeSlackApi, isThreadUpload } from '../surfaces/slack/fake-slack-api';
import { SlackDelivery } from '../surfaces/slack/signed-request';
import { cleanUp, connect, requireRedis, uniquePrefix } from './redis-test-support';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** Every key under `prefix` with its remaining TTL in ms (-1: none). */
async function ttls(redis: Redis, prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
    for (const key of keys) found.set(key.slice(prefix.length), await redis.pttl(key));
    cursor = next;
  } while (cursor !== '0');
  return found;
}

describe('retention of what an investigation writes to Redis', () => {
  const prefix = uniquePrefix();
  let redis: Redis;
  let dir: string;

  beforeAll(async () => {
    await requireRedis();
    redis = connect();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-retention-'));
    await writeScenario('kafka-consumer-lag', dir);
  });

  afterAll(async () => {
    await cleanUp(prefix, [redis]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sets a TTL on every key of a Slack investigation: 90 days for the investigation and its bindings, at most 1 day for transient state', async () => {
    const retention = redisRetention(RetentionConfigSchema.parse({}));
    const store = new RedisInvestigationStore({ redis, keyPrefix: prefix, retention });
    const fake = new FakeSlackApi();
    await fake.start();
    const logger = createLogger({ level: 'silent' });
    const source = new BundleSource({ dir });
    const budget = BudgetSchema.parse({});
    const service = new InvestigationService({ store, source, reasoner: new OfflineReasoner(), budget, thresholds: ThresholdsSchema.parse({}), logger, refireWindowMs: 30 * 60_000 });
    const config = SlackConfigSchema.parse({
      botToken: 'xoxb-test-token',
      signingSecret: 'retention-secret',
      apiUrl: fake.apiUrl,
      autoTriggerChannels: ['CINCIDENTS'],
      alertSenders: ['BALERTMANAGER'],
      posting: { channelIntervalMs: 0, workspacePerMinute: 1_000_000, updates: { perMinute: 1_000_000 } },
    });
    const surface = createSlackApp({ config, mode: 'http', service, store, budget, logger, statusUpdateIntervalMs: 0 });
    const server = new HttpServer(logger).add(...surface.httpRoutes);
    await surface.start();
    const port = await server.listen(0, '127.0.0.1');
    try {
      const caseAlert = JSON.parse(await fs.readFile(path.join(dir, 'case.json'), 'utf8')).alert as { title: string; text: string };
      const [title, ...body] = caseAlert.text.split('\n');
      const post = {
        type: 'message', subtype: 'bot_message', bot_id: 'BALERTMANAGER', channel: 'CINCIDENTS', channel_type: 'channel', ts: '1715679770.000100', text: '',
        attachments: [{ color: 'danger', title, text: body.join('\n'), fallback: title }],
      };
      const delivery = new SlackDelivery(`http://127.0.0.1:${port}/slack/events`, 'retention-secret');
      const answer = await delivery.event({ type: 'event_callback', team_id: 'T0TEST', api_app_id: 'A0CAUSA', event_id: 'EvRetention', event_time: 1715680000, event: post });
      expect(answer.status).toBe(200);
      await fake.waitFor((calls) => calls.some(isThreadUpload), 60_000);
      await service.whenIdle();
      await surface.posting.whenIdle();
      const id = await store.findByThread({ surface: 'slack', channel: 'CINCIDENTS', threadId: '1715679770.000100' });
      expect(id).toBeDefined();
      await store.pushSteering(id!, { type: 'veto', hypothesisId: 'H1', by: 'UOPS', at: new Date().toISOString() });
    } finally {
      await server.close();
      await surface.stop();
      await fake.stop();
    }

    const keys = await ttls(redis, prefix);
    const kinds = new Set([...keys.keys()].map((key) => key.replace(/\{[^}]*\}/, '{id}').replace(/^(thread|claim):([^:]+).*$/, '$1:$2')));
    // What a Slack investigation writes: its record, audit log and inbox; its thread, hypothesis and
    // fingerprint bindings; the claims of the Slack event, the alert and the request.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['investigation:{id}:record', 'investigation:{id}:events', 'investigation:{id}:steering', 'thread:slack', 'thread:slack-hypothesis-message', 'thread:alert-fingerprint', 'claim:event', 'claim:alert']),
    );
    for (const [key, ttl] of keys) {
      expect({ key, hasTtl: ttl > 0 }).toEqual({ key, hasTtl: true });
      if (/:(record|events)$/.test(key) || key.startsWith('thread:')) {
        expect({ key, ttl: Math.round(ttl / DAY) }).toEqual({ key, ttl: 90 });
      } else {
        expect({ key, withinADay: ttl <= DAY }).toEqual({ key, withinADay: true });
      }
    }
  }, 90_000);

  it('takes its TTLs from the retention config and renews them on every write', async () => {
    const store = new RedisInvestigationStore({ redis, keyPrefix: `${prefix}custom:`, retention: redisRetention(RetentionConfigSchema.parse({ recordDays: 7, transientHours: 2 })) });
    const now = new Date().toISOString();
    const alert = AlertSchema.parse({ source: 'alertmanager', title: 'HighLatency', text: 'p99 over 2s', firedAt: now, fingerprint: 'f-retention' });
    await store.create({ id: 'inv-r', status: 'queued', alert, createdAt: now, updatedAt: now });
    await store.claim('request:long', 3 * DAY);
    // Nearly expired, then written: the write renews the full retention.
    await redis.pexpire(`${prefix}custom:investigation:{inv-r}:record`, 1000);
    await store.update('inv-r', { status: 'running' });
    const keys = await ttls(redis, `${prefix}custom:`);
    expect(Math.round(keys.get('investigation:{inv-r}:record')! / DAY)).toBe(7);
    expect(Math.round(keys.get('claim:request:long')! / HOUR)).toBe(2);
  });
});
