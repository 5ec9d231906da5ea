import { changeStart, loadScenario, logsWhere, meanBetween, seriesOf } from './bundle-fixture';

describe('db-pool-exhaustion scenario', () => {
  const { bundle, answer } = loadScenario('db-pool-exhaustion');
  const { baseline, alertAt, window } = bundle;
  const latencyStart = changeStart(seriesOf(bundle, { service: 'orders-api', metric: 'latency_p90_seconds' }), baseline);

  it('alerts on orders-api latency', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('orders-api');
    expect(latencyStart).toBeLessThan(alertAt);
  });

  it('pins active connections at the pool max and makes threads wait', () => {
    const pods = [...new Set(bundle.metrics.filter((m) => m.service === 'orders-api').map((m) => m.instance))];
    for (const instance of pods) {
      const active = seriesOf(bundle, { service: 'orders-api', metric: 'db_pool_active_connections', instance });
      const max = seriesOf(bundle, { service: 'orders-api', metric: 'db_pool_max_connections', instance });
      const after = active.filter((p) => p.t >= latencyStart!);
      expect(after.length).toBeGreaterThan(20);
      const maxAfter = new Set(max.filter((p) => p.t >= latencyStart!).map((p) => p.v));
      expect(maxAfter.size).toBe(1);
      expect(new Set(after.map((p) => p.v))).toEqual(maxAfter);
      expect(active.filter((p) => p.t < baseline.end).every((p) => p.v < max[0].v)).toBe(true);
    }
    const wait = seriesOf(bundle, { service: 'orders-api', metric: 'db_pool_wait_seconds' });
    expect(changeStart(wait, baseline)).toBeLessThanOrEqual(latencyStart! + 15);
  });

  it('logs pool timeouts only during the fault', () => {
    const timeouts = logsWhere(bundle, { service: 'orders-api', text: 'Timeout waiting for connection from pool' });
    expect(timeouts.length).toBeGreaterThan(50);
    expect(timeouts.every((l) => l.t >= latencyStart!)).toBe(true);
  });

  it('keeps the database healthy and shows the config change first', () => {
    expect(changeStart(seriesOf(bundle, { service: 'orders-db', metric: 'latency_p90_seconds' }), baseline)).toBeUndefined();
    const cpu = seriesOf(bundle, { service: 'orders-db', metric: 'cpu_usage_percent' });
    expect(meanBetween(cpu, alertAt, window.end)).toBeLessThan(meanBetween(cpu, baseline.start, baseline.end));
    expect(logsWhere(bundle, { service: 'orders-db', levels: ['WARNING'], until: baseline.end }).length).toBeGreaterThan(0);
    const change = bundle.events.find((e) => e.reason === 'config-change');
    expect(change?.service).toBe('orders-api');
    expect(change!.t).toBeLessThanOrEqual(latencyStart!);
    expect(answer.rootCause).toMatchObject({ service: 'orders-api', faultType: 'misconfiguration' });
    expect(answer.notTheCause).toContain('orders-db');
  });
});
