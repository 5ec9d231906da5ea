import { loadScenario, meanBetween, seriesOf } from './bundle-fixture';

describe('oom-crashloop-large-payloads scenario', () => {
  const { bundle, answer } = loadScenario('oom-crashloop-large-payloads');
  const { baseline, alertAt, window } = bundle;
  const pod = bundle.caseFile.alert.labels.pod;
  const resizers = [...new Set(bundle.metrics.filter((m) => m.service === 'image-resizer').map((m) => m.instance))];

  it('alerts on a crash-looping image-resizer pod', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('image-resizer');
    expect(bundle.caseFile.alert.text).toContain('CrashLoopBackOff');
    expect(resizers).toContain(pod);
    expect(resizers.length).toBeGreaterThanOrEqual(3);
  });

  it('records oom-killed, back-off and restart events for that one pod, in order', () => {
    const events = bundle.events.filter((e) => e.service === 'image-resizer');
    expect(new Set(events.map((e) => e.instance))).toEqual(new Set([pod]));
    const reasons = events.map((e) => e.reason);
    expect(reasons.filter((r) => r === 'oom-killed').length).toBeGreaterThanOrEqual(3);
    expect(reasons.slice(0, 6)).toEqual(['oom-killed', 'back-off', 'restart', 'oom-killed', 'back-off', 'restart']);
    expect(events[0].t).toBeLessThan(alertAt);
  });

  it('climbs memory to the limit and drops it on every restart, on that pod only', () => {
    const memory = seriesOf(bundle, { service: 'image-resizer', metric: 'memory_usage_bytes', instance: pod });
    const limit = seriesOf(bundle, { service: 'image-resizer', metric: 'memory_limit_bytes', instance: pod })[0].v;
    let saw = 0;
    for (let i = 1; i < memory.length; i += 1) {
      if (memory[i - 1].v >= 0.97 * limit && memory[i].v < 0.5 * limit) saw += 1;
    }
    expect(saw).toBeGreaterThanOrEqual(3);
    expect(memory.every((p) => p.v <= limit)).toBe(true);
    for (const other of resizers.filter((p) => p !== pod)) {
      expect(Math.max(...seriesOf(bundle, { service: 'image-resizer', metric: 'memory_usage_bytes', instance: other }).map((p) => p.v))).toBeLessThan(0.6 * limit);
    }
  });

  it('shows ~50x larger payloads on that pod while the others stay normal', () => {
    const ratio = (instance: string) => {
      const sizes = seriesOf(bundle, { service: 'image-resizer', metric: 'request_size_bytes_p99', instance });
      return meanBetween(sizes, alertAt - 120, window.end) / meanBetween(sizes, baseline.start, baseline.end);
    };
    expect(ratio(pod)).toBeGreaterThan(30);
    for (const other of resizers.filter((p) => p !== pod)) expect(ratio(other)).toBeLessThan(1.5);
  });

  it('has no samples from the pod while it is down', () => {
    const kills = bundle.events.filter((e) => e.reason === 'oom-killed').map((e) => e.t);
    const restarts = bundle.events.filter((e) => e.reason === 'restart').map((e) => e.t);
    const samples = bundle.metrics.filter((m) => m.instance === pod).map((m) => m.t);
    restarts.forEach((restart, i) => expect(samples.some((t) => t >= kills[i] && t < restart)).toBe(false));
  });

  it('chains crash-loop to memory exhaustion to large payloads', () => {
    expect(answer.rootCause).toMatchObject({ service: 'image-resizer', faultType: 'memory' });
    expect(answer.chain.map((c) => c.kind)).toEqual(['crash-loop', 'memory-exhaustion', 'large-payloads']);
  });
});
