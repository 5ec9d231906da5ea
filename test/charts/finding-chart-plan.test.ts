import { planFindingChart } from '../../src/charts/finding-chart-plan';

const window = { start: '2024-05-14T09:30:00Z', end: '2024-05-14T10:10:00Z' };

describe('planFindingChart', () => {
  it("reads the finding's metric, instance and normal level, over the investigation's window with the onset and the alert marked", () => {
    const request = planFindingChart({
      hypothesisId: 'H1.2',
      finding: 'cpu_usage_percent on checkout/checkout-2: 97.1 vs 31.4 normal (robust z 12.5)',
      onset: Date.parse('2024-05-14T09:52:00Z') / 1000,
      alertFiredAt: '2024-05-14T09:58:00Z',
      window,
    });
    expect(request).toMatchObject({ kind: 'finding', hypothesisId: 'H1.2', metric: 'cpu_usage_percent', service: 'checkout', instance: 'checkout-2', reference: 31.4, range: window });
    expect(request?.title).toMatch(/^H1\.2: .*checkout \(checkout-2\) against normal$/);
    expect(request?.markers).toEqual([
      { kind: 'onset', at: Date.parse('2024-05-14T09:52:00Z') / 1000 },
      { kind: 'alert', at: Date.parse('2024-05-14T09:58:00Z') / 1000 },
    ]);
  });

  it('draws nothing for a finding that names no metric, or without a window', () => {
    expect(planFindingChart({ hypothesisId: 'H2', finding: 'log template "payment declined" appeared 240 times', window })).toBeUndefined();
    expect(planFindingChart({ hypothesisId: 'H2', finding: 'cpu_usage_percent on checkout: 97 vs 31 normal', window: { start: 'soon', end: 'later' } })).toBeUndefined();
  });

  it("charts the series that shows the fault type on the subject when the finding names no metric (a trace or log finding)", () => {
    const input = { hypothesisId: 'H1.1', finding: 'calls booking → payment spend a median 414 ms between client and server', window, faultType: 'network-delay' as const, service: 'payment' };
    const request = planFindingChart(input, { payment: ['cpu_usage_percent', 'tcp_retransmits_per_second'], booking: ['network_receive_bytes'] });
    expect(request).toMatchObject({ kind: 'finding', metric: 'tcp_retransmits_per_second', service: 'payment', range: window });
    expect(request?.reference).toBeUndefined();
    // Nothing to chart: no metric of the subject shows the fault type, or no catalog.
    expect(planFindingChart(input, { payment: ['cpu_usage_percent'] })).toBeUndefined();
    expect(planFindingChart(input)).toBeUndefined();
  });

  it('says "against normal" only when the finding quotes a normal level', () => {
    const request = planFindingChart({ hypothesisId: 'H3', finding: 'restarts_total on orders: 5 restarts', window });
    expect(request?.reference).toBeUndefined();
    expect(request?.title).not.toMatch(/against normal/);
  });
});
