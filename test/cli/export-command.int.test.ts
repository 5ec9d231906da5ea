import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { InvestigationService } from '../../src/app/investigation-service';
import { alertFromCase } from '../../src/app/alert-from-case';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { ReportSchema } from '../../src/core/report/report-schema';
import { createLogger } from '../../src/observability/logger';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { RedisInvestigationStore } from '../../src/store/redis/redis-investigation-store';
import { BundleSource } from '../../src/telemetry/bundle';
import { cleanUp, connect, REDIS_URL, requireRedis, uniquePrefix } from '../store/redis-test-support';
import { runCli } from './cli-harness';

describe('causa export', () => {
  const prefix = uniquePrefix();
  let redis: Redis;
  let dir: string;
  let env: Record<string, string>;
  let investigationId: string;

  beforeAll(async () => {
    await requireRedis();
    redis = connect();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-export-'));
    await fs.writeFile(path.join(dir, 'causa.yaml'), `store:\n  type: redis\n  keyPrefix: "${prefix}"\n`);
    env = { REDIS_URL, CAUSA_CONFIG: path.join(dir, 'causa.yaml') };
    const bundle = path.join(dir, 'bundle');
    await writeScenario('network-delay', bundle);
    const source = new BundleSource({ dir: bundle });
    const store = new RedisInvestigationStore({ redis, keyPrefix: prefix });
    const service = new InvestigationService({
      store, source, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}),
      logger: createLogger({ level: 'silent' }), refireWindowMs: 0,
    });
    service.subscribe(async (event, id) => {
      if (event.type === 'hypothesis-proposed' && event.hypothesis.id === 'H1') await service.steer(id, { type: 'veto', hypothesisId: 'H1', by: 'UOPS', at: event.at });
    });
    const started = await service.start({ alert: alertFromCase(source.case), thread: { surface: 'test', channel: 'C1', threadId: '1.0' }, requestedBy: 'UOPS' });
    if (!started.started) throw new Error('the investigation did not start');
    investigationId = started.investigationId;
    await service.whenIdle();
  }, 60_000);

  afterAll(async () => {
    await cleanUp(prefix, [redis]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints the record, the report, the human decisions and every event as JSON', async () => {
    const { code, out, err } = await runCli(['export', investigationId], env, dir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const audit = JSON.parse(out);
    expect(audit.format).toBe('causa-audit/1');
    expect(audit.investigation).toMatchObject({ id: investigationId, status: 'done', thread: { channel: 'C1' } });
    expect(ReportSchema.safeParse(audit.report).success).toBe(true);
    expect(audit.events[0].type).toBe('investigation-started');
    expect(audit.events.map((event: { seq: number }) => event.seq)).toEqual(audit.events.map((_: unknown, index: number) => index + 1));
    expect(audit.events.at(-1).type).toBe('report-ready');
    expect(audit.decisions).toEqual([expect.objectContaining({ command: expect.objectContaining({ type: 'veto', hypothesisId: 'H1', by: 'UOPS' }) })]);
  });

  it('writes to a file with --out', async () => {
    const { code, err } = await runCli(['export', investigationId, '--out', 'audit.json'], env, dir);
    expect(code).toBe(0);
    expect(err).toContain('audit.json');
    expect(JSON.parse(await fs.readFile(path.join(dir, 'audit.json'), 'utf8')).investigation.id).toBe(investigationId);
  });

  it('says clearly when the id is unknown, and exits 2', async () => {
    const { code, out, err } = await runCli(['export', 'inv-does-not-exist'], env, dir);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/no investigation "inv-does-not-exist" in the store/);
  });

  it('refuses a memory store and a missing id with how to fix it', async () => {
    const memory = await runCli(['export', investigationId], {}, path.join(dir, 'bundle'));
    expect(memory.code).toBe(2);
    expect(memory.err).toMatch(/CAUSA_STORE=redis/);
    const missing = await runCli(['export'], env, dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Usage: causa export/);
  });
});
