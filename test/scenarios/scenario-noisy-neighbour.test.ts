import { changeStart, loadScenario, mean, meanBetween, seriesOf } from './bundle-fixture';

describe('noisy-neighbour scenario', () => {
  const { bundle, answer } = loadScenario('noisy-neighbour');
  const { baseline, alertAt, window } = bundle;
  const placement = bundle.topology.placement!;
  const instancesOf = (service: string) => [...new Set(bundle.metrics.filter((m) => m.service === service).map((m) => m.instance))];
  const job = instancesOf('batch-reindexer')[0];
  const busyNode = placement[job];
  const [victim, sibling] = [...instancesOf('search-api')].sort((a, b) => Number(placement[b] === busyNode) - Number(placement[a] === busyNode));

  it('places one search-api pod on the batch job node and one elsewhere', () => {
    expect(bundle.caseFile.alert.labels.service).toBe('search-api');
    expect(placement[victim]).toBe(busyNode);
    expect(placement[sibling]).not.toBe(busyNode);
    for (const instance of new Set(bundle.metrics.map((m) => m.instance))) expect(placement[instance]).toBeDefined();
  });

  it('saturates the shared node and throttles only the co-located search-api pod', () => {
    const node = seriesOf(bundle, { service: 'search-api', metric: 'node_cpu_usage_percent', instance: victim });
    expect(meanBetween(node, alertAt, window.end)).toBeGreaterThan(90);
    const otherNode = seriesOf(bundle, { service: 'search-api', metric: 'node_cpu_usage_percent', instance: sibling });
    expect(changeStart(otherNode, baseline)).toBeUndefined();
    expect(changeStart(seriesOf(bundle, { service: 'search-api', metric: 'cpu_throttled_percent', instance: victim }), baseline)).toBeDefined();
    expect(changeStart(seriesOf(bundle, { service: 'search-api', metric: 'cpu_throttled_percent', instance: sibling }), baseline)).toBeUndefined();
    expect(changeStart(seriesOf(bundle, { service: 'search-api', metric: 'latency_p90_seconds', instance: sibling }), baseline)).toBeUndefined();
  });

  it('starts the batch job CPU before the search latency rises', () => {
    const jobCpu = seriesOf(bundle, { service: 'batch-reindexer', metric: 'cpu_usage_percent' });
    expect(meanBetween(jobCpu, alertAt, window.end)).toBeGreaterThan(400);
    const jobStart = jobCpu[0].t;
    const latencyStart = changeStart(seriesOf(bundle, { service: 'search-api', metric: 'latency_p90_seconds', instance: victim }), baseline);
    expect(jobStart).toBeLessThan(latencyStart!);
  });

  it('keeps elasticsearch server spans fast while search-api self time grows', () => {
    const durations = (service: string, operation: string, from: number, until: number) =>
      mean(bundle.spans.filter((s) => s.service === service && s.operation === operation && s.t >= from && s.t < until).map((s) => s.durationMs));
    const es = (from: number, until: number) => durations('elasticsearch', 'POST /products/_search', from, until);
    expect(es(alertAt, window.end) / es(baseline.start, baseline.end)).toBeLessThan(1.4);
    const search = (from: number, until: number) => durations('search-api', 'GET /api/search', from, until);
    expect(search(alertAt, window.end)).toBeGreaterThan(3 * search(baseline.start, baseline.end));
    expect(answer.rootCause).toMatchObject({ service: 'batch-reindexer', faultType: 'cpu' });
    expect(answer.notTheCause).toContain('elasticsearch');
  });
});
