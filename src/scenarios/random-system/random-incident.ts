import { alertmanagerAlert, grafanaAlert } from '../alert-formats';
import type { BundleCase } from '../bundle-case-schema';
import { BundleWriter } from '../bundle-writer';
import { emitLogs } from '../log-lines';
import { addMetricSeries, ramp } from '../metric-series';
import { createTimeline, isoSeconds, type ScenarioTimeline } from '../scenario-timeline';
import { SeededRandom, seedFromString } from '../seeded-random';
import type { SimulationContext } from '../simulation-context';
import { generateTraces, type CallFault } from '../trace-generator';
import { addExporterMetrics } from './exporter-metrics';
import { drawSystem, flowRoot, packageOf, type FaultOf, type RandomSystem } from './random-topology';
import { podLoad, requestMetrics } from './span-metrics';

/** The `system` of the generated bundles. */
export const RANDOM_SYSTEM = 'random-grpc';

export type RandomFaultType = 'network-delay' | 'exception' | 'wrong-return' | 'cpu';
/** Which part of the window holds traces: the others were not collected (a collector outage, sampling off). */
export type TraceCoverage = 'full' | 'partial' | 'incident-only' | 'reference-only';

export interface RandomIncident {
  files: Record<string, string>;
  answer: { id: string; rootCause: { service: string; faultType: RandomFaultType; indicator: string } };
  /** What this draw is made of, for reading a score by kind of incident. */
  traits: { faultType: RandomFaultType; coverage: TraceCoverage; naming: RandomSystem['naming']; services: number; earlyFault: boolean; spanStatus: boolean; loops: boolean; loadChange: boolean; probed: boolean; flaky: boolean };
}

const FAULT_TYPES: readonly RandomFaultType[] = ['network-delay', 'exception', 'wrong-return', 'cpu'];
/** Draws whose fault the entry point's alert would not notice are drawn again (no alert, no incident). */
const ATTEMPTS = 20;

/**
 * One incident in a system drawn at random (see {@link drawSystem}): a fault of one of four kinds
 * struck one service at random, telemetry as such systems export it (request metrics per pod
 * computed from the requests, CPU and memory per pod, traces for all or part of the window, with
 * or without span status, no logs but the entry point's access log), and the alert the entry
 * point's latency or success-rate rule raised. Deterministic per `seed`. The answer names the
 * service struck and the fault type; nothing in the bundle names either.
 */
export function renderRandomIncident(seed: number): RandomIncident {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const drawn = drawIncident(seed, new SeededRandom(seedFromString(`random-incident#${seed}#${attempt}`)));
    if (drawn) return drawn;
  }
  throw new Error(`random incident ${seed}: no draw in ${ATTEMPTS} attempts raised an alert`);
}

function drawIncident(seed: number, random: SeededRandom): RandomIncident | undefined {
  const id = `rnd-${String(seed).padStart(4, '0')}`;
  const system = drawSystem(random.fork('system'));
  const pkg = packageOf(random);
  const faultType = random.pick(FAULT_TYPES);
  const target = pickTarget(random, system, faultType);
  if (!target) return undefined;
  const earlyFault = faultType === 'cpu' && random.chance(0.35);
  const faultOffset = earlyFault ? random.int(90, 200) : random.int(900, 1300);
  const timeline = createTimeline(`2025-0${random.int(1, 9)}-1${random.int(0, 9)}T0${random.int(0, 9)}:${random.int(10, 59)}:00Z`, {
    faultOffsetSeconds: faultOffset,
    alertDelaySeconds: random.int(60, 180),
    baselineSeconds: earlyFault ? faultOffset - 30 : 600,
    stepSeconds: random.pick([15, 30, 60]),
  });
  const writer = new BundleWriter(timeline);
  const ctx: SimulationContext = { random: random.fork('telemetry'), timeline, writer };
  const fault = faultOf(random.fork('fault'), system, faultType, target, timeline.faultAt);

  const load = drawLoad(random.fork('load'), timeline);
  // Requests start until half a minute before the window ends: one that loops over slow calls can take seconds.
  for (const flow of system.flows) generateTraces(ctx, { label: flow.label, root: flowRoot(system, pkg, flow, fault.of), everySeconds: flow.everySeconds, load: load.at, until: timeline.end - 30 });
  for (const row of requestMetrics(writer.spans, { start: timeline.start, end: timeline.end, stepSeconds: timeline.stepSeconds, entry: system.entry, random: random.fork('jitter') })) writer.addMetric(row);
  addResourceMetrics(ctx, system, fault.hogPod);
  addExporterMetrics(ctx, system);
  const probed = random.fork('probes').chance(0.4);
  if (probed) addHealthChecks(ctx, system);

  const alert = raiseAlert(writer, timeline, system.entry, faultType === 'cpu' || faultType === 'network-delay' ? 'latency' : 'success');
  if (!alert) return undefined;
  const coverage = random.weighted<{ value: TraceCoverage; weight: number }>([
    { value: 'full', weight: 45 },
    { value: 'partial', weight: 30 },
    { value: 'incident-only', weight: 15 },
    { value: 'reference-only', weight: 10 },
  ]).value;
  keepTraces(writer, timeline, coverage, random.fork('coverage'));
  const spanStatus = random.chance(0.3);
  if (!spanStatus) for (const span of writer.spans) delete span.error;
  emitLogs(ctx, {
    label: 'access', service: system.entry, instances: system.pods[system.entry], format: 'plain', everySeconds: 10,
    templates: [{ level: 'INFO', logger: `${system.entry}.http`, message: (r) => `GET / 200 ${r.int(20, 90)}ms` }],
  });

  writer.setTopology({ services: system.services, calls: system.calls });
  const caseFile: BundleCase = {
    id,
    system: RANDOM_SYSTEM,
    alert,
    window: { start: isoSeconds(timeline.start), end: isoSeconds(timeline.end) },
    baseline: { start: isoSeconds(timeline.baseline.start), end: isoSeconds(timeline.baseline.end) },
  };
  return {
    files: writer.render(caseFile),
    answer: { id, rootCause: { service: target, faultType, indicator: fault.indicator } },
    traits: { faultType, coverage, naming: system.naming, services: system.services.length, earlyFault, spanStatus, loops: system.loops, loadChange: load.changes, probed, flaky: Object.keys(system.flaky).length > 0 },
  };
}

/**
 * How busy the system is over the window: users come and go (a slow swell of up to ±30 %), and in
 * some draws the load steps up or down at a moment unrelated to the fault (a campaign, a batch of
 * users leaving, a load test), which moves every service's traffic at once.
 */
function drawLoad(random: SeededRandom, timeline: ScenarioTimeline): { at: (t: number) => number; changes: boolean } {
  const amplitude = random.between(0.05, 0.3);
  const period = random.between(600, 2400);
  const phase = random.between(0, 2 * Math.PI);
  const step = random.chance(0.3) ? { at: random.between(timeline.start + 300, timeline.end - 300), factor: random.pick([random.between(0.6, 0.8), random.between(1.25, 1.6)]) } : undefined;
  return {
    at: (t) => (1 + amplitude * Math.sin((2 * Math.PI * (t - timeline.start)) / period + phase)) * (step && t >= step.at ? step.factor : 1),
    changes: step !== undefined,
  };
}

/**
 * The kubelet's gRPC health probes, traced by the services' own tracers: a root span per pod
 * every ten seconds. They bypass the mesh's sidecar, so the request metrics do not count them.
 */
function addHealthChecks(ctx: SimulationContext, system: RandomSystem): void {
  for (const service of system.services) {
    const pods = system.pods[service];
    generateTraces(ctx, { label: `probe:${service}`, everySeconds: 10 / pods.length, root: { service, operation: 'grpc.health.v1.Health/Check', instances: pods, selfMs: 0.3 } });
  }
}

/** A service the fault can strike so that the entry point notices: any but the entry point; for a wrong answer, one whose caller acts on it. */
function pickTarget(random: SeededRandom, system: RandomSystem, faultType: RandomFaultType): string | undefined {
  const candidates = system.services.filter((s) => s !== system.entry);
  if (faultType !== 'wrong-return') return random.pick(candidates);
  // A wrong answer shows only where its caller stops because of it: a call that is not the
  // caller's last, in a handler that returns on a failed call.
  const actedOn = new Set<string>();
  const callers = [...system.flows.map((f) => ({ calls: f.calls, stopsAfterFailedCall: true })), ...Object.values(system.methods).flat()];
  for (const caller of callers) {
    if (!caller.stopsAfterFailedCall) continue;
    caller.calls.slice(0, -1).forEach((m) => actedOn.add(m.service));
  }
  const eligible = candidates.filter((s) => actedOn.has(s));
  return eligible.length > 0 ? random.pick(eligible) : undefined;
}

function faultOf(random: SeededRandom, system: RandomSystem, faultType: RandomFaultType, target: string, faultAt: number): { of: (service: string) => FaultOf | undefined; hogPod?: { pod: string; at: number }; indicator: string } {
  const pods = system.pods[target];
  const after = (fn: FaultOf): FaultOf => (call) => (call.t >= faultAt ? fn(call) : undefined);
  switch (faultType) {
    case 'network-delay': {
      // The pod's network is slow: calls into it wait on the wire, and, when the delay is on its
      // egress too, so do the calls it makes.
      const delayMs = random.between(80, 400);
      const egress = random.chance(0.5);
      const delayed: FaultOf = after(({ instance, callerInstance, random: r }) => (pods.includes(instance) || (egress && pods.includes(callerInstance)) ? { networkDelayMs: delayMs * r.between(0.8, 1.2) } : undefined));
      return { of: () => delayed, indicator: `calls into ${target} wait ~${Math.round(delayMs)} ms more on the wire${egress ? ', and so do the calls it makes' : ''}` };
    }
    case 'exception': {
      const share = random.between(0.4, 0.95);
      const throwing: FaultOf = after(({ random: r }) => (r.chance(share) ? { throws: true } : undefined));
      return { of: (service) => (service === target ? throwing : undefined), indicator: `${target}'s handlers throw as they start for ${Math.round(share * 100)}% of calls` };
    }
    case 'wrong-return': {
      const share = random.between(0.4, 0.9);
      const wrong: FaultOf = after(({ random: r }) => (r.chance(share) ? { wrongAnswer: true } : undefined));
      return { of: (service) => (service === target ? wrong : undefined), indicator: `${target} answers ${Math.round(share * 100)}% of calls with a value its callers reject` };
    }
    case 'cpu': {
      // A CPU hog in one of the target's pods: its CPU pins, and its requests take longer.
      const pod = random.pick(pods);
      const extraMs = random.between(20, 150);
      const slowed: FaultOf = after(({ instance, random: r }): CallFault | undefined => (instance === pod ? { extraSelfMs: extraMs * r.between(0.6, 1.4) } : undefined));
      return { of: (service) => (service === target ? slowed : undefined), hogPod: { pod, at: faultAt }, indicator: `a CPU hog pins ${pod}'s CPU; its requests take ~${Math.round(extraMs)} ms longer` };
    }
  }
}

/** CPU that follows each pod's load (pinned by a hog when there is one), memory, and the usual unrelated drifts. */
function addResourceMetrics(ctx: SimulationContext, system: RandomSystem, hog: { pod: string; at: number } | undefined): void {
  const { timeline, writer } = ctx;
  const random = ctx.random.fork('resources');
  const load = podLoad(writer.metrics);
  const drifting = random.pick(system.services);
  const wobbling = random.pick(system.services);
  for (const service of system.services) {
    for (const pod of system.pods[service]) {
      const r = random.fork(pod);
      const idle = r.between(3, 25);
      const perRequest = r.between(0.3, 2.5);
      const series = load.get(`${service}\t${pod}`) ?? new Map<number, number>();
      const wobble = service === wobbling ? { at: timeline.faultAt - r.int(60, 300), size: r.between(4, 9) } : undefined;
      for (let t = timeline.start + r.int(0, Math.min(4, timeline.stepSeconds - 1)); t <= timeline.end; t += timeline.stepSeconds) {
        const ops = series.get(timeline.start + (Math.floor((t - timeline.start) / timeline.stepSeconds) + 1) * timeline.stepSeconds) ?? 0;
        let value = (idle + perRequest * ops) * (1 + 0.07 * r.normal());
        if (wobble && t >= wobble.at) value += wobble.size * Math.min(1, (t - wobble.at) / 60);
        if (hog && pod === hog.pod && t >= hog.at) value = Math.max(value, r.between(93, 100) * Math.min(1, (t - hog.at + timeline.stepSeconds) / 45));
        writer.addMetric({ timestamp: t, service, instance: pod, metric: 'cpu_usage_rate_percent', value: Math.min(100, Math.max(0, value)) });
      }
    }
    addMetricSeries(ctx, {
      service, instances: system.pods[service], metric: 'memory_usage_mebibytes', base: random.between(80, 500), noise: 0.01,
      effects: service === drifting ? [ramp(timeline.start, timeline.end - timeline.start, { factor: random.between(1.04, 1.12) })] : [],
    });
  }
}

/**
 * The entry point's alert, when its rule would fire: p90 latency at least 1.3× its usual level,
 * or a success rate at least 1.5 points below it. Undefined when the fault did not move it.
 */
function raiseAlert(writer: BundleWriter, timeline: ScenarioTimeline, entry: string, kind: 'latency' | 'success'): BundleCase['alert'] | undefined {
  const reference = { start: timeline.baseline.start, end: Math.min(timeline.baseline.end, timeline.faultAt) };
  const usualWindow = Math.max(60, reference.end - reference.start);
  if (kind === 'latency') {
    const now = writer.observe({ service: entry, metric: 'latency_p90_seconds', at: timeline.alertAt, windowSeconds: 120 });
    const usual = writer.observe({ service: entry, metric: 'latency_p90_seconds', at: reference.end, windowSeconds: usualWindow });
    if (!(now >= 1.3 * usual)) return undefined;
    return grafanaAlert({
      labels: { alertname: `${entry} latency p90`, grafana_folder: 'SLOs', service: entry, severity: 'warning' },
      values: { A: now, B: usual, C: 1 },
      description: `${entry} p90 request latency is ${now.toFixed(2)} s, ${(now / usual).toFixed(1)}x its usual ${usual.toFixed(2)} s.`,
      summary: `${entry} p90 latency is anomalous`,
      firedAt: timeline.alertAt,
      ruleUid: `${entry}-latency`,
      dashboardUid: `${entry}-slo`,
    });
  }
  const now = writer.observe({ service: entry, metric: 'success_rate_percent', at: timeline.alertAt, windowSeconds: 120 });
  const usual = writer.observe({ service: entry, metric: 'success_rate_percent', at: reference.end, windowSeconds: usualWindow });
  if (!(now <= usual - 1.5)) return undefined;
  return alertmanagerAlert({
    labels: { alertname: 'SuccessRateLow', service: entry, severity: 'critical' },
    summary: `${entry} success rate is below its objective`,
    description: `${entry} success rate over the last two minutes is ${now.toFixed(1)}% (usually ${usual.toFixed(1)}%).`,
    firedAt: timeline.alertAt,
    expr: `sum(rate(requests_total{service="${entry}",code!~"5.."}[2m])) / sum(rate(requests_total{service="${entry}"}[2m])) * 100 < 99`,
    runbook: `${entry}/success-rate`,
  });
}

/** Drops the traces the coverage did not collect (whole traces, by when they started). */
function keepTraces(writer: BundleWriter, timeline: ScenarioTimeline, coverage: TraceCoverage, random: SeededRandom): void {
  if (coverage === 'full') return;
  const baseline = (t: number) => t >= timeline.baseline.start && t < timeline.baseline.end;
  const from = timeline.faultAt - random.int(120, 420);
  const until = timeline.faultAt + random.int(60, 200);
  const kept: Record<Exclude<TraceCoverage, 'full'>, (t: number) => boolean> = {
    partial: (t) => baseline(t) || (t >= from && t < until),
    'incident-only': (t) => t >= timeline.faultAt - 300,
    'reference-only': (t) => baseline(t) && t < timeline.faultAt,
  };
  const rootAt = new Map<string, number>();
  for (const span of writer.spans) if (span.parentSpanId === null) rootAt.set(span.traceId, span.t);
  const keep = writer.spans.filter((span) => kept[coverage](rootAt.get(span.traceId) ?? span.t));
  writer.spans.splice(0, writer.spans.length, ...keep);
}
