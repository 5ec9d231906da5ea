import { changeStart, loadScenario, mean, seriesOf } from './bundle-fixture';

describe('network-delay scenario', () => {
  const { bundle, answer } = loadScenario('network-delay');
  const { baseline, alertAt, window } = bundle;
  const byId = new Map(bundle.spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  // Pairs of (booking-service client span, payment-service server span).
  const calls = bundle.spans
    .filter((s) => s.service === 'payment-service' && s.parentSpanId !== null)
    .map((server) => ({ server, client: byId.get(`${server.traceId}/${server.parentSpanId}`)! }))
    .filter((c) => c.client.service === 'booking-service');

  it('alerts on frontend latency', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('frontend');
    expect(changeStart(seriesOf(bundle, { service: 'frontend', metric: 'latency_p90_seconds' }), baseline)).toBeLessThan(alertAt);
  });

  it('adds ~400 ms between booking-service client spans and fast payment-service server spans', () => {
    const during = (from: number, until: number) => calls.filter((c) => c.client.t >= from && c.client.t < until);
    const gap = (cs: typeof calls) => mean(cs.map((c) => c.client.durationMs - c.server.durationMs));
    const server = (cs: typeof calls) => mean(cs.map((c) => c.server.durationMs));
    const before = during(baseline.start, baseline.end);
    const after = during(alertAt, window.end);
    expect(before.length).toBeGreaterThan(10);
    expect(after.length).toBeGreaterThan(10);
    expect(gap(before)).toBeLessThan(5);
    expect(gap(after)).toBeGreaterThan(300);
    expect(gap(after)).toBeLessThan(500);
    expect(server(after) / server(before)).toBeLessThan(1.3);
  });

  it('keeps payment-service server latency flat while its retransmits rise', () => {
    expect(changeStart(seriesOf(bundle, { service: 'payment-service', metric: 'latency_p90_seconds' }), baseline)).toBeUndefined();
    expect(changeStart(seriesOf(bundle, { service: 'payment-service', metric: 'tcp_retransmits_per_second' }), baseline)).toBeDefined();
    expect(answer.rootCause).toMatchObject({ service: 'payment-service', faultType: 'network-delay' });
    expect(answer.notTheCause).toContain('booking-service');
  });
});
