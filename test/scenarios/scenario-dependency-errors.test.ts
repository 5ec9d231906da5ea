import { changeStart, loadScenario, logsWhere, seriesOf } from './bundle-fixture';

describe('dependency-errors scenario', () => {
  const { bundle, answer } = loadScenario('dependency-errors');
  const { baseline, alertAt, window } = bundle;
  const npe = logsWhere(bundle, { service: 'inventory-service', text: 'NullPointerException' });

  it('alerts on web-store errors, which log many 503s from inventory-service', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('web-store');
    const relayed = logsWhere(bundle, { service: 'web-store', text: 'call to inventory-service failed: 503' });
    expect(relayed.length).toBeGreaterThan(npe.length);
    expect(relayed[0].t).toBeGreaterThan(baseline.end);
    // web-store was already writing ERROR lines before the fault: loud is not new.
    expect(logsWhere(bundle, { service: 'web-store', levels: ['ERROR'], until: baseline.end }).length).toBeGreaterThan(3);
  });

  it('shows a new exception in inventory-service, correlated with its error spans', () => {
    expect(npe.length).toBeGreaterThan(20);
    expect(npe[0].t).toBeGreaterThan(baseline.end);
    const errorSpans = new Set(bundle.spans.filter((s) => s.service === 'inventory-service' && s.error === true).map((s) => s.spanId));
    const correlated = npe.filter((l) => l.spanId !== null);
    expect(correlated.length).toBeGreaterThan(5);
    expect(correlated.every((l) => errorSpans.has(l.spanId!))).toBe(true);
  });

  it('fails inventory-service spans from the fault on, and its error rate moves first', () => {
    const share = (from: number, until: number) => {
      const spans = bundle.spans.filter((s) => s.service === 'inventory-service' && s.operation.startsWith('GET') && s.t >= from && s.t < until);
      return spans.filter((s) => s.error === true).length / spans.length;
    };
    expect(share(baseline.start, baseline.end)).toBe(0);
    expect(share(alertAt, window.end)).toBeGreaterThan(0.2);
    const inventory = changeStart(seriesOf(bundle, { service: 'inventory-service', metric: 'error_rate_percent' }), baseline);
    const store = changeStart(seriesOf(bundle, { service: 'web-store', metric: 'error_rate_percent' }), baseline);
    expect(inventory).toBeLessThanOrEqual(store!);
    expect(answer.rootCause).toMatchObject({ service: 'inventory-service', faultType: 'exception' });
    expect(answer.notTheCause).toContain('web-store');
  });
});
