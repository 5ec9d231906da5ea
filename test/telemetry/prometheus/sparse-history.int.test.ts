import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertFromCase } from '../../../src/app/alert-from-case';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { Investigator } from '../../../src/core/investigation/investigator';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { BundleCaseSchema } from '../../../src/telemetry/bundle/bundle-case-schema';
import { PrometheusSource } from '../../../src/telemetry/prometheus';
import { prometheusInstalled, startPrometheus, type RunningPrometheus, type Sample } from './prometheus-server';

/**
 * A Prometheus that holds history only around incidents: 1-second gauges per service (labels
 * `cluster` and `service`, no `namespace`, no call graph), a few fault-free minutes recorded days
 * before the incident, then nothing until the incident's onset. Neither the day nor the week before
 * holds data and the minutes before the alert are already the fault, so the latest data before the
 * period must become the reference, within the alert's cluster only (another cluster's data lies
 * closer to the incident and must not be taken).
 */
const available = prometheusInstalled();
if (!available && process.env.CAUSA_REQUIRE_PROMETHEUS === '1') {
  throw new Error('prometheus and promtool are required (CAUSA_REQUIRE_PROMETHEUS=1) but not on the PATH; run .ci/ensure-prometheus.sh');
}
if (!available) console.warn('skipping the sparse-history Prometheus tests: prometheus/promtool not on the PATH (install with apt-get install prometheus)');
const describeWithPrometheus = available ? describe : describe.skip;

const ONSET = Date.parse('2024-03-10T12:00:00Z') / 1000;
const FIRED = ONSET + 80;
const CALM_END = ONSET - (2 * 86_400 + 20 * 3600);
const SERVICES = ['api', 'orders', 'db'];

/** 1-second samples of every service in [from, to]; `faulty` leaks memory from `onset` on. */
function secondly(cluster: string, from: number, to: number, faulty?: { service: string; onset: number }): Sample[] {
  const samples: Sample[] = [];
  for (let t = from; t <= to; t += 1) {
    SERVICES.forEach((service, i) => {
      const wobble = Math.sin(t / 7 + i);
      const leaking = faulty && service === faulty.service && t >= faulty.onset ? (t - faulty.onset) * 4e6 : 0;
      const labels = { cluster, service };
      samples.push({ timestamp: t, service, instance: '', metric: 'memory_usage_bytes', value: 2e8 + i * 5e7 + wobble * 1e6 + leaking, labels });
      samples.push({ timestamp: t, service, instance: '', metric: 'cpu_usage_percent', value: 20 + i * 5 + wobble, labels });
    });
  }
  return samples;
}

describeWithPrometheus('PrometheusSource over history kept only around incidents', () => {
  let workdir: string;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-prometheus-sparse-'));
    const samples = [
      ...secondly('east', CALM_END - 300, CALM_END),
      ...secondly('east', ONSET, ONSET + 300, { service: 'db', onset: ONSET }),
      // Another cluster, recorded two hours before the incident: not this alert's reference.
      ...secondly('west', ONSET - 7200, ONSET - 6900),
    ];
    prometheus = await startPrometheus(path.join(workdir, 'prometheus'), samples);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await fs.rm(workdir, { recursive: true, force: true });
  });

  it("takes the latest data of the alert's cluster before the period as the reference when a day and a week earlier hold none", async () => {
    const source = new PrometheusSource({ url: prometheus.url, baselineOffset: '1d' }).scopedTo({ namespace: 'shop', cluster: 'east' });
    const around = { start: new Date((FIRED - 1800) * 1000).toISOString(), end: new Date((FIRED + 300) * 1000).toISOString() };
    const catalog = await source.catalog({ around });
    expect(catalog.services).toEqual(['api', 'db', 'orders']);
    expect(catalog.baseline).toEqual({ start: new Date((CALM_END + 1 - 2100) * 1000).toISOString(), end: new Date((CALM_END + 1) * 1000).toISOString() });
    expect(catalog.dataGaps).toEqual([`no reference data 1d or 7d earlier: the latest data before the period (${catalog.baseline!.start} → ${catalog.baseline!.end}) is the reference`]);
  });

  it('keeps "the minutes before the alert are the only reference" when the cluster has no earlier data at all', async () => {
    const source = new PrometheusSource({ url: prometheus.url, baselineOffset: '1d' }).scopedTo({ cluster: 'west' });
    const catalog = await source.catalog({ around: { start: new Date((ONSET - 7000) * 1000).toISOString(), end: new Date((ONSET - 6900) * 1000).toISOString() } });
    expect(catalog.baseline).toBeUndefined();
    expect(catalog.dataGaps).toEqual(['no reference data 1d or 7d earlier: the minutes before the alert are the only reference']);
  });

  it('names the leaking service from that reference with the default configuration', async () => {
    const investigator = new Investigator({
      reasoner: new OfflineReasoner(),
      source: new PrometheusSource({ url: prometheus.url, baselineOffset: '1d' }),
      budget: BudgetSchema.parse({}),
      thresholds: ThresholdsSchema.parse({}),
    });
    const alert = alertFromCase(
      BundleCaseSchema.parse({
        id: 'sparse',
        system: 'shop',
        alert: {
          source: 'alertmanager',
          title: '[FIRING:1] ShopSLODegraded',
          text: 'Shop SLO degraded; no single component named.',
          firedAt: new Date(FIRED * 1000).toISOString(),
          labels: { alertname: 'ShopSLODegraded', namespace: 'shop', cluster: 'east', severity: 'warning' },
        },
        // Not read by the live path: the investigator derives its own period from the alert.
        window: { start: new Date(ONSET * 1000).toISOString(), end: new Date((ONSET + 300) * 1000).toISOString() },
      }),
    );
    const report = await investigator.run({ investigationId: 'prom-sparse', alert, record: async () => undefined });
    expect(report.baseline).not.toBeNull();
    expect(report.ranking[0]?.service).toBe('db');
  }, 60_000);
});
