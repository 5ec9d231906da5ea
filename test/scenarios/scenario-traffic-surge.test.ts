import { changeStart, loadScenario, meanBetween, seriesOf } from './bundle-fixture';

describe('traffic-surge scenario', () => {
  const { bundle, answer } = loadScenario('traffic-surge');
  const { baseline, alertAt, window } = bundle;
  const ratio = (service: string, metric: string) => {
    const series = seriesOf(bundle, { service, metric });
    return meanBetween(series, alertAt, window.end) / meanBetween(series, baseline.start, baseline.end);
  };

  it('alerts on api-gateway latency', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('api-gateway');
    expect(changeStart(seriesOf(bundle, { service: 'api-gateway', metric: 'latency_p90_seconds' }), baseline)).toBeLessThan(alertAt);
  });

  it('triples requests on api-gateway and catalog-service', () => {
    for (const service of ['api-gateway', 'catalog-service']) {
      expect(ratio(service, 'requests_per_second')).toBeGreaterThan(2.6);
      expect(ratio(service, 'requests_per_second')).toBeLessThan(3.4);
    }
    expect(changeStart(seriesOf(bundle, { service: 'user-service', metric: 'requests_per_second' }), baseline)).toBeUndefined();
  });

  it('saturates catalog-service CPU, not api-gateway, before the latency rises', () => {
    const catalogCpu = seriesOf(bundle, { service: 'catalog-service', metric: 'cpu_usage_percent' });
    expect(meanBetween(catalogCpu, alertAt, window.end)).toBeGreaterThan(85);
    expect(meanBetween(seriesOf(bundle, { service: 'api-gateway', metric: 'cpu_usage_percent' }), alertAt, window.end)).toBeLessThan(60);
    const latency = changeStart(seriesOf(bundle, { service: 'api-gateway', metric: 'latency_p90_seconds' }), baseline);
    expect(changeStart(catalogCpu, baseline)).toBeLessThan(latency!);
  });

  it('has no deploy and no error change', () => {
    expect(bundle.events.filter((e) => e.reason === 'deploy')).toEqual([]);
    for (const service of ['api-gateway', 'catalog-service']) {
      expect(changeStart(seriesOf(bundle, { service, metric: 'error_rate_percent' }), baseline)).toBeUndefined();
    }
    expect(answer.rootCause).toMatchObject({ service: 'catalog-service', faultType: 'overload' });
  });
});
