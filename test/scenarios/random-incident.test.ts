import { renderRandomIncident, RANDOM_SYSTEM } from '../../src/scenarios/random-system/random-incident';
import { BundleCaseSchema } from '../../src/scenarios/bundle-case-schema';

interface Span { traceId: string; spanId: string; parentSpanId: string | null; service: string; operation: string; error?: boolean; start: string }

const spansOf = (files: Record<string, string>): Span[] => (files['spans.jsonl'] ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Span);
const metricRows = (files: Record<string, string>) =>
  files['metrics.csv'].trim().split('\n').slice(1).map((line) => {
    const [timestamp, service, instance, metric, value] = line.split(',');
    return { timestamp: Number(timestamp), service, instance, metric, value: Number(value) };
  });

/** The first draw (by seed) with the given traits. */
function firstDraw(wanted: (d: ReturnType<typeof renderRandomIncident>) => boolean): ReturnType<typeof renderRandomIncident> {
  for (let seed = 1; seed <= 300; seed++) {
    const draw = renderRandomIncident(seed);
    if (wanted(draw)) return draw;
  }
  throw new Error('no draw among the first 300 seeds has these traits');
}

describe('random incidents', () => {
  const draws = Array.from({ length: 24 }, (_, i) => renderRandomIncident(i + 1));

  it('keep every request inside the window, even one that loops over delayed calls as the window ends', () => {
    // Seed 739 drew such a request, started seconds before the end, which used to fail the draw.
    expect(() => renderRandomIncident(739)).not.toThrow();
  });

  it('are deterministic per seed and differ between seeds', () => {
    expect(renderRandomIncident(3).files).toEqual(draws[2].files);
    expect(new Set(draws.map((d) => d.files['topology.json'])).size).toBeGreaterThan(20);
  });

  it('are valid bundles whose answer is one of the system\'s services, never the entry point', () => {
    for (const draw of draws) {
      const caseFile = BundleCaseSchema.parse(JSON.parse(draw.files['case.json']));
      expect(caseFile.system).toBe(RANDOM_SYSTEM);
      const topology = JSON.parse(draw.files['topology.json']) as { services: string[]; calls: Array<{ from: string; to: string }> };
      expect(topology.services).toContain(draw.answer.rootCause.service);
      expect(caseFile.alert.labels.service).not.toBe(draw.answer.rootCause.service);
      // The bundle never names the answer outside the telemetry itself.
      expect(draw.files['case.json']).not.toContain(draw.answer.rootCause.faultType);
    }
  });

  it('cover every fault type, trace coverage and span naming', () => {
    const many = [...draws.map((d) => d.traits), ...Array.from({ length: 16 }, (_, i) => renderRandomIncident(i + 25).traits)];
    for (const key of ['faultType', 'coverage'] as const) expect(new Set(many.map((t) => t[key])).size).toBe(4);
    expect(new Set(many.map((t) => t.naming)).size).toBe(5);
    expect(many.some((t) => t.earlyFault)).toBe(true);
  });

  it('raise the alert the fault moved: latency for delay and CPU, success rate for code faults', () => {
    for (const draw of draws) {
      const caseFile = BundleCaseSchema.parse(JSON.parse(draw.files['case.json']));
      const latency = ['network-delay', 'cpu'].includes(draw.traits.faultType);
      expect(caseFile.alert.title).toMatch(latency ? /latency/ : /SuccessRateLow/);
    }
  });

  it('derive the request metrics from the requests: the entry point\'s success rate drops only with the code fault', () => {
    // Background failures of a flaky service keep the usual rate a little below 100 %: left out here.
    const codeFaults = draws.filter((d) => (d.traits.faultType === 'exception' || d.traits.faultType === 'wrong-return') && !d.traits.flaky);
    expect(codeFaults.length).toBeGreaterThan(2);
    for (const draw of codeFaults) {
      const caseFile = BundleCaseSchema.parse(JSON.parse(draw.files['case.json']));
      const entry = caseFile.alert.labels.service;
      const normalUntil = Date.parse(caseFile.baseline?.end ?? caseFile.window.start);
      const firedAt = Date.parse(caseFile.alert.firedAt);
      const success = metricRows(draw.files).filter((r) => r.service === entry && r.metric === 'success_rate_percent');
      expect(Math.min(...success.filter((r) => r.timestamp * 1000 <= normalUntil).map((r) => r.value))).toBe(100);
      expect(Math.min(...success.filter((r) => r.timestamp * 1000 > firedAt - 120_000 && r.timestamp * 1000 <= firedAt).map((r) => r.value))).toBeLessThan(100);
    }
  });

  it('record a wrong answer as a successful call that its caller fails on', () => {
    const draw = firstDraw((d) => d.traits.faultType === 'wrong-return' && d.traits.spanStatus);
    const spans = spansOf(draw.files);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const target = draw.answer.rootCause.service;
    // The target's server spans and the client spans calling it stay successful.
    const served = spans.filter((s) => s.service === target && s.parentSpanId !== null && byId.get(s.parentSpanId)?.service !== target);
    expect(served.length).toBeGreaterThan(0);
    expect(served.some((s) => s.error)).toBe(false);
    expect(served.some((s) => byId.get(s.parentSpanId as string)?.error)).toBe(false);
    expect(spans.some((s) => s.error)).toBe(true);
  });

  it('export what a cluster exports for every pod, moving together: a CPU hog lifts its node for the neighbours too', () => {
    const draw = firstDraw((d) => d.traits.faultType === 'cpu' && !d.traits.earlyFault);
    const rows = metricRows(draw.files);
    const pods = new Set(rows.filter((r) => r.metric === 'cpu_usage_rate_percent').map((r) => r.instance));
    for (const metric of ['cpu_usage_millicores', 'memory_usage_rate_percent', 'network_receive_bytes_per_second', 'syscall_read_count', 'node_cpu_usage_rate_percent', 'server_latency_p99_seconds']) {
      const exported = new Set(rows.filter((r) => r.metric === metric).map((r) => r.instance));
      expect([metric, [...pods].filter((pod) => !exported.has(pod) && metric !== 'server_latency_p99_seconds')]).toEqual([metric, []]);
    }
    for (const r of rows.filter((x) => x.metric === 'memory_usage_rate_percent')) expect(r.value).toBeLessThan(70);
    // The hog's node: the node CPU its pods report rises after the fault, as the hog's own CPU does.
    const hogPod = /pins (\S+)'s CPU/.exec(draw.answer.rootCause.indicator)?.[1] as string;
    const faultAt = Date.parse(JSON.parse(draw.files['case.json']).alert.firedAt) / 1000 - 180;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const nodeCpu = (pod: string, after: boolean) => mean(rows.filter((r) => r.instance === pod && r.metric === 'node_cpu_usage_rate_percent' && (after ? r.timestamp > faultAt + 60 : r.timestamp < faultAt - 300)).map((r) => r.value));
    expect(nodeCpu(hogPod, true)).toBeGreaterThan(nodeCpu(hogPod, false) + 3);
    const sameNode = (pod: string) => rows.filter((r) => r.instance === pod && r.metric === 'node_cpu_usage_rate_percent');
    const neighbours = [...pods].filter((pod) => pod !== hogPod && Math.abs(sameNode(pod)[5].value - sameNode(hogPod)[5].value) < 3 && Math.abs(nodeCpu(pod, true) - nodeCpu(hogPod, true)) < 3);
    for (const pod of neighbours) expect(nodeCpu(pod, true)).toBeGreaterThan(nodeCpu(pod, false) + 3);
  });

  it('call some services once per item in some systems, a varying number of times per request', () => {
    const looping = firstDraw((d) => d.traits.loops && d.traits.coverage === 'full');
    const spans = spansOf(looping.files);
    const perParent = new Map<string, number>();
    for (const span of spans) if (span.parentSpanId) perParent.set(`${span.parentSpanId} ${span.operation}`, (perParent.get(`${span.parentSpanId} ${span.operation}`) ?? 0) + 1);
    const repeats = [...perParent.values()];
    expect(Math.max(...repeats)).toBeGreaterThan(1);
    expect(new Set(repeats).size).toBeGreaterThan(1);
    const once = firstDraw((d) => !d.traits.loops && d.traits.coverage === 'full' && d.traits.naming !== 'http');
    const calls = new Map<string, number>();
    for (const span of spansOf(once.files)) if (span.parentSpanId) calls.set(`${span.parentSpanId} ${span.operation}`, (calls.get(`${span.parentSpanId} ${span.operation}`) ?? 0) + 1);
    // Without loops a handler calls each method once (a client operation is named per method).
    expect([...calls.values()].filter((n) => n > 1)).toEqual([]);
  });

  it('name spans per service in a system of mixed languages: a call\'s two sides can follow two tracers', () => {
    const draw = firstDraw((d) => d.traits.naming === 'mixed' && d.traits.coverage === 'full');
    const spans = spansOf(draw.files);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const style = (name: string) => (name.startsWith('Recv.') || name.startsWith('Sent.') ? 'opencensus' : name.startsWith('grpc.') ? 'prefixed' : name.startsWith('/') ? 'slash' : 'plain');
    const servers = spans.filter((s) => s.parentSpanId && byId.get(s.parentSpanId)?.service !== s.service && byId.get(s.parentSpanId)?.service !== undefined);
    expect(new Set(servers.map((s) => style(s.operation))).size).toBeGreaterThan(1);
    expect(servers.some((s) => style(s.operation) !== style(byId.get(s.parentSpanId as string)!.operation))).toBe(true);
  });

  it('add the field\'s background: load that drifts or steps, traced health probes, a flaky service failing now and then', () => {
    const many = [...draws, ...Array.from({ length: 16 }, (_, i) => renderRandomIncident(i + 25))];
    for (const trait of ['loadChange', 'probed', 'flaky'] as const) expect(new Set(many.map((d) => d.traits[trait])).size).toBe(2);
    const probed = many.find((d) => d.traits.probed && d.traits.coverage === 'full') as (typeof many)[number];
    const probes = spansOf(probed.files).filter((s) => s.operation === 'grpc.health.v1.Health/Check');
    expect(probes.length).toBeGreaterThan(100);
    expect(probes.every((s) => s.parentSpanId === null)).toBe(true);
    // Failures before the fault: the flaky service's, seen at the entry point as a success rate below 100 %.
    const flaky = many.find((d) => d.traits.flaky && d.traits.spanStatus && d.traits.coverage === 'full') as (typeof many)[number];
    const caseFile = BundleCaseSchema.parse(JSON.parse(flaky.files['case.json']));
    const normalUntil = Date.parse(caseFile.baseline?.end ?? caseFile.window.start) / 1000;
    const early = spansOf(flaky.files).filter((s) => Date.parse(s.start) / 1000 < normalUntil);
    expect(early.some((s) => s.error)).toBe(true);
  });
});
