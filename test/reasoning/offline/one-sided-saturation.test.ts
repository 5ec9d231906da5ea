import { investigateBundle } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { caseJson, removeBundles, writeBundle } from '../../telemetry/bundle/bundle-fixture';

afterAll(removeBundles);

/**
 * The telemetry starts as the fault does: cart's CPU is at its limit from the first sample, and
 * the fault-free baseline recorded earlier holds only two samples per pod. The storefront's
 * latency is up throughout. One-sided evidence, but a pod at 100 % of its CPU that sat at 27 %
 * needs no statistics: the investigation must name it rather than abstain.
 */
function bundle(): string {
  const rows = ['timestamp,service,instance,metric,value'];
  const t0 = Date.parse('2024-03-01T10:00:00Z') / 1000;
  const baseline = Date.parse('2024-03-01T09:30:00Z') / 1000;
  const pods: Record<string, { cpu: number; pinned?: boolean }> = { 'storefront-0': { cpu: 35 }, 'cart-0': { cpu: 27, pinned: true }, 'catalog-0': { cpu: 18 }, 'catalog-1': { cpu: 20 } };
  for (const [pod, { cpu, pinned }] of Object.entries(pods)) {
    const service = pod.replace(/-\d$/, '');
    for (const [i, t] of [baseline, baseline + 60].entries()) rows.push(`${t},${service},${pod},cpu_usage_rate_percent,${cpu + i}`);
    for (let m = 0; m <= 10; m++) rows.push(`${t0 + m * 60},${service},${pod},cpu_usage_rate_percent,${pinned ? 99.5 + (m % 2) * 0.5 : cpu + (m % 3)}`);
  }
  for (const [i, t] of [baseline, baseline + 60].entries()) rows.push(`${t},storefront,,latency_p90_seconds,${0.2 + i * 0.01}`);
  for (let m = 0; m <= 10; m++) rows.push(`${t0 + m * 60},storefront,,latency_p90_seconds,${1.9 + (m % 2) * 0.1}`);
  return writeBundle({
    case: caseJson({
      alert: { source: 'alertmanager', title: 'storefront latency high', text: 'storefront p90 latency is 2.0 s', firedAt: '2024-03-01T10:03:00Z', labels: { service: 'storefront' } },
      window: { start: '2024-03-01T10:00:00Z', end: '2024-03-01T10:10:00Z' },
      baseline: { start: '2024-03-01T09:30:00Z', end: '2024-03-01T09:31:00Z' },
    }),
    metrics: `${rows.join('\n')}\n`,
    topology: { services: ['storefront', 'cart', 'catalog'], calls: [{ from: 'storefront', to: 'cart' }, { from: 'storefront', to: 'catalog' }] },
  });
}

describe('saturation at the very start of the telemetry', () => {
  it('names the saturated pod instead of abstaining', async () => {
    const { report } = await investigateBundle({ dir: bundle(), reasoner: new OfflineReasoner(), budget: BudgetSchema.parse({}), thresholds: ThresholdsSchema.parse({}) });
    expect(report.abstained).toBe(false);
    expect(report.ranking[0]).toMatchObject({ service: 'cart', faultType: 'cpu' });
    expect(report.ranking[0].confidence).toBeGreaterThanOrEqual(ThresholdsSchema.parse({}).abstainBelow);
  });
});
