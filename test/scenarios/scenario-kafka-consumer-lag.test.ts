import { changeStart, loadScenario, logsWhere, mean, meanBetween, seriesOf } from './bundle-fixture';

describe('kafka-consumer-lag scenario', () => {
  const { bundle, answer } = loadScenario('kafka-consumer-lag');
  const { baseline, alertAt, window } = bundle;
  const lagStart = changeStart(seriesOf(bundle, { service: 'orders-consumer', metric: 'kafka_consumer_lag_messages' }), baseline);
  const commitStart = changeStart(seriesOf(bundle, { service: 'kafka-broker', metric: 'kafka_commit_latency_seconds' }), baseline);
  const diskStart = changeStart(seriesOf(bundle, { service: 'kafka-broker', metric: 'disk_io_utilization_percent' }), baseline);

  it('alerts on orders-consumer lag, quoting a lag taken from the telemetry', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('orders-consumer');
    const quoted = Number(/is (\d+) messages behind/.exec(bundle.caseFile.alert.text)?.[1]);
    expect(quoted).toBeGreaterThan(5000);
    expect(lagStart).toBeDefined();
    expect(lagStart!).toBeLessThan(alertAt);
  });

  it('raises broker disk I/O, then commit latency 40-60 s before the lag grows', () => {
    expect(diskStart).toBeDefined();
    expect(commitStart).toBeDefined();
    expect(diskStart!).toBeLessThanOrEqual(commitStart!);
    expect(lagStart! - commitStart!).toBeGreaterThanOrEqual(30);
    expect(lagStart! - commitStart!).toBeLessThanOrEqual(70);
  });

  it('drops consumer throughput while consumer CPU stays normal', () => {
    const consumed = seriesOf(bundle, { service: 'orders-consumer', metric: 'messages_consumed_per_second' });
    expect(meanBetween(consumed, alertAt, window.end)).toBeLessThan(0.5 * meanBetween(consumed, baseline.start, baseline.end));
    expect(changeStart(seriesOf(bundle, { service: 'orders-consumer', metric: 'cpu_usage_percent' }), baseline)).toBeUndefined();
  });

  it('slows OffsetCommit spans on the broker', () => {
    const commits = (from: number, until: number) =>
      mean(bundle.spans.filter((s) => s.service === 'kafka-broker' && s.operation === 'OffsetCommit' && s.t >= from && s.t < until).map((s) => s.durationMs));
    expect(commits(alertAt - 60, window.end)).toBeGreaterThan(20 * commits(baseline.start, baseline.end));
  });

  it('makes checkout-api loud but keeps its produce rate flat', () => {
    const produced = seriesOf(bundle, { service: 'checkout-api', metric: 'messages_produced_per_second' });
    expect(changeStart(produced, baseline)).toBeUndefined();
    const ratio = meanBetween(produced, alertAt, window.end) / meanBetween(produced, baseline.start, baseline.end);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);

    const perMinute = (from: number, until: number) =>
      logsWhere(bundle, { service: 'checkout-api', levels: ['ERROR', 'CRITICAL'], from, until }).length / ((until - from) / 60);
    expect(perMinute(baseline.start, baseline.end)).toBeGreaterThan(0);
    expect(perMinute(alertAt, window.end)).toBeGreaterThan(5 * perMinute(baseline.start, baseline.end));
    const critical = logsWhere(bundle, { service: 'checkout-api', levels: ['CRITICAL'] });
    expect(critical[0].message).toContain('CRITICAL payment provider timeout');
    expect(Math.abs(critical[0].t - lagStart!)).toBeLessThan(60);
    expect(answer.notTheCause).toEqual(['checkout-api']);
  });

  it('names the broker disk as the root cause behind commit latency', () => {
    expect(answer.rootCause).toMatchObject({ service: 'kafka-broker', faultType: 'disk' });
    expect(answer.chain.map((c) => c.kind)).toEqual(['consumer-lag', 'broker-commit-latency', 'disk-saturation']);
  });
});
