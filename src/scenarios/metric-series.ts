import type { SimulationContext } from './simulation-context';

/**
 * A change applied to a metric's level. `weight(t)` goes 0 → 1 linearly over `rampSeconds`
 * from `at`, stays 1 until `until`, then back to 0. The level becomes `level + weight·delta` or
 * `level · (1 + weight·(factor − 1))`. `instance` restricts the effect to one instance.
 */
export interface LevelEffect {
  kind: 'level';
  at: number;
  rampSeconds: number;
  until?: number;
  delta?: number;
  factor?: number;
  instance?: string;
}

/** Escape hatch for shapes a level change cannot express (a saw-tooth, a growing backlog). */
export interface CustomEffect {
  kind: 'custom';
  apply: (t: number, level: number) => number;
  instance?: string;
}

export type MetricEffect = LevelEffect | CustomEffect;

type Change = { delta: number } | { factor: number };
type Scope = { instance?: string };

/** A sudden, lasting change at `at`. */
export function step(at: number, change: Change, scope: Scope = {}): LevelEffect {
  return { kind: 'level', at, rampSeconds: 0, ...change, ...scope };
}

/** A gradual change from `at`, complete after `seconds`, then lasting. */
export function ramp(at: number, seconds: number, change: Change, scope: Scope = {}): LevelEffect {
  return { kind: 'level', at, rampSeconds: seconds, ...change, ...scope };
}

/** A temporary change between `at` and `until`. */
export function spike(at: number, until: number, change: Change, scope: Scope = {}): LevelEffect {
  return { kind: 'level', at, rampSeconds: 0, until, ...change, ...scope };
}

export interface MetricSeriesSpec {
  service: string;
  /** One series per instance; `['']` for a service-level series. */
  instances: readonly string[];
  metric: string;
  /** Typical value of one instance. */
  base: number;
  /** Relative standard deviation of the sample noise (default 0.05). */
  noise?: number;
  /** Relative spread of the base between instances (default 0.05). */
  spread?: number;
  effects?: readonly MetricEffect[];
  min?: number;
  max?: number;
  integer?: boolean;
  /** Periods without samples (a container that is not running). */
  gaps?: ReadonlyArray<{ from: number; until: number; instance?: string }>;
}

/** Samples one metric for each instance at the timeline's step and adds the rows. */
export function addMetricSeries(ctx: SimulationContext, spec: MetricSeriesSpec): void {
  const { timeline } = ctx;
  for (const instance of spec.instances) {
    const random = ctx.random.fork(`metric:${spec.service}:${instance}:${spec.metric}`);
    const base = spec.base * (1 + (spec.spread ?? 0.05) * random.normal());
    const offset = random.int(0, Math.min(4, timeline.stepSeconds - 1));
    const effects = (spec.effects ?? []).filter((e) => e.instance === undefined || e.instance === instance);
    for (let t = timeline.start + offset; t <= timeline.end; t += timeline.stepSeconds) {
      const noise = random.normal();
      if (spec.gaps?.some((g) => (g.instance === undefined || g.instance === instance) && t >= g.from && t < g.until)) continue;
      let value = effects.reduce((level, effect) => applyEffect(effect, t, level), base);
      value *= 1 + (spec.noise ?? 0.05) * noise;
      value = Math.min(spec.max ?? Infinity, Math.max(spec.min ?? 0, value));
      ctx.writer.addMetric({
        timestamp: t,
        service: spec.service,
        instance,
        metric: spec.metric,
        value: spec.integer === true ? Math.round(value) : value,
      });
    }
  }
}

function applyEffect(effect: MetricEffect, t: number, level: number): number {
  if (effect.kind === 'custom') return effect.apply(t, level);
  if (t < effect.at || (effect.until !== undefined && t >= effect.until)) return level;
  const weight = effect.rampSeconds > 0 ? Math.min(1, (t - effect.at) / effect.rampSeconds) : 1;
  if (effect.factor !== undefined) return level * (1 + weight * (effect.factor - 1));
  return level + weight * (effect.delta ?? 0);
}

/** Baseline levels of the standard per-instance metrics of a service. */
export interface ServiceProfile {
  service: string;
  instances: readonly string[];
  cpuPercent: number;
  memoryMiB: number;
  /** The container's memory limit; samples never exceed it. */
  memoryLimitMiB?: number;
  /** Omit for services that serve no requests (a batch job, a consumer). */
  requestsPerSecond?: number;
  latencyP90Seconds?: number;
  errorRatePercent?: number;
  /** Effects by metric name (`cpu_usage_percent`, `latency_p90_seconds`, …). */
  effects?: Partial<Record<string, readonly MetricEffect[]>>;
  gaps?: MetricSeriesSpec['gaps'];
}

/**
 * Adds the usual background of a service: cpu_usage_percent, memory_usage_bytes and, when given,
 * requests_per_second, latency_p90_seconds and error_rate_percent, one series per instance.
 */
export function addServiceMetrics(ctx: SimulationContext, profile: ServiceProfile): void {
  const common = { service: profile.service, instances: profile.instances, gaps: profile.gaps };
  const effects = (metric: string): readonly MetricEffect[] => profile.effects?.[metric] ?? [];
  addMetricSeries(ctx, { ...common, metric: 'cpu_usage_percent', base: profile.cpuPercent, noise: 0.08, effects: effects('cpu_usage_percent') });
  addMetricSeries(ctx, {
    ...common, metric: 'memory_usage_bytes', base: profile.memoryMiB * 1048576, noise: 0.01, integer: true,
    max: profile.memoryLimitMiB === undefined ? undefined : profile.memoryLimitMiB * 1048576,
    effects: effects('memory_usage_bytes'),
  });
  if (profile.requestsPerSecond !== undefined) {
    addMetricSeries(ctx, { ...common, metric: 'requests_per_second', base: profile.requestsPerSecond, noise: 0.06, effects: effects('requests_per_second') });
  }
  if (profile.latencyP90Seconds !== undefined) {
    addMetricSeries(ctx, { ...common, metric: 'latency_p90_seconds', base: profile.latencyP90Seconds, noise: 0.08, effects: effects('latency_p90_seconds') });
  }
  if (profile.errorRatePercent !== undefined) {
    addMetricSeries(ctx, {
      ...common, metric: 'error_rate_percent', base: profile.errorRatePercent, noise: 0.3, spread: 0.2,
      effects: effects('error_rate_percent'), max: 100,
    });
  }
}
