import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../../src/app/investigate-bundle';
import { reportChartMaker } from '../../src/app/report-charts';
import { pngSize } from '../../src/charts/png-encoder';
import { planReportCharts, signalMetric } from '../../src/charts/report-chart-plan';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { BundleSource } from '../../src/telemetry/bundle';
import type { TelemetrySource } from '../../src/core/ports/telemetry-source';

async function investigated(scenario: string) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-charts-'));
  await writeScenario(scenario, dir);
  const { report } = await investigateBundle({ dir, reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
  return { dir, report };
}

describe('report charts', () => {
  it('draws the root cause against normal and the alert signal, onset and alert marked', async () => {
    const { dir, report } = await investigated('kafka-consumer-lag');
    const plan = planReportCharts(report, (await new BundleSource({ dir }).catalog()).metrics);
    const cause = plan.find((r) => r.kind === 'cause')!;
    expect(cause).toMatchObject({ metric: 'disk_io_utilization_percent', service: 'kafka-broker', instance: 'kafka-broker-1', unit: '%' });
    expect(cause.reference).toBeCloseTo(33.921, 2);
    expect(cause.markers.map((m) => m.kind)).toEqual(['onset', 'alert']);
    expect(cause.markers[0].at).toBeLessThan(cause.markers[1].at);
    expect(plan.find((r) => r.kind === 'alert')).toMatchObject({ metric: 'kafka_consumer_lag_messages', service: 'orders-consumer' });

    const charts = await reportChartMaker(new BundleSource({ dir }))(report);
    expect(charts.map((c) => c.fileName)).toEqual([`causa-rca-${report.investigationId}-alert.png`, `causa-rca-${report.investigationId}-cause.png`]);
    for (const chart of charts) expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
  }, 60_000);

  it('draws nothing for an abstained report and never rejects when the source fails', async () => {
    const { dir, report } = await investigated('network-delay');
    // The root cause's finding names no metric (a call statistic): the metric that shows its fault type on its service.
    const plan = planReportCharts(report, (await new BundleSource({ dir }).catalog()).metrics);
    expect(plan.find((r) => r.kind === 'cause')).toMatchObject({ metric: 'tcp_retransmits_per_second', service: 'payment-service', hypothesisId: 'H1.1' });
    expect(plan.find((r) => r.kind === 'cause')?.reference).toBeUndefined();
    expect(planReportCharts({ ...report, abstained: true }, {})).toEqual([]);
    const broken = { id: 'x', kind: 'x', capabilities: () => [], health: async () => ({ ok: false, message: '' }), catalog: async () => Promise.reject(new Error('down')), run: async () => Promise.reject(new Error('down')) } as unknown as TelemetrySource;
    await expect(reportChartMaker(broken)(report)).resolves.toEqual([]);
  }, 60_000);

  it('finds the metric that carries the alert symptom', () => {
    expect(signalMetric('latency', ['cpu_usage_percent', 'latency_p50_seconds', 'latency_p90_seconds'])).toBe('latency_p90_seconds');
    expect(signalMetric('errors', ['requests_per_second', 'error_rate_percent'])).toBe('error_rate_percent');
    expect(signalMetric('anomaly', ['error_rate_percent'])).toBeUndefined();
  });
});
